"""Portal forms: input validation only; the rules live in the services."""

from django import forms
from django.conf import settings
from django.contrib.auth.forms import UserCreationForm
from django.utils.translation import gettext_lazy as _

from ocop.accounts.models import User
from ocop.cycle.models import BusinessPlan, Milestone, ProductIdea
from ocop.cycle.services import IDEA_FIELDS, PLAN_FIELDS
from ocop.registry.models import Document, Producer
from ocop.territory.models import AdminUnit

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def current_communes():
    return AdminUnit.objects.filter(generation=AdminUnit.Generation.CURRENT, level=AdminUnit.Level.COMMUNE)


class CommuneChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.full_name} – {obj.parent.full_name}" if obj.parent_id else obj.full_name


class RegistrationForm(UserCreationForm):
    """The account (username, password) and the producer's details, in one form."""

    kind = forms.ChoiceField(label=_("Loại hình chủ thể"), choices=Producer.Kind.choices)
    name = forms.CharField(label=_("Tên chủ thể (hộ, hợp tác xã, doanh nghiệp)"), max_length=255)
    tax_code = forms.CharField(
        label=_("Mã số thuế / số đăng ký kinh doanh"), max_length=20, required=False,
        help_text=_("Doanh nghiệp, hợp tác xã: 10 chữ số. Hộ kinh doanh: số đăng ký hộ kinh doanh."),
    )
    rep_name = forms.CharField(label=_("Người đại diện"), max_length=150)
    rep_title = forms.CharField(label=_("Chức vụ"), max_length=100, required=False)
    commune_search = forms.CharField(
        label=_("Tìm xã, phường"), required=False,
        help_text=_("Gõ tên xã, có dấu hay không dấu, có thể kèm tên tỉnh (ví dụ: long thanh, phu hoa dong nai); "
                    "rồi chọn đúng xã trong danh sách."),
    )
    # Rendered as the radio list of the ranked search (portal/_commune_options.html): nothing is
    # chosen until the producer picks one; any current commune validates.
    unit = CommuneChoiceField(label=_("Xã, phường"), queryset=current_communes(),
                              error_messages={"required": _("Hãy tìm và chọn xã, phường của chủ thể.")})
    address = forms.CharField(label=_("Địa chỉ (số nhà, ấp, thôn)"), max_length=255, required=False)
    confirm_duplicates = forms.BooleanField(
        label=_("Tôi xác nhận đây là chủ thể chưa từng đăng ký"), required=False,
    )

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ["username", "full_name", "email", "phone"]
        labels = {"username": _("Tên đăng nhập"), "full_name": _("Họ và tên"), "email": _("Thư điện tử")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["full_name"].required = True

    def producer_data(self) -> dict:
        data = self.cleaned_data
        return {
            "kind": data["kind"], "name": data["name"], "tax_code": data.get("tax_code", ""),
            "rep_name": data["rep_name"], "rep_title": data.get("rep_title", ""), "unit": data["unit"],
            "address": data.get("address", ""), "phone": data.get("phone", ""), "email": data.get("email", ""),
        }


class IdeaForm(forms.ModelForm):
    """Forms 01/02. In assisted mode (an officer for a household) consent must be recorded."""

    class Meta:
        model = ProductIdea
        fields = IDEA_FIELDS
        widgets = {"description": forms.Textarea(attrs={"rows": 5}), "expected_market": forms.Textarea(attrs={"rows": 3}),
                   "consent_note": forms.Textarea(attrs={"rows": 2})}
        help_texts = {"consent_note": _("Ví dụ: chủ hộ đồng ý trực tiếp tại UBND xã ngày…, có ký xác nhận.")}

    def __init__(self, *args, assisted: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not assisted:
            del self.fields["consent_recorded"], self.fields["consent_note"]


class PlanForm(forms.ModelForm):
    """Form 03: the business plan."""

    class Meta:
        model = BusinessPlan
        fields = PLAN_FIELDS
        widgets = {"summary": forms.Textarea(attrs={"rows": 5}), "timeline": forms.Textarea(attrs={"rows": 3}),
                   "market_plan": forms.Textarea(attrs={"rows": 3})}


class MilestoneForm(forms.ModelForm):
    class Meta:
        model = Milestone
        fields = ["title", "due", "done_on", "note"]
        widgets = {"due": DATE, "done_on": DATE}


class DocumentForm(forms.ModelForm):
    class Meta:
        model = Document
        fields = ["kind", "title", "number", "issuer", "issued_on", "expires_on", "file", "note"]
        widgets = {"issued_on": DATE, "expires_on": DATE, "note": forms.Textarea(attrs={"rows": 2})}


class TransitionForm(forms.Form):
    reason = forms.CharField(label=_("Lý do, ý kiến"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, reason_required: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].required = reason_required


class EvidenceFileForm(forms.Form):
    """A new file for a document cited as evidence (checked by content and size in the service)."""

    file = forms.FileField(
        label=_("Tệp mới"), error_messages={"required": _("Hãy chọn tệp để thay.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _("PDF hoặc ảnh (JPEG, PNG, WebP), tối đa %(mb)s MB.") % {
            "mb": settings.OCOP_DOCUMENT_MAX_BYTES // (1024 * 1024)}
