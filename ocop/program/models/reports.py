"""The annual report of a unit, built in the background (ocop.program.tasks.build_annual_report)."""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


def report_path(instance, filename: str) -> str:
    return f"program/reports/{instance.pk}/{filename}"


class ReportJob(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Đang chờ")
        RUNNING = "running", _("Đang lập")
        DONE = "done", _("Hoàn thành")
        FAILED = "failed", _("Lỗi")

    unit = models.ForeignKey("territory.AdminUnit", verbose_name=_("đơn vị"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="+", help_text=_("Để trống: toàn quốc."))
    generation = models.CharField(_("bản đồ hành chính"), max_length=10)
    year = models.PositiveSmallIntegerField(_("năm"))
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người yêu cầu"),
                                     on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(_("yêu cầu lúc"), auto_now_add=True)
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(_("tiến độ (%)"), default=0, validators=[MaxValueValidator(100)])
    message = models.CharField(_("thông báo"), max_length=500, blank=True)
    xlsx = models.FileField(_("tệp Excel"), upload_to=report_path, max_length=200, blank=True)
    pdf = models.FileField(_("tệp PDF"), upload_to=report_path, max_length=200, blank=True)
    finished_at = models.DateTimeField(_("xong lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("báo cáo năm")
        verbose_name_plural = pgettext_lazy("plural", "báo cáo năm")
        ordering = ["-requested_at", "-id"]
        constraints = [models.CheckConstraint(condition=Q(progress__lte=100), name="reportjob_progress_le_100",
                violation_error_message=_("Tiến độ không được quá 100%%."))]

    def __str__(self):
        where = self.unit.full_name if self.unit_id else _("Toàn quốc")
        return f"{_('Báo cáo năm')} {self.year} – {where}"

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)
