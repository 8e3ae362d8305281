"""Plans (đề án, kế hoạch) with their targets, reporting periods, and the frozen figures of a
closed period."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ocop.core.models import TimeStampedModel
from ocop.lib.formatting import short_date
from ocop.program.measures import Comparison as Cmp

AMOUNT = {"max_digits": 20, "decimal_places": 2}


#: {code: title} of every indicator, filled as ocop.program.indicators registers them (the app's
#: ready() imports it): the models sit below the indicators and their sources, and import neither.
INDICATOR_TITLES: dict = {}


def indicator_choices():
    return list(INDICATOR_TITLES.items())


class Plan(TimeStampedModel):
    """A scheme, plan or programme of one unit (empty unit: national) over a period."""

    class Kind(models.TextChoices):
        SCHEME = "de_an", _("Đề án")
        PLAN = "ke_hoach", _("Kế hoạch")
        PROGRAM = "chuong_trinh", _("Chương trình")

    unit = models.ForeignKey(
        "territory.AdminUnit", verbose_name=_("đơn vị"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", help_text=_("Để trống với chương trình, kế hoạch cấp quốc gia."),
    )
    kind = models.CharField(_("loại"), max_length=12, choices=Kind.choices, default=Kind.PLAN)
    title = models.CharField(_("tên"), max_length=300)
    starts_on = models.DateField(_("từ ngày"))
    ends_on = models.DateField(_("đến ngày"))
    doc_number = models.CharField(_("số văn bản"), max_length=100, blank=True)
    doc_date = models.DateField(_("ngày ban hành"), null=True, blank=True)
    doc_title = models.CharField(_("trích yếu văn bản"), max_length=500, blank=True)
    doc_issuer = models.CharField(_("cơ quan ban hành"), max_length=255, blank=True)
    orientation = models.TextField(
        _("định hướng"), blank=True, help_text=_("Định hướng dài hạn ghi bằng lời (ví dụ: định hướng đến năm 2035)."),
    )
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("kế hoạch, đề án")
        verbose_name_plural = pgettext_lazy("plural", "kế hoạch, đề án")
        ordering = ["-starts_on", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="plan_ends_after_start",
                violation_error_message=_("Ngày kết thúc không được trước ngày bắt đầu.")),
        ]

    def __str__(self):
        return f"{self.title} ({self.starts_on.year}–{self.ends_on.year})"

    @property
    def document(self) -> str:
        parts = [self.doc_number, short_date(self.doc_date) if self.doc_date else ""]
        return " ngày ".join(p for p in parts if p)


class Target(models.Model):
    """A target of a plan on one indicator: at least, more than, at most, or a range."""

    class Comparison(models.TextChoices):
        # The same values as ocop.program.measures.Comparison.
        AT_LEAST = Cmp.AT_LEAST.value, _("ít nhất (≥)")
        MORE_THAN = Cmp.MORE_THAN.value, _("trên (>)")
        AT_MOST = Cmp.AT_MOST.value, _("không quá (≤)")
        RANGE = Cmp.RANGE.value, _("trong khoảng (từ–đến)")

    plan = models.ForeignKey(Plan, verbose_name=_("kế hoạch"), on_delete=models.CASCADE, related_name="targets")
    indicator = models.CharField(_("chỉ số"), max_length=60, choices=indicator_choices)
    comparison = models.CharField(_("so sánh"), max_length=6, choices=Comparison.choices, default=Comparison.AT_LEAST)
    value_min = models.DecimalField(_("giá trị tối thiểu"), null=True, blank=True, **AMOUNT)
    value_max = models.DecimalField(_("giá trị tối đa"), null=True, blank=True, **AMOUNT)
    measure = models.CharField(_("đơn vị tính"), max_length=50, blank=True)
    baseline_value = models.DecimalField(_("giá trị cơ sở"), null=True, blank=True, **AMOUNT)
    baseline_on = models.DateField(_("thời điểm cơ sở"), null=True, blank=True)
    wording = models.CharField(_("nguyên văn chỉ tiêu"), max_length=500, blank=True)
    applies_to_each_child = models.BooleanField(
        _("áp dụng cho từng đơn vị cấp dưới"), default=False,
        help_text=_("Ví dụ: mỗi huyện (xã) có ít nhất 2 ý tưởng sản phẩm được hỗ trợ mỗi năm."),
    )
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("chỉ tiêu")
        verbose_name_plural = pgettext_lazy("plural", "chỉ tiêu")
        ordering = ["plan", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(comparison__in=["gte", "gt"], value_min__isnull=False)
                    | Q(comparison="lte", value_max__isnull=False)
                    | Q(comparison="range", value_min__isnull=False, value_max__isnull=False,
                        value_min__lte=F("value_max"))
                ),
                name="target_bounds_match_comparison",
                violation_error_message=_("Giá trị chỉ tiêu cần khớp với cách so sánh: giá trị tối thiểu cho “từ”, tối đa cho “đến”, cả hai (tối thiểu không lớn hơn tối đa) cho “khoảng”."),
            ),
        ]

    def __str__(self):
        from ocop.program.measures import describe

        return f"{self.get_indicator_display()} {describe(self.comparison, self.value_min, self.value_max)}"


class ReportingPeriod(models.Model):
    """A reporting period of a plan (the whole span, or one year). Closing it freezes its figures."""

    plan = models.ForeignKey(Plan, verbose_name=_("kế hoạch"), on_delete=models.CASCADE, related_name="periods")
    label = models.CharField(_("tên kỳ"), max_length=60)
    starts_on = models.DateField(_("từ ngày"))
    ends_on = models.DateField(_("đến ngày"))
    closed_at = models.DateTimeField(_("chốt số liệu lúc"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người chốt"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )

    class Meta:
        verbose_name = _("kỳ báo cáo")
        verbose_name_plural = pgettext_lazy("plural", "kỳ báo cáo")
        ordering = ["plan", "starts_on", "-ends_on"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "starts_on", "ends_on"], name="reportingperiod_unique_span"),
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="reportingperiod_ends_after_start",
                violation_error_message=_("Ngày kết thúc không được trước ngày bắt đầu.")),
        ]

    def __str__(self):
        return f"{self.plan.title} – {self.label}" if self.plan_id else self.label

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None

    @property
    def spans_plan(self) -> bool:
        return self.starts_on == self.plan.starts_on and self.ends_on == self.plan.ends_on

    @property
    def as_period(self):
        from ocop.program.measures import Period

        return Period(self.starts_on, self.ends_on, self.label)


class IndicatorValue(models.Model):
    """The figure of one indicator at one unit as reported when its period was closed.

    Written only by period_close, removed only by period_reopen: a closed period reads these
    rows, so later data does not change what was reported."""

    period = models.ForeignKey(
        ReportingPeriod, verbose_name=_("kỳ báo cáo"), on_delete=models.CASCADE, related_name="values"
    )
    indicator = models.CharField(_("chỉ số"), max_length=60)
    generation = models.CharField(_("bản đồ hành chính"), max_length=10)
    unit = models.ForeignKey(
        "territory.AdminUnit", verbose_name=_("đơn vị"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    value = models.DecimalField(_("giá trị"), null=True, blank=True, **AMOUNT)
    numerator = models.DecimalField(_("tử số"), **AMOUNT)
    denominator = models.DecimalField(_("mẫu số"), null=True, blank=True, **AMOUNT)
    closed_at = models.DateTimeField(_("chốt lúc"))

    class Meta:
        verbose_name = _("số liệu đã chốt")
        verbose_name_plural = pgettext_lazy("plural", "số liệu đã chốt")
        ordering = ["period", "indicator", "unit"]
        constraints = [
            models.UniqueConstraint(
                fields=["period", "indicator", "unit"], condition=Q(unit__isnull=False),
                name="indicatorvalue_unique_unit",
                violation_error_message=_("Đơn vị này đã có giá trị chỉ số cho kỳ này."),
            ),
            models.UniqueConstraint(
                fields=["period", "indicator", "generation"], condition=Q(unit__isnull=True),
                name="indicatorvalue_unique_national",
                violation_error_message=_("Đã có giá trị chỉ số toàn quốc cho kỳ này."),
            ),
        ]

    def __str__(self):
        return f"{self.indicator} = {self.value}"
