"""The public catalog's own records: reports of suspected fakes sent by the public, and products an
officer has withdrawn from the public catalog (while a report is checked, for example).

What the catalog shows is decided by ocop.catalog.selectors.published_products(), never here.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class FakeReport(models.Model):
    """"Báo cáo nghi ngờ giả mạo": someone saw a product or a stamp they think is not genuine."""

    class Status(models.TextChoices):
        NEW = "new", _("Mới nhận")
        CHECKING = "checking", _("Đang xác minh")
        CONFIRMED = "confirmed", _("Xác nhận có vi phạm")
        DISMISSED = "dismissed", _("Không có cơ sở")

    product = models.ForeignKey(
        "registry.Product", verbose_name=_("sản phẩm"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="fake_reports",
    )
    certificate_code = models.CharField(
        _("mã trên tem / giấy chứng nhận"), max_length=100, blank=True,
        help_text=_("Mã xác minh (in dưới mã QR) hoặc số quyết định ghi trên sản phẩm."),
    )
    #: The product's commune when known (decides which officers see the report); empty: national.
    unit = models.ForeignKey(
        "territory.AdminUnit", verbose_name=_("xã, phường"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", editable=False,
    )
    where_seen = models.CharField(_("nơi phát hiện"), max_length=255,
                                  help_text=_("Cửa hàng, chợ, địa chỉ hoặc đường dẫn trang bán hàng."))
    description = models.TextField(_("nội dung"))
    reporter_name = models.CharField(_("người báo cáo"), max_length=150, blank=True)
    reporter_contact = models.CharField(_("điện thoại hoặc thư điện tử"), max_length=150, blank=True)
    #: A keyed hash of the sender's IP address: repeated reports can be grouped, the address is not kept.
    ip_hash = models.CharField(max_length=64, blank=True, editable=False, db_index=True)
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.NEW)
    review_note = models.TextField(_("kết quả xác minh"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người xác minh"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+", editable=False,
    )
    reviewed_at = models.DateTimeField(_("xác minh lúc"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("nhận lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("báo cáo nghi ngờ giả mạo")
        verbose_name_plural = pgettext_lazy("plural", "báo cáo nghi ngờ giả mạo")
        ordering = ["-created_at", "-id"]
        indexes = [
            # The officers' queue: open reports first, newest first.
            models.Index(fields=["status", "-created_at"], name="fakereport_queue_idx"),
        ]

    def __str__(self):
        subject = self.product.name if self.product_id else (self.certificate_code or self.where_seen)
        return f"#{self.pk or '–'} {subject}"


class CatalogWithdrawal(models.Model):
    """A product an officer has taken off the public catalog, with the reason (until restored)."""

    product = models.OneToOneField(
        "registry.Product", verbose_name=_("sản phẩm"), on_delete=models.CASCADE, related_name="catalog_withdrawal"
    )
    reason = models.TextField(_("lý do"))
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người thực hiện"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+", editable=False,
    )
    created_at = models.DateTimeField(_("tạm ẩn lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("sản phẩm tạm ẩn khỏi danh mục")
        verbose_name_plural = pgettext_lazy("plural", "sản phẩm tạm ẩn khỏi danh mục")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return str(self.product)
