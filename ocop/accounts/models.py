from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ocop.accounts.crypto import EncryptedTextField


class User(AbstractUser):
    full_name = models.CharField(_("họ và tên"), max_length=150, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = pgettext_lazy("plural", "người dùng")

    def __str__(self):
        return self.full_name or self.get_full_name() or self.username


class Role(models.TextChoices):
    NATIONAL_OFFICE = "national_office", _("Văn phòng OCOP trung ương")
    PROVINCE_OFFICE = "province_office", _("Văn phòng OCOP tỉnh")
    DEPARTMENT_OFFICER = "department_officer", _("Cán bộ sở, ngành")
    DISTRICT_OFFICE = "district_office", _("Cán bộ OCOP cấp huyện (hồ sơ trước 01/07/2025)")
    COMMUNE_OFFICER = "commune_officer", _("Cán bộ OCOP cấp xã")
    COUNCIL_MEMBER = "council_member", _("Thành viên hội đồng đánh giá")
    COUNCIL_SECRETARY = "council_secretary", _("Thư ký hội đồng")
    PRODUCER = "producer", _("Chủ thể OCOP")
    AUDITOR = "auditor", _("Thanh tra, kiểm toán (chỉ xem)")


class RoleAssignment(models.Model):
    """A user holds a role over an administrative unit and everything under it.

    The national office holds no unit (the whole country); an auditor may hold none; every other
    role needs one. A department officer belongs to one department of its province."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người dùng"), on_delete=models.CASCADE, related_name="roles"
    )
    role = models.CharField(_("vai trò"), max_length=30, choices=Role.choices)
    unit = models.ForeignKey(
        "territory.AdminUnit",
        verbose_name=_("đơn vị"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Để trống nghĩa là toàn quốc."),
    )
    department = models.ForeignKey(
        "program.Department",
        verbose_name=_("sở, ngành"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="officers",
        help_text=_("Chỉ với cán bộ sở, ngành: sở, ngành của tỉnh mà cán bộ thuộc về."),
    )
    is_active = models.BooleanField(_("đang hiệu lực"), default=True)
    note = models.CharField(_("ghi chú"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("phân quyền")
        verbose_name_plural = _("phân quyền theo đơn vị")
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "unit"], name="roleassignment_unique"),
            models.CheckConstraint(
                condition=Q(role="national_office", unit__isnull=True)
                | Q(role="auditor")
                | (~Q(role__in=["national_office", "auditor"]) & Q(unit__isnull=False)),
                name="roleassignment_unit_by_role",
                violation_error_message=_(
                    "Văn phòng OCOP trung ương không gắn với đơn vị; các vai trò khác (trừ thanh tra) phải gắn "
                    "với một đơn vị hành chính."
                ),
            ),
            models.CheckConstraint(
                condition=Q(department__isnull=True) | Q(role="department_officer"),
                name="roleassignment_department_only_for_department_officer",
                violation_error_message=_("Chỉ cán bộ sở, ngành được gắn với một sở, ngành."),
            ),
        ]

    def __str__(self):
        where = self.unit.full_name if self.unit_id else _("Toàn quốc")
        return f"{self.get_role_display()} – {where}"


class TOTPDevice(models.Model):
    """The authenticator app a user enrolled for the second login step (RFC 6238).

    Unconfirmed until the user types a first valid code; only a confirmed device is asked for at
    login. last_step stops a code from being used twice."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("người dùng"), on_delete=models.CASCADE, related_name="totp_device"
    )
    secret = EncryptedTextField(_("khoá bí mật (base32, mã hoá trong CSDL)"))
    confirmed_at = models.DateTimeField(_("bật lúc"), null=True, blank=True)
    last_step = models.BigIntegerField(_("bước thời gian đã dùng gần nhất"), default=0)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("xác thực hai bước")
        verbose_name_plural = pgettext_lazy("plural", "xác thực hai bước")

    def __str__(self):
        return f"{self.user} – TOTP"

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None


class ThrottleCounter(models.Model):
    """One throttle counter or lock (ocop.accounts.throttle), shared by every worker and server."""

    key = models.CharField(max_length=200, unique=True)
    count = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("bộ đếm giới hạn truy cập")
        verbose_name_plural = pgettext_lazy("plural", "bộ đếm giới hạn truy cập")

    def __str__(self):
        return f"{self.key}: {self.count}"
