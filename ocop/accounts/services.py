"""Writes to accounts: every change is atomic and audited."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop.accounts import totp
from ocop.accounts.models import Role, RoleAssignment, TOTPDevice, User
from ocop.accounts.roles import GRANTORS, NATIONAL_ONLY, needs_unit, rank
from ocop.accounts.scope import can_write_unit, scope_for
from ocop.core.audit import AuditAction, audit_record

# Roles that log into the back office (producers use the portal).
STAFF_ROLES = frozenset(Role) - {Role.PRODUCER}


@transaction.atomic
def user_create(*, username: str, password: str | None, full_name: str = "", email: str = "", actor=None) -> User:
    user = User(username=username, full_name=full_name, email=email)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    audit_record(action=AuditAction.USER_CREATE, actor=actor, target=user, after={"username": username, "full_name": full_name})
    return user


def grantable_roles(actor, unit) -> frozenset[str]:
    """The roles ACTOR may give over UNIT (None: the whole country): through a granting role
    (province or national office) that covers the unit, up to that role's rank."""
    if actor is None or actor.is_superuser:
        return frozenset(Role.values)
    granting = scope_for(actor).acting_roles_over(unit) & GRANTORS
    top = max((rank(r) for r in granting), default=0)
    return frozenset(r for r in Role.values if granting and rank(r) <= top)


def role_check_assignable(*, role: str, unit, actor, department=None) -> None:
    """Raise PermissionDenied or ValidationError if ACTOR may not give ROLE over UNIT: the actor
    needs a granting role over the unit, ranked at least as high as ROLE (issue 15, H-1)."""
    if role in NATIONAL_ONLY and unit is not None:
        raise ValidationError({"unit": _("Văn phòng OCOP trung ương quản lý toàn quốc: để trống đơn vị.")})
    if unit is None and needs_unit(role):
        raise ValidationError({"unit": _("Vai trò này phải gắn với một đơn vị hành chính.")})
    if actor is not None and not actor.is_superuser:
        if not scope_for(actor).roles & GRANTORS:
            raise PermissionDenied(_("Chỉ văn phòng OCOP trung ương hoặc tỉnh được phân quyền."))
        if not can_write_unit(actor, unit, GRANTORS):
            raise PermissionDenied(_("Đơn vị này nằm ngoài phạm vi quản lý của bạn."))
        if role not in grantable_roles(actor, unit):
            raise PermissionDenied(_("Bạn không được giao vai trò cao hơn vai trò của chính mình."))
    if unit is not None and not unit.is_current and role != Role.DISTRICT_OFFICE:
        raise ValidationError({"unit": _("Chỉ cán bộ cấp huyện (hồ sơ cũ) được gắn với đơn vị trước sắp xếp.")})
    if role == Role.DEPARTMENT_OFFICER:
        if department is None:
            raise ValidationError({"department": _("Cán bộ sở, ngành phải thuộc một sở, ngành.")})
        if department.unit_id != unit.pk:
            raise ValidationError({"department": _("Sở, ngành phải thuộc đúng tỉnh của vai trò.")})
    elif department is not None:
        raise ValidationError({"department": _("Chỉ cán bộ sở, ngành được gắn với một sở, ngành.")})


@transaction.atomic
def role_assign(*, user: User, role: str, unit, actor, note: str = "", department=None) -> RoleAssignment:
    """Give USER a ROLE over UNIT. The actor must be able to grant that role in that unit."""
    role_check_assignable(role=role, unit=unit, actor=actor, department=department)
    assignment, created = RoleAssignment.objects.get_or_create(
        user=user, role=role, unit=unit, defaults={"note": note, "is_active": True, "department": department}
    )
    if not created and (not assignment.is_active or assignment.department_id != getattr(department, "pk", None)):
        assignment.is_active, assignment.department = True, department
        assignment.save(update_fields=["is_active", "department"])
    if role in STAFF_ROLES and not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    audit_record(
        action=AuditAction.ROLE_ASSIGN,
        actor=actor,
        target=assignment,
        unit=unit,
        after={"user": user.username, "role": role, "unit": unit.code if unit else None,
               "department": department.pk if department else None},
    )
    return assignment


@transaction.atomic
def role_revoke(*, assignment: RoleAssignment, actor) -> None:
    if actor is not None and not actor.is_superuser:
        if not can_write_unit(actor, assignment.unit, GRANTORS):
            raise PermissionDenied(_("Đơn vị này nằm ngoài phạm vi quản lý của bạn."))
        if assignment.role not in grantable_roles(actor, assignment.unit):
            raise PermissionDenied(_("Bạn không được thu hồi vai trò cao hơn vai trò của chính mình."))
    assignment.is_active = False
    assignment.save(update_fields=["is_active"])
    audit_record(
        action=AuditAction.ROLE_REVOKE,
        actor=actor,
        target=assignment,
        unit=assignment.unit,
        before={"user": assignment.user.username, "role": assignment.role},
    )


# --- Second login step (TOTP) -------------------------------------------------------------------

TOTP_ISSUER = "OCOP"


def _now() -> float:
    return timezone.now().timestamp()


def totp_confirmed_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed_at__isnull=False).first()


@transaction.atomic
def totp_start(*, user: User) -> TOTPDevice:
    """A fresh secret awaiting its first code. Refused while a confirmed device exists."""
    device = TOTPDevice.objects.select_for_update().filter(user=user).first()
    if device is not None and device.is_confirmed:
        raise ValidationError(_("Xác thực hai bước đang bật; hãy tắt trước khi đăng ký thiết bị mới."))
    if device is None:
        device = TOTPDevice(user=user)
    device.secret, device.last_step = totp.new_secret(), 0
    device.save()
    return device


def _accept_code(device: TOTPDevice, code: str) -> bool:
    """Check CODE against DEVICE and burn its time step (a code works once)."""
    step = totp.matching_step(device.secret, code, _now())
    if step is None or step <= device.last_step:
        return False
    device.last_step = step
    device.save(update_fields=["last_step"])
    return True


@transaction.atomic
def totp_confirm(*, user: User, code: str) -> TOTPDevice:
    device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed_at__isnull=True).first()
    if device is None:
        raise ValidationError(_("Chưa bắt đầu đăng ký xác thực hai bước."))
    if not _accept_code(device, code):
        raise ValidationError({"code": _("Mã không đúng hoặc đã hết hạn. Kiểm tra giờ trên điện thoại và thử lại.")})
    device.confirmed_at = timezone.now()
    device.save(update_fields=["confirmed_at"])
    audit_record(action=AuditAction.AUTH_TOTP_ENABLE, actor=user, target=user)
    return device


def totp_cancel(*, user: User) -> None:
    """Drop an enrolment never confirmed (nothing was ever protected by it: not audited)."""
    TOTPDevice.objects.filter(user=user, confirmed_at__isnull=True).delete()


@transaction.atomic
def totp_disable(*, user: User, code: str) -> None:
    device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed_at__isnull=False).first()
    if device is None:
        raise ValidationError(_("Xác thực hai bước chưa được bật."))
    if not _accept_code(device, code):
        raise ValidationError({"code": _("Mã không đúng hoặc đã hết hạn.")})
    device.delete()
    audit_record(action=AuditAction.AUTH_TOTP_DISABLE, actor=user, target=user)


@transaction.atomic
def totp_reset(*, device: TOTPDevice, actor) -> None:
    """A system administrator removes the device of a user who lost it."""
    if actor is None or not actor.is_superuser:
        raise PermissionDenied(_("Chỉ quản trị hệ thống được gỡ xác thực hai bước của người khác."))
    user = device.user
    device.delete()
    audit_record(action=AuditAction.AUTH_TOTP_RESET, actor=actor, target=user)


@transaction.atomic
def totp_verify_login(*, user: User, code: str) -> bool:
    """The second login step: True when CODE is good; every attempt is audited."""
    device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed_at__isnull=False).first()
    accepted = device is not None and _accept_code(device, code)
    audit_record(action=AuditAction.AUTH_TOTP_OK if accepted else AuditAction.AUTH_TOTP_FAILED, actor=user, target=user)
    return accepted
