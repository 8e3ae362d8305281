"""Departments (sở, ngành) of a province and the tasks the steering committee assigns them.

A task's status changes only through ocop.program.services.tasks.task_transition (declared in
ocop.program.workflow); each move leaves a core.Transition row and an AuditEvent."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ocop.core.models import TimeStampedModel
from ocop.lib.formatting import short_date
from ocop.program.workflow import TaskStatus

PROVINCE = {"level": "province"}


class Department(TimeStampedModel):
    class Kind(models.TextChoices):
        AGRICULTURE = "nong_nghiep", _("Nông nghiệp (và Môi trường)")
        INDUSTRY_TRADE = "cong_thuong", _("Công Thương")
        PLANNING_INVESTMENT = "ke_hoach_dau_tu", _("Kế hoạch và Đầu tư (trước khi hợp nhất vào Sở Tài chính, 2025)")
        FINANCE = "tai_chinh", _("Tài chính")
        SCIENCE = "khoa_hoc", _("Khoa học và Công nghệ")
        CULTURE_TOURISM = "van_hoa", _("Văn hoá, Thể thao và Du lịch")
        HEALTH = "y_te", _("Y tế")
        MEDIA = "truyen_thong", _("Cơ quan báo chí, truyền thông")
        OTHER = "khac", _("Khác")

    unit = models.ForeignKey(
        "territory.AdminUnit", verbose_name=_("tỉnh"), on_delete=models.PROTECT, related_name="+",
        limit_choices_to=PROVINCE,
    )
    name = models.CharField(_("tên"), max_length=255)
    short_name = models.CharField(_("tên viết tắt"), max_length=50, blank=True)
    kind = models.CharField(_("lĩnh vực"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    email = models.EmailField(_("thư điện tử nhận nhắc việc"), blank=True)
    is_active = models.BooleanField(_("đang hoạt động"), default=True)

    class Meta:
        verbose_name = _("sở, ngành")
        verbose_name_plural = pgettext_lazy("plural", "sở, ngành")
        ordering = ["unit", "name"]
        constraints = [models.UniqueConstraint(fields=["unit", "name"], name="department_unique_name")]

    def __str__(self):
        return self.short_name or self.name


class DepartmentTask(TimeStampedModel):
    """A task from the steering committee's conclusions, led by one department."""

    unit = models.ForeignKey(
        "territory.AdminUnit", verbose_name=_("tỉnh"), on_delete=models.PROTECT, related_name="+",
        limit_choices_to=PROVINCE,
    )
    plan = models.ForeignKey(
        "program.Plan", verbose_name=_("kế hoạch"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="tasks",
    )
    title = models.CharField(_("nhiệm vụ"), max_length=300)
    description = models.TextField(_("nội dung"), blank=True)
    source = models.CharField(
        _("căn cứ giao"), max_length=500, blank=True,
        help_text=_("Kết luận, văn bản giao nhiệm vụ (ví dụ: kết luận hội nghị ngày 28/3/2019)."),
    )
    lead = models.ForeignKey(
        Department, verbose_name=_("cơ quan chủ trì"), on_delete=models.PROTECT, related_name="led_tasks"
    )
    supporting = models.ManyToManyField(
        Department, verbose_name=_("cơ quan phối hợp"), blank=True, related_name="supported_tasks"
    )
    targets = models.ManyToManyField(
        "program.Target", verbose_name=_("chỉ tiêu phục vụ"), blank=True, related_name="tasks"
    )
    starts_on = models.DateField(_("bắt đầu"), null=True, blank=True)
    deadline = models.DateField(_("hạn hoàn thành"))
    status = models.CharField(_("trạng thái"), max_length=12, choices=TaskStatus.choices, default=TaskStatus.ASSIGNED)
    progress = models.PositiveSmallIntegerField(_("tiến độ (%)"), default=0, validators=[MaxValueValidator(100)])
    completed_on = models.DateField(_("hoàn thành ngày"), null=True, blank=True)

    #: The task's moves (core.Transition, workflow "task"), deleted with it.
    transitions = GenericRelation("core.Transition")

    class Meta:
        verbose_name = _("nhiệm vụ của sở, ngành")
        verbose_name_plural = pgettext_lazy("plural", "nhiệm vụ của sở, ngành")
        ordering = ["deadline", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="departmenttask_progress_le_100",
                violation_error_message=_("Tiến độ không được quá 100%%.")),
        ]
        # Reminders and the dashboard look for open tasks by deadline within a province.
        indexes = [models.Index(fields=["unit", "status", "deadline"], name="task_unit_status_deadline_idx")]

    def __str__(self):
        return self.title


class TaskNote(models.Model):
    """A progress note on a task (what was done, how far along)."""

    task = models.ForeignKey(DepartmentTask, verbose_name=_("nhiệm vụ"), on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người ghi"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    author_repr = models.CharField(_("người ghi (tên)"), max_length=200, blank=True)
    at = models.DateTimeField(_("thời điểm"), auto_now_add=True)
    text = models.TextField(_("nội dung"))
    progress = models.PositiveSmallIntegerField(_("tiến độ (%)"), null=True, blank=True,
                                                validators=[MaxValueValidator(100)])

    class Meta:
        verbose_name = _("ghi nhận tiến độ")
        verbose_name_plural = pgettext_lazy("plural", "ghi nhận tiến độ")
        ordering = ["-at", "-id"]

    def __str__(self):
        return self.text[:80]


class TaskReminder(models.Model):
    """A reminder sent (or recorded) for a task on one day: at most one per task per day."""

    class Kind(models.TextChoices):
        DUE_SOON = "due_soon", _("Sắp đến hạn")
        OVERDUE = "overdue", _("Quá hạn")

    task = models.ForeignKey(DepartmentTask, verbose_name=_("nhiệm vụ"), on_delete=models.CASCADE,
                             related_name="reminders")
    sent_on = models.DateField(_("ngày nhắc"))
    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices)
    recipients = models.TextField(_("người nhận"), blank=True)
    emailed = models.BooleanField(_("đã gửi thư"), default=False)

    class Meta:
        verbose_name = _("nhắc việc")
        verbose_name_plural = pgettext_lazy("plural", "nhắc việc")
        ordering = ["-sent_on", "id"]
        constraints = [models.UniqueConstraint(fields=["task", "sent_on"], name="taskreminder_one_per_day")]

    def __str__(self):
        return f"{short_date(self.sent_on)} {self.get_kind_display()}: {self.task_id}"
