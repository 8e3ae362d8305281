"""Back-office forms: input validation only; the rules live in services and validators."""

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _

from ocop.registry import services
from ocop.registry.models import Document, Producer, Product, ProductPhoto
from ocop.registry.validators import (
    check_document_file,
    check_image_file,
    normalize_code,
    photos_over_limit_error,
)


class ScopedFormMixin:
    """The admin sets form.actor; a unit outside the actor's write scope is a form error."""

    actor = None

    def check_unit(self, unit, producer=None):
        try:
            services.check_can_write(self.actor, unit, producer=producer)
        except PermissionDenied as exc:
            raise ValidationError(str(exc)) from exc


class ProducerAdminForm(ScopedFormMixin, forms.ModelForm):
    confirm_duplicates = forms.BooleanField(
        label=_("Vẫn lưu (đã kiểm tra, không phải trùng)"), required=False, widget=forms.HiddenInput
    )

    class Meta:
        model = Producer
        fields = services.PRODUCER_FIELDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.duplicates = []

    def clean_unit(self):
        unit = self.cleaned_data["unit"]
        self.check_unit(unit, producer=self.instance if self.instance.pk else None)
        return unit

    def clean(self):
        cleaned = super().clean()
        watched = {"name", "tax_code", "unit"}
        if self.errors or (self.instance.pk and not watched & set(self.changed_data)):
            return cleaned
        self.duplicates = services.producer_find_duplicates(
            name=cleaned.get("name", ""), unit=cleaned.get("unit"),
            tax_code=normalize_code(cleaned.get("tax_code")), exclude_pk=self.instance.pk,
        )
        if self.duplicates and not cleaned.get("confirm_duplicates"):
            self.fields["confirm_duplicates"].widget = forms.CheckboxInput()
            listing = "; ".join(f"{d.producer.name} – {d.producer.unit} ({d.reason})" for d in self.duplicates)
            raise ValidationError(
                _("Có thể trùng với chủ thể đã có: %(list)s. Nếu chắc chắn không trùng, hãy đánh dấu "
                  "“Vẫn lưu” rồi lưu lại.") % {"list": listing},
                code="duplicate",
            )
        return cleaned


class ProductAdminForm(ScopedFormMixin, forms.ModelForm):
    class Meta:
        model = Product
        fields = services.PRODUCT_FIELDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "unit" in self.fields:
            self.fields["unit"].required = False
            self.fields["unit"].help_text = _("Để trống: lấy xã, phường của chủ thể.")

    def clean(self):
        cleaned = super().clean()
        producer = cleaned.get("producer")
        if producer is not None:
            cleaned["unit"] = cleaned.get("unit") or producer.unit
            self.check_unit(cleaned["unit"], producer=producer)
        return cleaned


class ProductPhotoFormSet(forms.BaseInlineFormSet):
    """At most MAX_PHOTOS_PER_PRODUCT photos, counted before anything is saved."""

    def clean(self):
        super().clean()
        kept = [f for f in self.forms if getattr(f, "cleaned_data", None) and not f.cleaned_data.get("DELETE")
                and (f.instance.pk or f.cleaned_data.get("image"))]
        if error := photos_over_limit_error(len(kept)):
            raise error


class ProductPhotoInlineForm(forms.ModelForm):
    class Meta:
        model = ProductPhoto
        fields = ["image", "caption", "position"]

    def clean_image(self):
        image = self.cleaned_data.get("image")
        if image is not None and hasattr(image, "content_type"):  # a new upload
            check_image_file(image, max_bytes=settings.OCOP_PHOTO_MAX_BYTES)
        return image


class DocumentAdminForm(ScopedFormMixin, forms.ModelForm):
    class Meta:
        model = Document
        fields = ["producer", "product", "kind", "title", "number", "issuer", "issued_on", "expires_on", "file", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and "file" in self.fields:
            # A stored document is never replaced in place: dossiers cite it. Upload a new one.
            self.fields["file"].required = False
            self.fields["file"].disabled = True

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload is not None and hasattr(upload, "content_type") and not self.instance.pk:
            check_document_file(upload, max_bytes=settings.OCOP_DOCUMENT_MAX_BYTES)
        return upload

    def clean(self):
        cleaned = super().clean()
        producer, product = cleaned.get("producer"), cleaned.get("product")
        if producer is not None:
            self.check_unit(producer.unit, producer=producer)
            upload = cleaned.get("file")
            if not self.instance.pk and upload is not None and "file" not in self.errors:
                try:
                    services.document_check_file(producer=producer, file=upload)
                except ValidationError as exc:
                    self.add_error("file", exc)
            if product is not None and product.producer_id != producer.pk:
                self.add_error("product", _("Sản phẩm không thuộc chủ thể này."))
        return cleaned


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Tệp theo mẫu (.xlsx, .csv hoặc .ods)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv,.ods"}),
    )
    only_valid = forms.BooleanField(
        label=_("Chỉ nhập các dòng hợp lệ (bỏ qua các dòng lỗi)"), required=False,
        help_text=_("Mặc định không ghi gì nếu tệp còn dòng lỗi."),
    )


class ImportConfirmForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput, max_length=64)
    only_valid = forms.BooleanField(required=False, widget=forms.HiddenInput)
