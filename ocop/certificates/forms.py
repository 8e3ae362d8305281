"""Back-office forms. They validate input and offer in-scope choices; the rules are the services'."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from unfold.widgets import (
    UnfoldAdminCheckboxSelectMultipleWidget,
    UnfoldAdminFileFieldWidget,
    UnfoldAdminSelectWidget,
    UnfoldAdminSingleDateWidget,
    UnfoldAdminTextareaWidget,
    UnfoldAdminTextInputWidget,
)

from ocop.accounts.policy import is_national, prefixes_of
from ocop.accounts.roles import MANAGERS, NATIONAL_ONLY
from ocop.accounts.scope import path_q, scope_for, unit_q
from ocop.certificates import lifecycle
from ocop.certificates.models import Certificate, Decision
from ocop.certificates.services import recognisable_results
from ocop.lib.formatting import short_date
from ocop.rating.models import RatingResult
from ocop.registry.validators import check_document_file
from ocop.territory.models import AdminUnit


class ResultChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, result: RatingResult) -> str:
        product = result.product
        return (
            f"{product.name} – {product.producer.name} ({product.unit.name}): {result.recognised_stars}★, "
            f"{result.average} {_('điểm')}, {result.get_level_display().lower()} {result.year}"
        )


def deciding_units(user):
    """Issuing units the user may record decisions for: provinces (current or former), former
    districts, in the user's write scope."""
    queryset = AdminUnit.objects.filter(level__in=[AdminUnit.Level.PROVINCE, AdminUnit.Level.DISTRICT])
    if not user.is_superuser:
        prefixes = prefixes_of(user, MANAGERS)
        if not prefixes:
            return queryset.none()
        queryset = queryset.filter(path_q(prefixes))
    return queryset.select_related("parent").order_by("generation", "path")


def decidable_results(user):
    """Final results the user could put in a decision (the service re-checks every rule)."""
    levels = [Decision.Level.PROVINCE, Decision.Level.DISTRICT]
    if user.is_superuser or is_national(user, NATIONAL_ONLY):
        levels.append(Decision.Level.CENTRAL)
    pks = set()
    for level in levels:
        pks |= set(recognisable_results(level, None).values_list("pk", flat=True))
    queryset = RatingResult.objects.filter(pk__in=pks)
    if not user.is_superuser:
        queryset = queryset.filter(unit_q(scope_for(user).write_prefixes, "product__unit"))
    return queryset.select_related("product__producer", "product__unit").order_by("product__name", "pk")


class DecisionIssueForm(forms.Form):
    issuer_level = forms.ChoiceField(label=_("Cấp ban hành"), choices=Decision.Level.choices,
                                     widget=UnfoldAdminSelectWidget)
    issuer_unit = forms.ModelChoiceField(
        label=_("Đơn vị ban hành"), queryset=AdminUnit.objects.none(), required=False,
        widget=UnfoldAdminSelectWidget, help_text=_("Để trống với quyết định của Bộ."),
    )
    signed_on = forms.DateField(label=_("Ngày ký"), widget=UnfoldAdminSingleDateWidget)
    signer_name = forms.CharField(label=_("Người ký"), max_length=150, widget=UnfoldAdminTextInputWidget)
    signer_title = forms.CharField(label=_("Chức vụ người ký"), max_length=150, required=False,
                                   widget=UnfoldAdminTextInputWidget)
    number = forms.CharField(
        label=_("Số quyết định"), max_length=60, required=False, widget=UnfoldAdminTextInputWidget,
        help_text=_("Để trống để hệ thống cấp số tiếp theo. Chỉ nhập khi ghi lại quyết định đã ban hành trước đây."),
    )
    note = forms.CharField(label=_("Trích yếu, ghi chú"), required=False,
                           widget=UnfoldAdminTextareaWidget(attrs={"rows": 3}))
    results = ResultChoiceField(
        label=_("Sản phẩm được công nhận"), queryset=RatingResult.objects.none(),
        widget=UnfoldAdminCheckboxSelectMultipleWidget,
    )
    scan = forms.FileField(
        label=_("Bản quét quyết định đã ký"), required=False, widget=UnfoldAdminFileFieldWidget,
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["issuer_unit"].queryset = deciding_units(user)
        self.fields["results"].queryset = decidable_results(user)
        self.fields["signed_on"].initial = timezone.localdate()
        self.fields["scan"].help_text = _(
            "PDF hoặc ảnh (JPEG, PNG, WebP) của quyết định đã ký, đóng dấu; tối đa %(mb)s MB."
        ) % {"mb": settings.OCOP_DOCUMENT_MAX_BYTES // (1024 * 1024)}
        units = list(self.fields["issuer_unit"].queryset.filter(generation=AdminUnit.Generation.CURRENT,
                                                                level=AdminUnit.Level.PROVINCE)[:2])
        if len(units) == 1:
            self.fields["issuer_unit"].initial = units[0].pk
        self.fields["issuer_level"].initial = Decision.Level.PROVINCE if units else Decision.Level.CENTRAL

    def clean_scan(self):
        scan = self.cleaned_data.get("scan")
        if scan:
            check_document_file(scan, max_bytes=settings.OCOP_DOCUMENT_MAX_BYTES)
        return scan

    def clean(self):
        data = super().clean()
        level, unit = data.get("issuer_level"), data.get("issuer_unit")
        if level and level != Decision.Level.CENTRAL and unit is None and "issuer_unit" not in self.errors:
            self.add_error("issuer_unit", ValidationError(_("Chọn đơn vị ban hành của quyết định.")))
        return data


class RevocationForm(forms.Form):
    revocation_ground = forms.ChoiceField(label=_("Căn cứ thu hồi (Điều 8)"), choices=Certificate.Ground.choices,
                                          widget=UnfoldAdminSelectWidget)
    revocation_finding_on = forms.DateField(
        label=_("Ngày có kết luận vi phạm"), widget=UnfoldAdminSingleDateWidget,
        help_text=_("Ngày có kết luận của cơ quan có thẩm quyền, hoặc xác nhận của UBND xã về việc chủ thể "
                    "không còn sản xuất. Quyết định thu hồi phải ban hành trong 15 ngày kể từ ngày này."),
    )
    revoked_on = forms.DateField(label=_("Ngày ký quyết định thu hồi"), widget=UnfoldAdminSingleDateWidget)
    signer_name = forms.CharField(label=_("Người ký"), max_length=150, widget=UnfoldAdminTextInputWidget)
    signer_title = forms.CharField(label=_("Chức vụ người ký"), max_length=150, required=False,
                                   widget=UnfoldAdminTextInputWidget)
    note = forms.CharField(label=_("Nội dung thu hồi"), required=False,
                           widget=UnfoldAdminTextareaWidget(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["revoked_on"].initial = timezone.localdate()

    def deadline_note(self) -> str:
        """A warning shown before saving when the 15 days after the finding are already over."""
        finding = self.cleaned_data.get("revocation_finding_on") if self.is_bound and self.is_valid() else None
        signed = self.cleaned_data.get("revoked_on") if finding else None
        if finding and signed and lifecycle.revocation_is_late(finding, signed):
            return str(_("Đã quá 15 ngày kể từ ngày có kết luận (hạn %(d)s).") % {
                "d": short_date(lifecycle.revocation_deadline(finding))})
        return ""


class FindingForm(forms.Form):
    """The conclusion that starts a revocation (Art. 8.3–8.4): the certificate shows «Đang xử lý thu hồi»."""

    revocation_finding_on = forms.DateField(
        label=_("Ngày có kết luận vi phạm"), widget=UnfoldAdminSingleDateWidget,
        help_text=_("Ngày có kết luận của cơ quan có thẩm quyền, hoặc xác nhận của UBND xã về việc chủ thể "
                    "không còn sản xuất. Quyết định thu hồi phải ban hành trong 15 ngày kể từ ngày này."),
    )
    revocation_finding_ground = forms.ChoiceField(
        label=_("Căn cứ thu hồi (Điều 8)"), choices=Certificate.Ground.choices, widget=UnfoldAdminSelectWidget)
    note = forms.CharField(label=_("Nội dung kết luận"), required=False,
                           widget=UnfoldAdminTextareaWidget(attrs={"rows": 3}),
                           help_text=_("Cơ quan kết luận, số văn bản; chỉ hiện trong trang quản trị."))


class FindingDismissForm(forms.Form):
    reason = forms.CharField(label=_("Lý do không thu hồi"), widget=UnfoldAdminTextareaWidget(attrs={"rows": 3}))


class ReratingForm(forms.Form):
    consent_note = forms.CharField(
        label=_("Ghi nhận sự đồng ý của chủ thể"), required=False,
        widget=UnfoldAdminTextareaWidget(attrs={"rows": 3}),
        help_text=_("Bắt buộc khi cán bộ lập hồ sơ thay chủ thể."),
    )


# Lazy to the end (ngettext_lazy with a named number): a plain "%" here would freeze the label in the
# language active at import time ("30 ngày tới" on English pages).
EXPIRING_CHOICES = [(d, ngettext_lazy("%(d)s ngày tới", "%(d)s ngày tới", "d") % {"d": d})
                    for d in (30, 60, 90, 120, 150, 180, 365)]


class ExpiringFilterForm(forms.Form):
    within = forms.TypedChoiceField(label=_("Hết hạn trong"), choices=EXPIRING_CHOICES, coerce=int,
                                    initial=180, widget=UnfoldAdminSelectWidget)
    unit = forms.TypedChoiceField(label=_("Đơn vị"), required=False, coerce=int, empty_value=None,
                                  widget=UnfoldAdminSelectWidget)
    stars = forms.TypedChoiceField(label=_("Hạng sao"), required=False, coerce=int, empty_value=None,
                                   choices=[("", _("Tất cả")), (3, "3★"), (4, "4★"), (5, "5★")],
                                   widget=UnfoldAdminSelectWidget)

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.units = {u.pk: u for u in units}
        self.fields["unit"].choices = [("", _("Toàn bộ phạm vi"))] + [
            (u.pk, ("— " if u.level == AdminUnit.Level.COMMUNE else "") + u.full_name) for u in units
        ]

    def filters(self) -> dict:
        if not self.is_valid():
            return {"within_days": 180, "unit": None, "stars": None}
        data = self.cleaned_data
        return {"within_days": data["within"], "unit": self.units.get(data["unit"]), "stars": data["stars"]}

