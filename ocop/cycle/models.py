"""The annual OCOP cycle: its calendar (steps 1–6), publicity (step 1), product ideas (step 2),
business plans (step 3), implementation (step 4), and the verification of producers who registered
themselves in the portal.

Statuses change only through ocop.cycle.transitions (declared in ocop.cycle.workflow); every move
leaves a core.Transition row (ocop.core.transitions).
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ocop.core.models import TimeStampedModel
from ocop.cycle.steps import Step
from ocop.cycle.workflow import IdeaStatus, ImplementationStatus, PlanStatus, VerificationStatus
from ocop.registry.classification import criteria_set_choices
from ocop.registry.models import validate_criteria_set

CURRENT_UNIT = {"generation": "current", "level__in": ["province", "commune"]}
VND = {"max_digits": 15, "decimal_places": 0, "default": Decimal(0), "validators": [MinValueValidator(0)]}


class Cycle(TimeStampedModel):
    """The OCOP cycle of one year in one province or commune, with its calendar of six steps."""

    year = models.PositiveSmallIntegerField(_("năm"))
    unit = models.ForeignKey(
        "territory.AdminUnit", verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+",
        limit_choices_to=CURRENT_UNIT,
    )
    note = models.TextField(_("ghi chú"), blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người mở"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )

    class Meta:
        verbose_name = _("chu trình OCOP")
        verbose_name_plural = pgettext_lazy("plural", "chu trình OCOP")
        ordering = ["-year", "unit__path"]
        constraints = [models.UniqueConstraint(fields=["year", "unit"], name="cycle_unique_year_unit")]

    def __str__(self):
        return f"{_('Chu trình OCOP')} {self.year} – {self.unit.full_name}"


class CycleStep(models.Model):
    cycle = models.ForeignKey(Cycle, verbose_name=_("chu trình"), on_delete=models.CASCADE, related_name="steps")
    step = models.PositiveSmallIntegerField(_("bước"), choices=Step.choices)
    starts_on = models.DateField(_("từ ngày"))
    ends_on = models.DateField(_("đến ngày"))
    focus = models.CharField(_("trọng tâm"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("bước của chu trình")
        verbose_name_plural = _("lịch các bước")
        ordering = ["cycle", "step"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "step"], name="cyclestep_unique_step"),
            models.CheckConstraint(condition=Q(step__gte=1, step__lte=6), name="cyclestep_step_1_to_6",
                violation_error_message=_("Bước của chu trình OCOP phải từ 1 đến 6.")),
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="cyclestep_ends_after_start",
                violation_error_message=_("Ngày kết thúc không được trước ngày bắt đầu.")),
        ]

    def __str__(self):
        return self.get_step_display()


class PublicityActivity(TimeStampedModel):
    """Step 1: a publicity or guidance activity held by a province or commune."""

    class Kind(models.TextChoices):
        CONFERENCE = "hoi_nghi", _("Hội nghị, hội thảo")
        TRAINING = "tap_huan", _("Tập huấn")
        BROADCAST = "bao_dai", _("Truyền thông báo, đài")
        SOCIAL = "mang_xa_hoi", _("Mạng xã hội, cổng thông tin")
        PRINT = "an_pham", _("Tờ rơi, pa nô, ấn phẩm")
        LOUDSPEAKER = "loa", _("Loa truyền thanh cơ sở")
        VISIT = "tham_quan", _("Tham quan, học tập kinh nghiệm")
        OTHER = "khac", _("Khác")

    kind = models.CharField(_("hình thức"), max_length=12, choices=Kind.choices)
    title = models.CharField(_("tên hoạt động"), max_length=255)
    date = models.DateField(_("ngày"))
    unit = models.ForeignKey(
        "territory.AdminUnit", verbose_name=_("đơn vị tổ chức"), on_delete=models.PROTECT, related_name="+",
        limit_choices_to=CURRENT_UNIT,
    )
    participants = models.PositiveIntegerField(_("số người tham dự"), default=0)
    notes = models.TextField(_("ghi chú"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người nhập"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )

    class Meta:
        verbose_name = _("hoạt động tuyên truyền")
        verbose_name_plural = pgettext_lazy("plural", "hoạt động tuyên truyền")
        ordering = ["-date", "-id"]
        # Lists and yearly reports filter by unit and date range.
        indexes = [models.Index(fields=["unit", "date"], name="publicity_unit_date_idx")]

    def __str__(self):
        return self.title


class ProductIdea(TimeStampedModel):
    """Step 2: a product idea (forms 01/02), by the producer or by a commune officer on its behalf."""

    producer = models.ForeignKey(
        "registry.Producer", verbose_name=_("chủ thể"), on_delete=models.PROTECT, related_name="ideas"
    )
    year = models.PositiveSmallIntegerField(_("năm chu trình"))
    proposed_name = models.CharField(_("tên sản phẩm dự kiến"), max_length=255)
    criteria_set = models.CharField(
        _("bộ sản phẩm (bộ tiêu chí)"), max_length=2, choices=criteria_set_choices,
        validators=[validate_criteria_set],
    )
    description = models.TextField(_("mô tả ý tưởng"))
    expected_market = models.TextField(_("thị trường dự kiến"), blank=True)
    status = models.CharField(_("trạng thái"), max_length=12, choices=IdeaStatus.choices, default=IdeaStatus.DRAFT)
    status_note = models.TextField(_("ý kiến của cán bộ"), blank=True)
    submitted_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    decided_at = models.DateTimeField(_("xử lý lúc"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người lập"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    assisted = models.BooleanField(_("cán bộ xã lập thay"), default=False)
    consent_recorded = models.BooleanField(_("đã có sự đồng ý của chủ thể"), default=False)
    consent_note = models.TextField(_("ghi nhận sự đồng ý"), blank=True)
    product = models.ForeignKey(
        "registry.Product", verbose_name=_("sản phẩm hình thành"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="ideas",
    )

    class Meta:
        verbose_name = _("ý tưởng sản phẩm")
        verbose_name_plural = pgettext_lazy("plural", "ý tưởng sản phẩm")
        ordering = ["-year", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(assisted=False) | Q(consent_recorded=True), name="productidea_assisted_needs_consent",
                violation_error_message=_("Khi cán bộ nhập hộ, cần ghi nhận sự đồng ý của chủ thể.")
            ),
        ]
        # The funnel groups a year's ideas by status.
        indexes = [models.Index(fields=["year", "status"], name="productidea_year_status_idx")]

    def __str__(self):
        return self.proposed_name


class BusinessPlan(TimeStampedModel):
    """Step 3: a business plan or project (form 03) for an accepted idea."""

    idea = models.ForeignKey(ProductIdea, verbose_name=_("ý tưởng"), on_delete=models.PROTECT, related_name="plans")
    summary = models.TextField(_("tóm tắt phương án"))
    capital_own = models.DecimalField(_("vốn tự có (đồng)"), **VND)
    capital_loan = models.DecimalField(_("vốn vay (đồng)"), **VND)
    capital_state = models.DecimalField(_("hỗ trợ của Nhà nước (đồng)"), **VND)
    capital_other = models.DecimalField(_("nguồn khác (đồng)"), **VND)
    timeline = models.TextField(_("tiến độ thực hiện"), blank=True)
    market_plan = models.TextField(_("kế hoạch thị trường"), blank=True)
    status = models.CharField(_("trạng thái"), max_length=12, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    status_note = models.TextField(_("ý kiến của cán bộ"), blank=True)
    submitted_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    decided_at = models.DateTimeField(_("xử lý lúc"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người lập"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    assisted = models.BooleanField(_("cán bộ xã lập thay"), default=False)

    class Meta:
        verbose_name = _("phương án kinh doanh")
        verbose_name_plural = pgettext_lazy("plural", "phương án kinh doanh")
        ordering = ["-id"]
        constraints = [
            # An idea has at most one plan in play; a rejected plan may be followed by a new one.
            models.UniqueConstraint(
                fields=["idea"], condition=~Q(status="rejected"), name="businessplan_one_open_per_idea",
                violation_error_message=_("Ý tưởng này đã có một phương án kinh doanh đang xử lý.")
            ),
            models.CheckConstraint(
                condition=Q(capital_own__gte=0, capital_loan__gte=0, capital_state__gte=0, capital_other__gte=0),
                name="businessplan_capital_not_negative",
                violation_error_message=_("Số vốn không được âm."),
            ),
        ]

    def __str__(self):
        return f"{_('Phương án')}: {self.idea.proposed_name}" if self.idea_id else str(_("Phương án"))

    @property
    def capital_total(self) -> Decimal:
        return self.capital_own + self.capital_loan + self.capital_state + self.capital_other


class Implementation(TimeStampedModel):
    """Step 4: carrying out an approved plan, with its milestones and the support received."""

    plan = models.OneToOneField(
        BusinessPlan, verbose_name=_("phương án"), on_delete=models.PROTECT, related_name="implementation"
    )
    status = models.CharField(
        _("trạng thái"), max_length=12, choices=ImplementationStatus.choices, default=ImplementationStatus.IN_PROGRESS
    )
    status_note = models.TextField(_("ý kiến của cán bộ"), blank=True)
    started_on = models.DateField(_("bắt đầu"))
    completed_on = models.DateField(_("kết thúc"), null=True, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("triển khai phương án")
        verbose_name_plural = pgettext_lazy("plural", "triển khai phương án")
        ordering = ["-started_on", "-id"]

    def __str__(self):
        return f"{_('Triển khai')}: {self.plan.idea.proposed_name}"


class Milestone(models.Model):
    implementation = models.ForeignKey(
        Implementation, verbose_name=_("triển khai"), on_delete=models.CASCADE, related_name="milestones"
    )
    title = models.CharField(_("mốc công việc"), max_length=255)
    due = models.DateField(_("hạn"))
    done_on = models.DateField(_("hoàn thành ngày"), null=True, blank=True)
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("mốc công việc")
        verbose_name_plural = pgettext_lazy("plural", "mốc công việc")
        ordering = ["due", "id"]

    def __str__(self):
        return self.title


class SupportReceived(models.Model):
    class Kind(models.TextChoices):
        TRAINING = "dao_tao", _("Đào tạo, tập huấn")
        CONSULTING = "tu_van", _("Tư vấn")
        FUNDING = "kinh_phi", _("Kinh phí")
        EQUIPMENT = "thiet_bi", _("Máy móc, thiết bị")
        TRADE_PROMOTION = "xuc_tien", _("Xúc tiến thương mại")
        PACKAGING = "bao_bi", _("Thiết kế bao bì, nhãn mác")
        CERTIFICATION = "chung_nhan", _("Chứng nhận, kiểm nghiệm")
        OTHER = "khac", _("Khác")

    implementation = models.ForeignKey(
        Implementation, verbose_name=_("triển khai"), on_delete=models.CASCADE, related_name="supports"
    )
    kind = models.CharField(_("loại hỗ trợ"), max_length=12, choices=Kind.choices)
    provider = models.CharField(_("đơn vị hỗ trợ"), max_length=255)
    amount = models.DecimalField(_("giá trị (đồng)"), **VND)
    date = models.DateField(_("ngày"))
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("hỗ trợ đã nhận")
        verbose_name_plural = pgettext_lazy("plural", "hỗ trợ đã nhận")
        ordering = ["date", "id"]
        constraints = [models.CheckConstraint(condition=Q(amount__gte=0), name="supportreceived_amount_not_negative",
                violation_error_message=_("Số tiền hỗ trợ không được âm."))]

    def __str__(self):
        return f"{self.get_kind_display()} – {self.provider}"


class ProducerVerification(TimeStampedModel):
    """A producer that registered itself in the portal waits here for the commune officer.

    Producers entered by an office have no row: they count as verified."""

    producer = models.OneToOneField(
        "registry.Producer", verbose_name=_("chủ thể"), on_delete=models.CASCADE, related_name="verification"
    )
    status = models.CharField(
        _("trạng thái"), max_length=12, choices=VerificationStatus.choices, default=VerificationStatus.PENDING
    )
    status_note = models.TextField(_("ý kiến của cán bộ"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người đăng ký"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    decided_at = models.DateTimeField(_("xử lý lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("xác minh chủ thể đăng ký")
        verbose_name_plural = pgettext_lazy("plural", "xác minh chủ thể đăng ký")
        ordering = ["status", "-created_at"]

    def __str__(self):
        return str(self.producer)
