"""API tokens: one user may hold several, each named ("phần mềm kế toán", "cổng tỉnh").

Only a SHA-256 hash of the key is stored; the key itself is shown once, when the token is made
(ocop.api.tokens). A client sends it as ``Authorization: Bearer <key>`` and then acts with
exactly the scope of its user (ocop.accounts.scope). A revoked token is kept for the record.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người dùng"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("tên gợi nhớ"), max_length=100, help_text=_("Ứng dụng hoặc hệ thống dùng khoá này."))
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(_("đầu khoá"), max_length=16, editable=False,
                              help_text=_("Vài ký tự đầu của khoá, để nhận ra khoá mà không lộ khoá."))
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("dùng gần nhất"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("khoá API")
        verbose_name_plural = pgettext_lazy("plural", "khoá API")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
