"""Training: the roster of people who should be trained, courses with sessions, participants and
attendance. Coverage = roster entries who attended a session in the period / roster entries."""

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ocop.core.models import TimeStampedModel
from ocop.lib.formatting import short_date


class TraineeCategory(models.TextChoices):
    """The two groups of the provincial plan: state OCOP officials at each level, and leaders of
    the economic organisations taking part."""

    OFFICIAL_CENTRAL = "cb_tw", _("Cán bộ quản lý nhà nước về OCOP – trung ương")
    OFFICIAL_PROVINCE = "cb_tinh", _("Cán bộ quản lý nhà nước về OCOP – tỉnh")
    OFFICIAL_DISTRICT = "cb_huyen", _("Cán bộ quản lý nhà nước về OCOP – huyện (trước 01/07/2025)")
    OFFICIAL_COMMUNE = "cb_xa", _("Cán bộ quản lý nhà nước về OCOP – xã")
    LEADER_ENTERPRISE = "ld_dn", _("Lãnh đạo doanh nghiệp")
    LEADER_COOPERATIVE = "ld_htx", _("Lãnh đạo hợp tác xã, tổ hợp tác")
    LEADER_HOUSEHOLD = "ld_ho", _("Chủ hộ sản xuất, kinh doanh")


OFFICIALS = frozenset({
    TraineeCategory.OFFICIAL_CENTRAL, TraineeCategory.OFFICIAL_PROVINCE,
    TraineeCategory.OFFICIAL_DISTRICT, TraineeCategory.OFFICIAL_COMMUNE,
})
LEADERS = frozenset({TraineeCategory.LEADER_ENTERPRISE, TraineeCategory.LEADER_COOPERATIVE})
HOUSEHOLDS = frozenset({TraineeCategory.LEADER_HOUSEHOLD})


class TrainingRosterEntry(TimeStampedModel):
    """A person who should be trained: an official in post or a producer's leader."""

    unit = models.ForeignKey("territory.AdminUnit", verbose_name=_("đơn vị"), on_delete=models.PROTECT,
                             related_name="+")
    category = models.CharField(_("đối tượng"), max_length=10, choices=TraineeCategory.choices)
    full_name = models.CharField(_("họ và tên"), max_length=150)
    position = models.CharField(_("chức vụ"), max_length=150, blank=True)
    organisation = models.CharField(_("cơ quan, tổ chức"), max_length=255, blank=True)
    producer = models.ForeignKey("registry.Producer", verbose_name=_("chủ thể"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    phone = models.CharField(_("điện thoại"), max_length=30, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    listed_on = models.DateField(_("vào danh sách từ"))
    removed_on = models.DateField(_("ra khỏi danh sách ngày"), null=True, blank=True,
                                  help_text=_("Nghỉ hưu, chuyển công tác, chủ thể ngừng tham gia."))

    class Meta:
        verbose_name = _("người cần đào tạo")
        verbose_name_plural = _("danh sách cần đào tạo")
        ordering = ["unit", "category", "full_name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(removed_on__isnull=True) | Q(removed_on__gte=F("listed_on")),
                name="rosterentry_removed_after_listed",
                violation_error_message=_("Ngày rút tên không được trước ngày ghi danh."),
            ),
        ]
        indexes = [models.Index(fields=["unit", "category"], name="roster_unit_category_idx")]

    def __str__(self):
        return f"{self.full_name} ({self.get_category_display()})"


class TrainingCourse(TimeStampedModel):
    unit = models.ForeignKey("territory.AdminUnit", verbose_name=_("đơn vị tổ chức"), on_delete=models.PROTECT,
                             related_name="+")
    plan = models.ForeignKey("program.Plan", verbose_name=_("kế hoạch"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="courses")
    title = models.CharField(_("tên khoá"), max_length=300)
    organiser = models.CharField(_("cơ quan tổ chức"), max_length=255, blank=True)
    starts_on = models.DateField(_("từ ngày"))
    ends_on = models.DateField(_("đến ngày"))
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("khoá đào tạo, tập huấn")
        verbose_name_plural = pgettext_lazy("plural", "khoá đào tạo, tập huấn")
        ordering = ["-starts_on", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="trainingcourse_ends_after_start",
                violation_error_message=_("Ngày kết thúc không được trước ngày bắt đầu.")),
        ]

    def __str__(self):
        return self.title


class TrainingSession(models.Model):
    course = models.ForeignKey(TrainingCourse, verbose_name=_("khoá"), on_delete=models.CASCADE,
                               related_name="sessions")
    date = models.DateField(_("ngày"))
    topic = models.CharField(_("chủ đề"), max_length=300)
    location = models.CharField(_("địa điểm"), max_length=255, blank=True)
    hours = models.DecimalField(_("số giờ"), max_digits=5, decimal_places=1, default=Decimal(4),
                                validators=[MinValueValidator(0)])

    class Meta:
        verbose_name = _("buổi học")
        verbose_name_plural = pgettext_lazy("plural", "buổi học")
        ordering = ["date", "id"]

    def __str__(self):
        return f"{short_date(self.date)} – {self.topic}"


class TrainingParticipant(models.Model):
    """A person enrolled in a course; linked to the roster when they are on it."""

    course = models.ForeignKey(TrainingCourse, verbose_name=_("khoá"), on_delete=models.CASCADE,
                               related_name="participants")
    roster_entry = models.ForeignKey(TrainingRosterEntry, verbose_name=_("trong danh sách cần đào tạo"), null=True,
                                     blank=True, on_delete=models.PROTECT, related_name="participations")
    full_name = models.CharField(_("họ và tên"), max_length=150)
    category = models.CharField(_("đối tượng"), max_length=10, choices=TraineeCategory.choices)
    unit = models.ForeignKey("territory.AdminUnit", verbose_name=_("đơn vị"), on_delete=models.PROTECT,
                             related_name="+")

    class Meta:
        verbose_name = _("học viên")
        verbose_name_plural = pgettext_lazy("plural", "học viên")
        ordering = ["course", "full_name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["course", "roster_entry"], condition=Q(roster_entry__isnull=False),
                                    name="participant_once_per_course",
                violation_error_message=_("Học viên này đã có trong khóa học.")),
        ]

    def __str__(self):
        return self.full_name


class TrainingAttendance(models.Model):
    session = models.ForeignKey(TrainingSession, verbose_name=_("buổi học"), on_delete=models.CASCADE,
                                related_name="attendance")
    participant = models.ForeignKey(TrainingParticipant, verbose_name=_("học viên"), on_delete=models.CASCADE,
                                    related_name="attendance")
    present = models.BooleanField(_("có mặt"), default=True)

    class Meta:
        verbose_name = _("điểm danh")
        verbose_name_plural = pgettext_lazy("plural", "điểm danh")
        ordering = ["session", "participant"]
        constraints = [models.UniqueConstraint(fields=["session", "participant"], name="attendance_unique")]

    def __str__(self):
        return f"{self.participant} – {self.session}"
