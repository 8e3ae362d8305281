"""Funding of the program by source: planned, allocated and disbursed amounts per year, per unit,
and optionally per plan, task, department and producer (VND, Decimal)."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ocop.core.models import TimeStampedModel
from ocop.program.measures import number

VND = {"max_digits": 18, "decimal_places": 0, "default": Decimal(0), "validators": [MinValueValidator(0)]}


class FundingSource(models.TextChoices):
    """The sources named in the conference of 28/03/2019, with the state budget by level."""

    OWN = "von_tu_co", _("Vốn tự có của chủ thể")
    COOPERATIVE = "htx_co_so", _("Hợp tác xã, cơ sở sản xuất")
    BANK_CREDIT = "tin_dung_nh", _("Tín dụng ngân hàng")
    COMMUNITY_CREDIT = "tin_dung_cd", _("Tín dụng cộng đồng")
    STATE_CENTRAL = "nsnn_tw", _("Ngân sách nhà nước – trung ương")
    STATE_PROVINCE = "nsnn_tinh", _("Ngân sách nhà nước – tỉnh")
    STATE_DISTRICT = "nsnn_huyen", _("Ngân sách nhà nước – huyện (trước 01/07/2025)")
    STATE_COMMUNE = "nsnn_xa", _("Ngân sách nhà nước – xã")
    OTHER = "khac", _("Nguồn khác")


STATE_SOURCES = frozenset(
    {FundingSource.STATE_CENTRAL, FundingSource.STATE_PROVINCE, FundingSource.STATE_DISTRICT, FundingSource.STATE_COMMUNE}
)


class FundingLine(TimeStampedModel):
    year = models.PositiveSmallIntegerField(_("năm"))
    unit = models.ForeignKey(
        "territory.AdminUnit", verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+",
        help_text=_("Đơn vị sử dụng kinh phí; với hỗ trợ cho chủ thể, là xã của chủ thể."),
    )
    source = models.CharField(_("nguồn"), max_length=12, choices=FundingSource.choices)
    title = models.CharField(_("nội dung"), max_length=300)
    plan = models.ForeignKey("program.Plan", verbose_name=_("kế hoạch"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="funding_lines")
    task = models.ForeignKey("program.DepartmentTask", verbose_name=_("nhiệm vụ"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="funding_lines")
    department = models.ForeignKey("program.Department", verbose_name=_("sở, ngành"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="funding_lines")
    producer = models.ForeignKey("registry.Producer", verbose_name=_("chủ thể được hỗ trợ"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="funding_lines")
    planned = models.DecimalField(_("kế hoạch (đồng)"), **VND)
    allocated = models.DecimalField(_("được phân bổ (đồng)"), **VND)
    disbursed = models.DecimalField(_("đã giải ngân (đồng)"), **VND)
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("dòng kinh phí")
        verbose_name_plural = _("kinh phí theo nguồn")
        ordering = ["-year", "source", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(planned__gte=0, allocated__gte=0, disbursed__gte=0), name="fundingline_amounts_not_negative",
                violation_error_message=_("Các khoản kinh phí không được âm.")
            ),
        ]
        indexes = [
            # Indicators sum a unit's lines over the years of a period.
            models.Index(fields=["unit", "year"], name="fundingline_unit_year_idx"),
        ]

    def __str__(self):
        return f"{self.year} – {self.get_source_display()} – {self.title}"

    def clean(self):
        """The one entry rule on amounts (forms and funding_line_save both reach it via full_clean):
        no line disburses more than was allocated to it, whatever its source, so a disbursement
        rate never passes 100 % by a typing slip. The message says what to do next."""
        super().clean()
        message = disbursement_refusal(self.allocated, self.disbursed)
        if message:
            raise ValidationError({"disbursed": message})


def disbursement_refusal(allocated, disbursed) -> str | None:
    """Why DISBURSED cannot be recorded against ALLOCATED (None: it can)."""
    if allocated is None or disbursed is None or disbursed <= allocated:
        return None
    return _(
        "Số đã giải ngân (%(disbursed)s đồng) lớn hơn số được phân bổ (%(allocated)s đồng). Nếu đã có quyết định "
        "phân bổ bổ sung (với nguồn ngoài ngân sách: số vốn đã huy động), ghi số mới vào ô «được phân bổ»; nếu "
        "nhập nhầm, sửa lại số đã giải ngân."
    ) % {"disbursed": number(Decimal(disbursed)), "allocated": number(Decimal(allocated))}
