"""Trade promotion (cycle step 6): fairs and events, who took part and what they sold, buyer
contacts and the orders that followed, OCOP sales points and e-commerce listings.

Money is VND as Decimal with no minor unit. Writes go through ocop.promotion.services; reads
that depend on the user through ocop.promotion.selectors. The return of an event is computed by
the pure module ocop.promotion.returns, never stored.
"""

from django.conf import settings
from django.core.validators import MinValueValidator, URLValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ocop.core.models import TimeStampedModel
from ocop.lib.formatting import money, short_date

VND = {"max_digits": 15, "decimal_places": 0, "validators": [MinValueValidator(0)], "default": 0}


class Event(TimeStampedModel):
    """A fair, exhibition, OCOP week, supply-demand conference or online sales event."""

    class Kind(models.TextChoices):
        FAIR = "fair", _("Hội chợ")
        EXHIBITION = "exhibition", _("Triển lãm, trưng bày")
        WEEK = "week", _("Tuần hàng, phiên chợ OCOP")
        MATCHING = "matching", _("Hội nghị kết nối cung cầu")
        ONLINE = "online", _("Sự kiện trực tuyến, livestream")
        OTHER = "other", _("Khác")

    name = models.CharField(_("tên sự kiện"), max_length=255)
    kind = models.CharField(_("loại sự kiện"), max_length=12, choices=Kind.choices, default=Kind.FAIR)
    organiser = models.CharField(_("đơn vị tổ chức"), max_length=255)
    starts_on = models.DateField(_("từ ngày"))
    ends_on = models.DateField(_("đến ngày"))
    place = models.CharField(_("địa điểm"), max_length=255)
    unit = models.ForeignKey(
        "territory.AdminUnit", verbose_name=_("đơn vị quản lý"), on_delete=models.PROTECT, related_name="+",
        help_text=_("Tỉnh hoặc xã ghi nhận sự kiện (quyết định ai xem, ai sửa); có thể khác nơi tổ chức."),
    )
    organising_cost = models.DecimalField(
        _("kinh phí nhà nước hỗ trợ, tổ chức (đồng)"), help_text=_("Chi phí của cơ quan quản lý cho sự kiện."), **VND
    )
    visitors = models.PositiveIntegerField(_("lượt khách"), null=True, blank=True)
    description = models.TextField(_("mô tả"), blank=True)
    is_public = models.BooleanField(_("công bố trên trang công khai"), default=True)

    class Meta:
        verbose_name = _("hội chợ, sự kiện")
        verbose_name_plural = pgettext_lazy("plural", "hội chợ, sự kiện")
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="event_ends_after_start",
                violation_error_message=_("Ngày kết thúc không được trước ngày bắt đầu.")),
            models.CheckConstraint(condition=Q(organising_cost__gte=0), name="event_cost_not_negative",
                violation_error_message=_("Chi phí tổ chức không được âm.")),
        ]
        indexes = [
            # Indicators by year and the public "upcoming events" list: by start date.
            models.Index(fields=["starts_on"], name="event_starts_idx"),
        ]

    def __str__(self):
        return f"{self.name} ({short_date(self.starts_on)})"


class Participation(TimeStampedModel):
    """A producer at an event: the products shown, its cost of attending and its sales there."""

    event = models.ForeignKey(Event, verbose_name=_("sự kiện"), on_delete=models.CASCADE, related_name="participations")
    producer = models.ForeignKey(
        "registry.Producer", verbose_name=_("chủ thể"), on_delete=models.PROTECT, related_name="participations"
    )
    products = models.ManyToManyField(
        "registry.Product", verbose_name=_("sản phẩm trưng bày"), related_name="participations", blank=True
    )
    booth = models.CharField(_("gian hàng"), max_length=100, blank=True)
    cost = models.DecimalField(_("chi phí tham gia (đồng)"), help_text=_("Gian hàng, vận chuyển, đi lại…"), **VND)
    sales = models.DecimalField(_("doanh số bán tại sự kiện (đồng)"), **VND)
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("chủ thể tham gia")
        verbose_name_plural = pgettext_lazy("plural", "chủ thể tham gia")
        ordering = ["event", "producer__name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["event", "producer"], name="participation_once_per_event"),
            models.CheckConstraint(condition=Q(cost__gte=0, sales__gte=0), name="participation_money_not_negative",
                violation_error_message=_("Chi phí và doanh số không được âm.")),
        ]

    def __str__(self):
        return f"{self.producer} – {self.event.name}"


class BuyerContact(models.Model):
    """A buyer met at the event (a shop, distributor, supermarket, exporter…)."""

    participation = models.ForeignKey(
        Participation, verbose_name=_("chủ thể tham gia"), on_delete=models.CASCADE, related_name="contacts"
    )
    name = models.CharField(_("người liên hệ"), max_length=150)
    organisation = models.CharField(_("đơn vị"), max_length=255, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=30, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    interest = models.TextField(_("nhu cầu, quan tâm"), blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("khách hàng, đối tác")
        verbose_name_plural = pgettext_lazy("plural", "khách hàng, đối tác")
        ordering = ["participation", "name", "id"]

    def __str__(self):
        return f"{self.name} ({self.organisation})" if self.organisation else self.name


class FollowUpOrder(models.Model):
    """An order placed after the event, by a buyer met there."""

    participation = models.ForeignKey(
        Participation, verbose_name=_("chủ thể tham gia"), on_delete=models.CASCADE, related_name="orders"
    )
    buyer = models.ForeignKey(
        BuyerContact, verbose_name=_("khách hàng"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="orders",
    )
    ordered_on = models.DateField(_("ngày đặt hàng"))
    amount = models.DecimalField(_("giá trị đơn hàng (đồng)"), **VND)
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("đơn hàng sau sự kiện")
        verbose_name_plural = pgettext_lazy("plural", "đơn hàng sau sự kiện")
        ordering = ["participation", "ordered_on", "id"]
        constraints = [models.CheckConstraint(condition=Q(amount__gte=0), name="followuporder_amount_not_negative",
                violation_error_message=_("Giá trị đơn hàng không được âm."))]

    def __str__(self):
        return f"{short_date(self.ordered_on)}: {money(self.amount)}"


class SalesPoint(TimeStampedModel):
    """An OCOP sales point (điểm giới thiệu và bán sản phẩm OCOP)."""

    class Kind(models.TextChoices):
        SHOWROOM = "showroom", _("Trung tâm, điểm giới thiệu sản phẩm OCOP")
        SHOP = "shop", _("Cửa hàng")
        SUPERMARKET = "supermarket", _("Siêu thị, chuỗi bán lẻ")
        TOURISM = "tourism", _("Điểm du lịch, dừng chân")
        OTHER = "other", _("Khác")

    name = models.CharField(_("tên điểm bán"), max_length=255)
    kind = models.CharField(_("loại"), max_length=12, choices=Kind.choices, default=Kind.SHOWROOM)
    operator = models.CharField(_("đơn vị vận hành"), max_length=255, blank=True)
    address = models.CharField(_("địa chỉ"), max_length=255)
    unit = models.ForeignKey(
        "territory.AdminUnit", verbose_name=_("xã, phường"), on_delete=models.PROTECT, related_name="+",
        limit_choices_to={"generation": "current", "level": "commune"},
    )
    phone = models.CharField(_("điện thoại"), max_length=30, blank=True)
    opened_on = models.DateField(_("ngày khai trương"), null=True, blank=True)
    is_active = models.BooleanField(_("đang hoạt động"), default=True)
    products = models.ManyToManyField(
        "registry.Product", verbose_name=_("sản phẩm bày bán"), related_name="sales_points", blank=True
    )

    class Meta:
        verbose_name = _("điểm bán OCOP")
        verbose_name_plural = pgettext_lazy("plural", "điểm bán OCOP")
        ordering = ["name", "id"]

    def __str__(self):
        return self.name


class EcommerceLink(TimeStampedModel):
    """A listing of a product on an e-commerce platform or the producer's own shop."""

    class Platform(models.TextChoices):
        SHOPEE = "shopee", "Shopee"
        LAZADA = "lazada", "Lazada"
        TIKI = "tiki", "Tiki"
        TIKTOK = "tiktok", "TikTok Shop"
        SENDO = "sendo", "Sendo"
        POSTMART = "postmart", "Postmart"
        VOSO = "voso", "Voso"
        WEBSITE = "website", _("Trang bán hàng của chủ thể")
        OTHER = "other", _("Khác")

    product = models.ForeignKey(
        "registry.Product", verbose_name=_("sản phẩm"), on_delete=models.CASCADE, related_name="ecommerce_links"
    )
    platform = models.CharField(_("sàn, kênh"), max_length=10, choices=Platform.choices)
    url = models.URLField(
        _("đường dẫn"), max_length=500, validators=[URLValidator(schemes=["http", "https"])],
        help_text=_("Bắt đầu bằng http:// hoặc https://"),
    )
    shop_name = models.CharField(_("tên gian hàng"), max_length=150, blank=True)
    is_active = models.BooleanField(_("đang bán"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người nhập"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )

    class Meta:
        verbose_name = _("liên kết thương mại điện tử")
        verbose_name_plural = pgettext_lazy("plural", "liên kết thương mại điện tử")
        ordering = ["product", "platform", "id"]
        constraints = [
            models.UniqueConstraint(fields=["product", "url"], name="ecommercelink_unique_url"),
            models.CheckConstraint(
                condition=Q(url__startswith="http://") | Q(url__startswith="https://"),
                name="ecommercelink_url_http",
                violation_error_message=_("Địa chỉ phải bắt đầu bằng http:// hoặc https://."),
            ),
        ]

    def __str__(self):
        return f"{self.get_platform_display()}: {self.product}"
