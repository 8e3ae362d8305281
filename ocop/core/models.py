from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ocop.lib.formatting import short_datetime


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        abstract = True


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("AuditEvent là nhật ký chỉ ghi thêm (append-only).")

    def delete(self):
        raise PermissionError("AuditEvent là nhật ký chỉ ghi thêm (append-only).")


class AuditEvent(models.Model):
    """An append-only record of a decision or a change, written by services in their transaction."""

    occurred_at = models.DateTimeField(_("thời điểm"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_repr = models.CharField(_("người thực hiện (tên)"), max_length=200, blank=True)
    action = models.CharField(_("thao tác"), max_length=80, db_index=True)
    target_type = models.ForeignKey(
        ContentType, verbose_name=_("loại đối tượng"), null=True, blank=True, on_delete=models.PROTECT
    )
    target_id = models.CharField(_("mã đối tượng"), max_length=64, blank=True)
    target_repr = models.CharField(_("đối tượng"), max_length=300, blank=True)
    unit = models.ForeignKey(
        "territory.AdminUnit",
        verbose_name=_("đơn vị"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    message = models.TextField(_("ghi chú"), blank=True)
    before = models.JSONField(_("trước"), null=True, blank=True, encoder=DjangoJSONEncoder)
    after = models.JSONField(_("sau"), null=True, blank=True, encoder=DjangoJSONEncoder)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("sự kiện nhật ký")
        verbose_name_plural = _("nhật ký thao tác")
        ordering = ["-occurred_at", "-id"]
        indexes = [
            # The admin filters the log by object: "history of this record".
            models.Index(fields=["target_type", "target_id"], name="audit_target_idx"),
        ]

    def __str__(self):
        return f"{short_datetime(self.occurred_at)} {self.action} {self.target_repr}"

    def save(self, *args, **kwargs):
        # Integrity guard, not business logic: the log is never rewritten.
        if not self._state.adding:
            raise PermissionError("AuditEvent là nhật ký chỉ ghi thêm (append-only).")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("AuditEvent là nhật ký chỉ ghi thêm (append-only).")


class ScheduledRun(models.Model):
    """One row per scheduled job and time slot, claimed by the scheduler that enqueues it
    (ocop.core.schedule): with a scheduler on every app node, the unique (name, slot) lets exactly
    one of them enqueue a daily job, whatever the number of nodes, with or without Redis."""

    name = models.CharField(_("công việc"), max_length=200)
    slot = models.DateTimeField(_("lượt (giờ hẹn)"))
    node = models.CharField(_("máy chủ nhận lượt"), max_length=200, blank=True)
    claimed_at = models.DateTimeField(_("nhận lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("lượt chạy theo lịch")
        verbose_name_plural = _("các lượt chạy theo lịch")
        constraints = [models.UniqueConstraint(fields=["name", "slot"], name="scheduled_run_once_per_slot")]

    def __str__(self):
        return f"{self.name} @ {short_datetime(self.slot)}"


class PublicVersion(models.Model):
    """One row: a number that grows (never repeats, even after a rollback or a restore) whenever data
    the public sees changes. The public pages key their caches by it (ocop.core.public_version)."""

    value = models.BigIntegerField(_("phiên bản"), default=0)

    class Meta:
        verbose_name = _("phiên bản dữ liệu công khai")
        verbose_name_plural = pgettext_lazy("plural", "phiên bản dữ liệu công khai")

    def __str__(self):
        return str(self.value)


class Transition(models.Model):
    """One move of a workflow (ocop.core.workflow), of any record: append-only history, written
    only by ocop.core.transitions.transition. The record is (content_type, object_id); `workflow`
    names its declaration, which gives the statuses' labels."""

    workflow = models.CharField(_("quy trình"), max_length=20)
    content_type = models.ForeignKey(ContentType, verbose_name=_("loại hồ sơ"), on_delete=models.PROTECT,
                                     related_name="+")
    object_id = models.PositiveBigIntegerField(_("mã hồ sơ"))
    from_status = models.CharField(_("từ trạng thái"), max_length=20, blank=True)
    to_status = models.CharField(_("sang trạng thái"), max_length=20)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người thực hiện"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    actor_repr = models.CharField(_("người thực hiện (tên)"), max_length=200, blank=True)
    at = models.DateTimeField(_("thời điểm"), default=timezone.now)
    reason = models.TextField(_("lý do, ý kiến"), blank=True)

    class Meta:
        verbose_name = _("lịch sử chuyển trạng thái")
        verbose_name_plural = pgettext_lazy("plural", "lịch sử chuyển trạng thái")
        ordering = ["at", "id"]
        # The timeline of one record.
        indexes = [models.Index(fields=["content_type", "object_id", "at"], name="core_transition_object_idx")]

    def __str__(self):
        return f"{self.from_label} → {self.to_label}"

    @property
    def from_label(self) -> str:
        return self._label(self.from_status)

    @property
    def to_label(self) -> str:
        return self._label(self.to_status)

    def get_to_status_display(self) -> str:
        return self.to_label

    def get_from_status_display(self) -> str:
        return self.from_label

    def _label(self, status: str) -> str:
        from ocop.core import workflow

        if not status:
            return ""
        flow = workflow.REGISTRY.get(self.workflow)
        return flow.label(status) if flow is not None else status
