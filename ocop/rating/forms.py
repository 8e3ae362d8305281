"""Input forms of the rating pages (validation only; the services hold the rules)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ocop.criteria.scoring import NO_OPTION
from ocop.criteria.sheet_form import SheetForm
from ocop.rating.models import CommuneReview, Dossier, RatingResult
from ocop.rating.services.historical import HISTORICAL_REGIMES, historical_errors


class ScoringSheetForm(SheetForm):
    """The shared SheetForm, also accepting "0" (no option of the criterion applies)."""

    def __init__(self, criteria_set, *args, **kwargs):
        super().__init__(criteria_set, *args, **kwargs)
        for field in self.fields.values():
            if NO_OPTION not in dict(field.choices):
                field.choices = [*field.choices, (NO_OPTION, _("Không phương án nào phù hợp (0 điểm)"))]


class DossierCreateForm(forms.Form):
    product = forms.ModelChoiceField(label=_("Sản phẩm"), queryset=None)
    kind = forms.ChoiceField(label=_("Lần đăng ký"), choices=Dossier.Kind.choices, initial=Dossier.Kind.FIRST)
    assisted = forms.BooleanField(label=_("Cán bộ xã lập thay chủ thể"), required=False)
    consent_note = forms.CharField(
        label=_("Ghi nhận sự đồng ý của chủ thể"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Bắt buộc khi cán bộ xã lập thay: ai đồng ý, khi nào, bằng hình thức nào."),
    )

    def __init__(self, *args, products=None, officer: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["product"].queryset = products
        if not officer:  # assisted filing is the commune officer's; a producer never sees it
            del self.fields["assisted"], self.fields["consent_note"]


class DossierForm(forms.ModelForm):
    """Form 01 fields the producer side edits."""

    class Meta:
        model = Dossier
        fields = ["kind", "registration_no", "product_spec", "changes_note", "samples_count"]
        widgets = {"product_spec": forms.Textarea(attrs={"rows": 3}), "changes_note": forms.Textarea(attrs={"rows": 3})}


class EvidenceForm(forms.Form):
    document = forms.ModelChoiceField(label=_("Giấy tờ trong kho"), queryset=None)
    criterion_code = forms.ChoiceField(label=_("Minh chứng cho tiêu chí"), required=False)

    def __init__(self, *args, documents=None, criteria=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["document"].queryset = documents
        self.fields["criterion_code"].choices = [("", _("Dùng chung cho cả hồ sơ"))] + [
            (c.code, f"{c.code}. {c.title[:80]}") for c in criteria
        ]


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Lý do, ý kiến"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class CommuneReviewForm(forms.ModelForm):
    """Form 03, with the conclusion (propose or return)."""

    class Meta:
        model = CommuneReview
        fields = ["complete", "local_materials", "local_labour", "idea_origin", "local_identity", "conclusion",
                  "reasons", "report_number", "issued_on"]
        widgets = {
            name: forms.Textarea(attrs={"rows": 3})
            for name in ["local_materials", "local_labour", "idea_origin", "local_identity", "reasons"]
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["issued_on"].required = False
        self.fields["issued_on"].widget = forms.DateInput(attrs={"type": "date"})

    def clean(self):
        """The conclusion's own needs, as messages on the fields (not the database constraint's name)."""
        cleaned = super().clean()
        conclusion = cleaned.get("conclusion")
        if conclusion == CommuneReview.Conclusion.RETURN and not (cleaned.get("reasons") or "").strip():
            self.add_error("reasons", _("Chọn «Trả lại» thì cần nêu rõ lý do trả lại."))
        if conclusion == CommuneReview.Conclusion.PROPOSE and not cleaned.get("complete"):
            self.add_error("complete", _("Chỉ đề xuất lên tỉnh khi hồ sơ đầy đủ, hợp lệ."))
        return cleaned


class ConflictForm(forms.Form):
    has_conflict = forms.TypedChoiceField(
        label=_("Xung đột lợi ích với hồ sơ này"), coerce=lambda v: v == "1",
        choices=[("0", _("Không có xung đột lợi ích")), ("1", _("Có xung đột lợi ích (không chấm hồ sơ này)"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("Nội dung"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class AdvisoryForm(forms.Form):
    summary = forms.CharField(label=_("Nội dung báo cáo của tổ tư vấn"), widget=forms.Textarea(attrs={"rows": 5}))
    surveyed_on = forms.DateField(label=_("Ngày khảo sát thực tế"), required=False,
                                  widget=forms.DateInput(attrs={"type": "date"}))
    survey_note = forms.CharField(label=_("Kết quả khảo sát thực tế"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 3}))
    extra_tests = forms.CharField(label=_("Đề nghị kiểm nghiệm bổ sung"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 2}))


class FinalizeForm(forms.Form):
    minutes = forms.CharField(label=_("Biên bản họp hội đồng"), required=False, widget=forms.Textarea(attrs={"rows": 6}))
    meeting_on = forms.DateField(label=_("Ngày họp"), required=False, widget=forms.DateInput(attrs={"type": "date"}))


class DiscussionForm(forms.Form):
    note = forms.CharField(
        label=_("Nội dung thảo luận và kết luận của hội đồng"), widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Cần ghi nội dung thảo luận và kết luận của hội đồng.")},
    )


class HistoricalResultForm(forms.ModelForm):
    """A past rating (QĐ 1048, QĐ 148): totals only."""

    class Meta:
        model = RatingResult
        fields = ["product", "level", "regime", "year", "average", "stars", "rated_by_unit", "source"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "regime" in self.fields:  # the change page shows every field read-only
            self.fields["regime"].choices = [(c, label) for c, label in self.fields["regime"].choices
                                             if c in HISTORICAL_REGIMES]

    def clean(self):
        cleaned = super().clean()
        needed = ("level", "regime", "year", "average", "stars")
        if all(cleaned.get(k) is not None for k in needed):
            for field, message in historical_errors(**{k: cleaned[k] for k in needed}).items():
                self.add_error(field, message)
        return cleaned
