"""Writes to accounts: every change is atomic and audited."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ocop.accounts.models import Role, RoleAssignment, User
from ocop.accounts.scope import NATIONAL_ROLES, can_write_unit, scope_for
from ocop.core.audit import audit_record

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
    audit_record(action="user.create", actor=actor, target=user, after={"username": username, "full_name": full_name})
    return user


def role_check_assignable(*, role: str, unit, actor) -> None:
    """Raise PermissionDenied or ValidationError if ACTOR may not give ROLE over UNIT."""
    if actor is not None and not actor.is_superuser:
        if not scope_for(actor).roles & {Role.NATIONAL_OFFICE, Role.PROVINCE_OFFICE}:
            raise PermissionDenied(_("Chỉ văn phòng OCOP trung ương hoặc tỉnh được phân quyền."))
        if not can_write_unit(actor, unit):
            raise PermissionDenied(_("Đơn vị này nằm ngoài phạm vi quản lý của bạn."))
    if unit is None and role not in NATIONAL_ROLES:
        raise ValidationError({"unit": _("Vai trò này phải gắn với một đơn vị hành chính.")})
    if unit is not None and not unit.is_current and role != Role.DISTRICT_OFFICE:
        raise ValidationError({"unit": _("Chỉ cán bộ cấp huyện (hồ sơ cũ) được gắn với đơn vị trước sắp xếp.")})


@transaction.atomic
def role_assign(*, user: User, role: str, unit, actor, note: str = "") -> RoleAssignment:
    """Give USER a ROLE over UNIT. The actor must be able to write in that unit."""
    role_check_assignable(role=role, unit=unit, actor=actor)
    assignment, created = RoleAssignment.objects.get_or_create(
        user=user, role=role, unit=unit, defaults={"note": note, "is_active": True}
    )
    if not created and not assignment.is_active:
        assignment.is_active = True
        assignment.save(update_fields=["is_active"])
    if role in STAFF_ROLES and not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    audit_record(
        action="role.assign",
        actor=actor,
        target=assignment,
        unit=unit,
        after={"user": user.username, "role": role, "unit": unit.code if unit else None},
    )
    return assignment


@transaction.atomic
def role_revoke(*, assignment: RoleAssignment, actor) -> None:
    if actor is not None and not actor.is_superuser and not can_write_unit(actor, assignment.unit):
        raise PermissionDenied(_("Đơn vị này nằm ngoài phạm vi quản lý của bạn."))
    assignment.is_active = False
    assignment.save(update_fields=["is_active"])
    audit_record(
        action="role.revoke",
        actor=actor,
        target=assignment,
        unit=assignment.unit,
        before={"user": assignment.user.username, "role": assignment.role},
    )
