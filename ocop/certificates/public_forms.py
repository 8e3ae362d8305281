"""The public lookup box: the verification code printed under the QR code, or the OCOP product
code printed on the label (ocop.certificates.selectors.certificate_lookup resolves either)."""

import re
import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

#: An OCOP product code as printed on labels: (province)-(commune)-(serial)-(year), 75-26068-003-2026.
PRODUCT_CODE = re.compile(r"^\d{1,6}(-\d{1,6}){2,4}$")


class VerifyLookupForm(forms.Form):
    ma = forms.CharField(label=_("Mã xác minh (dưới mã QR) hoặc mã sản phẩm OCOP (trên nhãn)"), max_length=60)

    def clean_ma(self):
        text = self.cleaned_data["ma"].strip()
        try:
            return str(uuid.UUID(text))
        except ValueError:
            pass
        if not PRODUCT_CODE.match(text):
            raise forms.ValidationError(_(
                "Nhập mã xác minh (32 chữ số và chữ cái a–f, có thể có dấu gạch ngang) hoặc mã sản phẩm OCOP "
                "dạng 75-26068-003-2026."
            ))
        return text
