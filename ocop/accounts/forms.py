"""Login forms that refuse to check passwords while the username or address is locked out."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from unfold.forms import AuthenticationForm as UnfoldAuthenticationForm

from ocop.accounts import throttle
from ocop.core.audit import AuditAction, audit_record


def throttled_error() -> ValidationError:
    return ValidationError(
        _("Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau %(minutes)d phút.") % {"minutes": throttle.cooldown_minutes()},
        code="throttled",
    )


class ThrottledLoginMixin:
    """Check the lock before the password, and again after a failure that set it."""

    def clean(self):
        username = self.data.get("username", "")[:150]
        if throttle.is_locked(self.request, username):
            audit_record(action=AuditAction.AUTH_LOGIN_THROTTLED, after={"username": username, "ip": throttle.client_ip(self.request)})
            raise throttled_error()
        try:
            return super().clean()
        except ValidationError:
            if throttle.is_locked(self.request, username):
                raise throttled_error() from None
            raise


class PortalLoginForm(ThrottledLoginMixin, AuthenticationForm):
    pass


class AdminLoginForm(ThrottledLoginMixin, UnfoldAuthenticationForm):
    pass


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Mã xác thực (6 chữ số)"),
        max_length=8,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "autofocus": True}),
    )
