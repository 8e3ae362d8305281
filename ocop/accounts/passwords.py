"""Password rules (settings.AUTH_PASSWORD_VALIDATORS) with Vietnamese messages.

Django's own validators do the checking; its Vietnamese catalogue lacks these messages, so each
one is restated here in our own catalogue. The rules apply to new passwords only.
"""

from django.contrib.auth import password_validation as base
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


class MinimumLengthValidator(base.MinimumLengthValidator):
    def get_error_message(self):
        return ngettext(
            "Mật khẩu quá ngắn: cần ít nhất %(min_length)d ký tự.",
            "Mật khẩu quá ngắn: cần ít nhất %(min_length)d ký tự.",
            self.min_length,
        ) % {"min_length": self.min_length}

    def get_help_text(self):
        return _("Mật khẩu phải có ít nhất %(min_length)d ký tự.") % {"min_length": self.min_length}


class UserAttributeSimilarityValidator(base.UserAttributeSimilarityValidator):
    def validate(self, password, user=None):
        try:
            super().validate(password, user)
        except ValidationError as exc:  # field names mid-sentence read lower-case: "giống tên đăng nhập"
            params = {"verbose_name": str(exc.params["verbose_name"]).lower()}
            raise ValidationError(self.get_error_message(), code=exc.code, params=params) from None

    def get_error_message(self):
        return _("Mật khẩu quá giống %(verbose_name)s.")

    def get_help_text(self):
        return _("Mật khẩu không được giống tên đăng nhập, họ tên hay thư điện tử.")


class CommonPasswordValidator(base.CommonPasswordValidator):
    def get_error_message(self):
        return _("Mật khẩu này quá phổ biến, dễ bị đoán.")

    def get_help_text(self):
        return _("Không dùng mật khẩu phổ biến.")


class NumericPasswordValidator(base.NumericPasswordValidator):
    def get_error_message(self):
        return _("Mật khẩu không được chỉ gồm chữ số.")

    def get_help_text(self):
        return _("Mật khẩu không được chỉ gồm chữ số.")
