"""Forms of the producer's own space: products, photos, e-commerce links, re-rating and the
address correction. Input validation only; the rules live in the services."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from ocop.portal.forms import CommuneChoiceField, current_communes
from ocop.promotion.models import EcommerceLink, SalesPoint
from ocop.registry.models import Product

PRODUCT_FORM_FIELDS = ["name", "criteria_set", "description", "packaging", "price"]


class SalesPointChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} – {obj.address}"


class ProductForm(forms.ModelForm):
    """Name, the set (group) of the classification, description, packaging, price, and the sales
    points of the product's province that carry it."""

    sales_points = SalesPointChoiceField(
        label=_("Điểm bán OCOP đang bày bán"), queryset=SalesPoint.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Product
        fields = PRODUCT_FORM_FIELDS
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, sales_points=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["criteria_set"].help_text = _("Nhóm và bộ sản phẩm theo phân loại OCOP (QĐ 148/QĐ-TTg).")
        self.fields["price"].widget.attrs["min"] = 0
        if sales_points is None:
            del self.fields["sales_points"]
        else:
            self.fields["sales_points"].queryset = sales_points
            if self.instance.pk:
                self.fields["sales_points"].initial = list(self.instance.sales_points.values_list("pk", flat=True))

    def product_data(self) -> dict:
        return {field: self.cleaned_data[field] for field in PRODUCT_FORM_FIELDS}


class PhotoForm(forms.Form):
    image = forms.FileField(label=_("Ảnh sản phẩm"),
                            help_text=_("JPEG, PNG hoặc WebP; ảnh được kiểm tra theo nội dung tệp."),
                            widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}))
    caption = forms.CharField(label=_("Chú thích"), max_length=200, required=False)

    def clean_image(self):
        image = self.cleaned_data["image"]
        if image.size > settings.OCOP_PHOTO_MAX_BYTES:
            raise forms.ValidationError(_("Ảnh quá lớn (tối đa %(mb)s MB).")
                                        % {"mb": settings.OCOP_PHOTO_MAX_BYTES // (1024 * 1024)})
        return image


class LinkForm(forms.Form):
    platform = forms.ChoiceField(label=_("Sàn, kênh"), choices=EcommerceLink.Platform.choices)
    url = forms.URLField(label=_("Đường dẫn"), max_length=500, assume_scheme="https",
                         help_text=_("Bắt đầu bằng http:// hoặc https://"))
    shop_name = forms.CharField(label=_("Tên gian hàng"), max_length=150, required=False)


class ReratingForm(forms.Form):
    consent_note = forms.CharField(label=_("Ghi chú"), max_length=500, required=False)


class AddressRequestForm(forms.Form):
    commune_search = forms.CharField(label=_("Tìm xã, phường"), required=False,
                                     help_text=_("Gõ tên xã, có dấu hay không dấu (ví dụ: long thanh)."))
    unit = CommuneChoiceField(label=_("Xã, phường đúng"), queryset=current_communes())
    address = forms.CharField(label=_("Địa chỉ đúng (số nhà, ấp, thôn)"), max_length=255, required=False)
    reason = forms.CharField(label=_("Lý do"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, producer=None, **kwargs):
        super().__init__(*args, **kwargs)
        if producer is not None and not self.is_bound:
            self.initial.update({"unit": producer.unit_id, "address": producer.address})
