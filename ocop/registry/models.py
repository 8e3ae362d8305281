"""The registry: OCOP producers (chủ thể), their products, and the evidence locker of documents.

Writes go through ocop.registry.services; reads that depend on the user through selectors.
Other apps build on these models:

* the rating app adds ``Rating.product = ForeignKey(Product, related_name="ratings")`` (a
  product keeps the history of its ratings there) and cites documents through a
  ``ManyToManyField(Document)`` on its dossier: a Document is stored once and reused;
* the portal finds "my producer" through ProducerMember (user → producer).
"""

import uuid
from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ocop.core.models import TimeStampedModel
from ocop.registry.classification import SET_CODES, criteria_set_choices, get_set
from ocop.registry.validators import business_code_error, normalize_code

CURRENT_COMMUNE = {"generation": "current", "level": "commune"}


class Producer(TimeStampedModel):
    class Kind(models.TextChoices):
        COOPERATIVE = "htx", _("Hợp tác xã")
        COOP_UNION = "lhhtx", _("Liên hiệp hợp tác xã")
        COOP_GROUP = "tht", _("Tổ hợp tác")
        SME = "dn", _("Doanh nghiệp nhỏ và vừa")
        FARM = "trang_trai", _("Trang trại")
        HOUSEHOLD = "ho", _("Hộ sản xuất, hộ gia đình có đăng ký kinh doanh")
        ASSOCIATION = "hoi", _("Hội, hiệp hội (du lịch cộng đồng)")
        MANAGEMENT_BOARD = "bql", _("Ban quản lý, trung tâm điều hành (du lịch cộng đồng)")

    #: Kinds whose registration number may be a household business number, not an MST.
    HOUSEHOLD_KINDS = frozenset({Kind.HOUSEHOLD, Kind.FARM, Kind.COOP_GROUP})
    #: Kinds admitted only for the community tourism set (26).
    TOURISM_ONLY_KINDS = frozenset({Kind.ASSOCIATION, Kind.MANAGEMENT_BOARD})

    kind = models.CharField(_("loại hình chủ thể"), max_length=12, choices=Kind.choices)
    name = models.CharField(_("tên chủ thể"), max_length=255)
    tax_code = models.CharField(
        _("mã số thuế / số ĐKKD"), max_length=20, blank=True, db_index=True,
        help_text=_("10 chữ số; chi nhánh 10 chữ số-3 chữ số; hộ kinh doanh: số đăng ký (vd. 47A8001234)."),
    )
    registered_on = models.DateField(_("ngày đăng ký kinh doanh"), null=True, blank=True)
    founded_on = models.DateField(_("ngày thành lập"), null=True, blank=True)
    joined_ocop_on = models.DateField(
        _("ngày tham gia OCOP"), null=True, blank=True,
        help_text=_("Dùng để đếm tổ chức kinh tế mới tham gia chương trình."),
    )
    # Legal representative; the criteria score women and ethnic-minority representatives.
    rep_name = models.CharField(_("người đại diện theo pháp luật"), max_length=150, blank=True)
    rep_title = models.CharField(_("chức vụ"), max_length=100, blank=True)
    rep_is_woman = models.BooleanField(_("người đại diện là nữ"), default=False)
    rep_is_ethnic_minority = models.BooleanField(_("người đại diện là người dân tộc thiểu số"), default=False)
    rep_ethnicity = models.CharField(_("dân tộc"), max_length=50, blank=True)
    # Address: the commune is always a current-map commune.
    unit = models.ForeignKey(
        "territory.AdminUnit", verbose_name=_("xã, phường"), on_delete=models.PROTECT,
        related_name="+", limit_choices_to=CURRENT_COMMUNE,
    )
    address = models.CharField(_("địa chỉ (số nhà, ấp, thôn)"), max_length=255, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=30, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    website = models.URLField(_("trang web"), blank=True)
    workforce_total = models.PositiveIntegerField(_("tổng số lao động"), default=0)
    workforce_local = models.PositiveIntegerField(_("lao động địa phương"), default=0)
    workforce_women = models.PositiveIntegerField(_("lao động nữ"), default=0)
    note = models.TextField(_("ghi chú"), blank=True)
    search_text = models.TextField(editable=False, blank=True)


    class Meta:
        verbose_name = _("chủ thể OCOP")
        verbose_name_plural = pgettext_lazy("plural", "chủ thể OCOP")
        ordering = ["name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(workforce_local__lte=F("workforce_total")) & Q(workforce_women__lte=F("workforce_total")),
                name="producer_workforce_parts_le_total",
                violation_error_message=_("Số lao động địa phương và số lao động nữ không được lớn hơn tổng số lao động."),
            ),
        ]
        indexes = [
            # Duplicate check: producers of the same commune; lists filtered by commune and kind.
            models.Index(fields=["unit", "kind"], name="producer_unit_kind_idx"),
            # The API's incremental sync (updated_since): changed rows in (updated_at, id) order.
            models.Index(fields=["updated_at", "id"], name="producer_updated_idx"),
            # The API's list order (name, id): read in order, each producer checked by its products.
            models.Index(fields=["name", "id"], name="producer_name_idx"),
        ]

    def __str__(self):
        return self.name

    @property
    def is_household(self) -> bool:
        return self.kind in self.HOUSEHOLD_KINDS

    def clean(self):
        self.tax_code = normalize_code(self.tax_code)
        errors = {}
        if message := business_code_error(self.tax_code, household=self.is_household):
            errors["tax_code"] = message
        if self.workforce_local > self.workforce_total:
            errors["workforce_local"] = _("Lao động địa phương không thể nhiều hơn tổng số lao động.")
        if self.workforce_women > self.workforce_total:
            errors["workforce_women"] = _("Lao động nữ không thể nhiều hơn tổng số lao động.")
        if self.founded_on and self.joined_ocop_on and self.joined_ocop_on < self.founded_on:
            errors["joined_ocop_on"] = _("Ngày tham gia OCOP không thể trước ngày thành lập.")
        if errors:
            raise ValidationError(errors)


class ProducerMember(models.Model):
    """A portal user who acts for a producer ("my producer" in the producer portal)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người dùng"), on_delete=models.CASCADE,
        related_name="producer_memberships",
    )
    producer = models.ForeignKey(Producer, verbose_name=_("chủ thể"), on_delete=models.CASCADE, related_name="members")
    is_owner = models.BooleanField(_("chủ sở hữu / đại diện"), default=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("tài khoản của chủ thể")
        verbose_name_plural = pgettext_lazy("plural", "tài khoản của chủ thể")
        constraints = [models.UniqueConstraint(fields=["user", "producer"], name="producermember_unique")]

    def __str__(self):
        return f"{self.user} – {self.producer}"


def validate_criteria_set(value: str) -> None:
    if value not in SET_CODES:
        raise ValidationError(_("Bộ tiêu chí phải là mã từ 01 đến 26."), code="invalid_set")


class Product(TimeStampedModel):
    """A product (or community tourism service). Its ratings live in the rating app."""

    # Not columns: set on the rows the catalog's selectors return (ocop.catalog.selectors).
    certificate: Any
    cover: Any

    producer = models.ForeignKey(Producer, verbose_name=_("chủ thể"), on_delete=models.PROTECT, related_name="products")
    unit = models.ForeignKey(
        "territory.AdminUnit", verbose_name=_("xã, phường"), on_delete=models.PROTECT,
        related_name="+", limit_choices_to=CURRENT_COMMUNE,
    )
    name = models.CharField(_("tên sản phẩm"), max_length=255)
    criteria_set = models.CharField(
        _("bộ sản phẩm (bộ tiêu chí)"), max_length=2, choices=criteria_set_choices,
        validators=[validate_criteria_set],
    )
    description = models.TextField(_("mô tả"), blank=True)
    story = models.TextField(_("câu chuyện sản phẩm"), blank=True)
    packaging = models.CharField(_("quy cách đóng gói"), max_length=255, blank=True,
                                 help_text=_("Ví dụ: hộp giấy 500 g, chai thủy tinh 750 ml."))
    price = models.PositiveBigIntegerField(_("giá bán lẻ (đồng)"), null=True, blank=True)
    ocop_code = models.CharField(
        _("mã sản phẩm OCOP"), max_length=32, unique=True, null=True, blank=True, editable=False,
        help_text=_("(mã tỉnh)-(mã xã)-(số thứ tự)-(năm), vd. 75-26068-003-2026."),
    )
    is_active = models.BooleanField(_("đang sản xuất, kinh doanh"), default=True)
    search_text = models.TextField(editable=False, blank=True)
    # The stars the product shows between standing_from and standing_until (None: no certificate in
    # force then). Kept by ocop.certificates (see ocop/certificates/standing.py) so that the catalog
    # sorts, filters and counts published products on their own row, not over their certificates.
    standing_stars = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    standing_from = models.DateField(default=date.min, editable=False)
    standing_until = models.DateField(default=date.max, editable=False)


    class Meta:
        verbose_name = _("sản phẩm")
        verbose_name_plural = pgettext_lazy("plural", "sản phẩm")
        ordering = ["name", "id"]
        constraints = [
            # Natural key of the import: (producer, name).
            models.UniqueConstraint(fields=["producer", "name"], name="product_unique_name_per_producer"),
        ]
        indexes = [
            models.Index(fields=["unit", "criteria_set"], name="product_unit_set_idx"),
            # The products of a scope's units as an index-only scan (no read of the product rows):
            # back-office lists and counts scoped by the products' unit (the inbox's decisions).
            models.Index(fields=["unit", "id"], name="product_unit_id_idx"),
            # Products whose standing window has passed (ocop.certificates.standing): few, found fast.
            models.Index(fields=["standing_until"], name="product_standing_until_idx"),
            models.Index(fields=["standing_from"], name="product_standing_from_idx"),
            # The catalog sorted by name (the sort by stars has its own index on PostgreSQL).
            models.Index(fields=["name", "id"], name="product_name_idx"),
            # Published products counted and grouped (catalog totals, key figures) from the index alone.
            models.Index(
                fields=["standing_stars", "criteria_set", "unit", "producer", "id"],
                condition=Q(standing_stars__isnull=False, is_active=True), name="product_published_idx",
            ),
            # The published products in each sort of the catalog and the API (stars, name, newest),
            # read from the index alone, in order, to any depth (offset 100,000: ~10 ms at ×10). The
            # sort by stars (DESC NULLS LAST, which SQLite cannot index) is migration 0007's, on PostgreSQL.
            models.Index(fields=["name", "id", "standing_stars"], condition=Q(standing_stars__isnull=False, is_active=True),
                         name="product_published_name_idx"),
            models.Index(fields=["-id", "standing_stars"], condition=Q(standing_stars__isnull=False, is_active=True),
                         name="product_published_new_idx"),
            # The few inactive products: published certificates exclude them by a hashed lookup.
            models.Index(fields=["id"], condition=Q(is_active=False), name="product_inactive_idx"),
            models.Index(fields=["updated_at", "id"], name="product_updated_idx"),
        ]

    def __str__(self):
        return self.name

    @property
    def sector(self) -> str:
        found = get_set(self.criteria_set)
        return found.sector if found else ""

    @property
    def group(self) -> str:
        found = get_set(self.criteria_set)
        return found.group if found else ""


class ProductCodeCounter(models.Model):
    """The last serial given in a commune in a year; locked with select_for_update when used."""

    unit = models.ForeignKey("territory.AdminUnit", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    last_serial = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("bộ đếm mã sản phẩm")
        verbose_name_plural = pgettext_lazy("plural", "bộ đếm mã sản phẩm")
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="productcodecounter_unique")]

    def __str__(self):
        return f"{self.unit_id}/{self.year}: {self.last_serial}"


def product_photo_path(instance, filename: str) -> str:
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"registry/photos/{uuid.uuid4().hex}.{ext}"


class ProductPhoto(models.Model):
    product = models.ForeignKey(Product, verbose_name=_("sản phẩm"), on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("ảnh"), upload_to=product_photo_path)
    caption = models.CharField(_("chú thích"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("ảnh sản phẩm")
        verbose_name_plural = pgettext_lazy("plural", "ảnh sản phẩm")
        ordering = ["position", "id"]

    def __str__(self):
        return self.caption or self.image.name


def document_path(instance, filename: str) -> str:
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"registry/documents/{instance.uid.hex}.{ext}"


class Document(TimeStampedModel):
    """A legal or quality document, stored once and cited by every dossier that needs it.

    Its status (valid / expiring / expired) is computed from expires_on and today, never stored:
    see ocop.registry.status.
    """

    class Kind(models.TextChoices):
        BUSINESS_REGISTRATION = "dkkd", _("Giấy chứng nhận đăng ký kinh doanh")
        FOOD_SAFETY = "attp", _("Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm")
        QUALITY_DECLARATION = "cbcl", _("Công bố chất lượng / tự công bố sản phẩm")
        TEST_REPORT = "kiem_nghiem", _("Phiếu kiểm nghiệm")
        TRADEMARK = "shtt", _("Nhãn hiệu, sở hữu trí tuệ")
        GEOGRAPHICAL_INDICATION = "cddl", _("Chỉ dẫn địa lý")
        ENVIRONMENT = "moi_truong", _("Hồ sơ môi trường")
        STANDARD = "tieu_chuan", _("VietGAP, hữu cơ, ISO, HACCP")
        CONTRACT = "hop_dong", _("Hợp đồng (liên kết, tiêu thụ, nguyên liệu)")
        OTHER = "khac", _("Khác")

    uid = models.UUIDField(_("mã định danh"), default=uuid.uuid4, unique=True, editable=False)
    producer = models.ForeignKey(Producer, verbose_name=_("chủ thể"), on_delete=models.PROTECT, related_name="documents")
    product = models.ForeignKey(
        Product, verbose_name=_("sản phẩm"), null=True, blank=True, on_delete=models.PROTECT, related_name="documents",
        help_text=_("Để trống nếu giấy tờ thuộc về chủ thể (dùng chung cho mọi sản phẩm)."),
    )
    kind = models.CharField(_("loại giấy tờ"), max_length=12, choices=Kind.choices)
    title = models.CharField(_("tên giấy tờ"), max_length=255, blank=True)
    number = models.CharField(_("số hiệu"), max_length=100, blank=True)
    issuer = models.CharField(_("cơ quan cấp"), max_length=255, blank=True)
    issued_on = models.DateField(_("ngày cấp"), null=True, blank=True)
    expires_on = models.DateField(_("ngày hết hạn"), null=True, blank=True, db_index=True,
                                  help_text=_("Để trống nếu giấy tờ không có thời hạn."))
    file = models.FileField(_("tệp"), upload_to=document_path, max_length=200)
    original_name = models.CharField(_("tên tệp gốc"), max_length=255, blank=True, editable=False)
    content_type = models.CharField(_("định dạng"), max_length=50, blank=True, editable=False)
    size = models.PositiveIntegerField(_("dung lượng (byte)"), default=0, editable=False)
    sha256 = models.CharField(max_length=64, blank=True, editable=False, db_index=True)
    note = models.TextField(_("ghi chú"), blank=True)


    class Meta:
        verbose_name = _("giấy tờ")
        verbose_name_plural = _("kho giấy tờ")
        ordering = ["expires_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True) | Q(issued_on__isnull=True) | Q(expires_on__gte=F("issued_on")),
                name="document_expiry_after_issue",
                violation_error_message=_("Ngày hết hạn phải sau ngày cấp."),
            ),
        ]

    def __str__(self):
        label = self.title or self.get_kind_display()
        return f"{label} {self.number}".strip()

    def clean(self):
        if self.issued_on and self.expires_on and self.expires_on < self.issued_on:
            raise ValidationError({"expires_on": _("Ngày hết hạn phải sau ngày cấp.")})


class AddressChangeRequest(models.Model):
    """A producer asks the commune to correct its commune or address (e.g. registered in the wrong
    place). The officer of the requested commune confirms (the producer is changed) or rejects;
    every request stays as history."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Chờ xã xác nhận")
        CONFIRMED = "confirmed", _("Đã xác nhận")
        REJECTED = "rejected", _("Bị từ chối")

    producer = models.ForeignKey(Producer, verbose_name=_("chủ thể"), on_delete=models.CASCADE,
                                 related_name="address_requests")
    old_unit = models.ForeignKey("territory.AdminUnit", verbose_name=_("xã, phường hiện tại"),
                                 on_delete=models.PROTECT, related_name="+")
    old_address = models.CharField(_("địa chỉ hiện tại"), max_length=255, blank=True)
    unit = models.ForeignKey("territory.AdminUnit", verbose_name=_("xã, phường đúng"), on_delete=models.PROTECT,
                             related_name="+", limit_choices_to=CURRENT_COMMUNE)
    address = models.CharField(_("địa chỉ đúng (số nhà, ấp, thôn)"), max_length=255, blank=True)
    reason = models.TextField(_("lý do"), max_length=1000)
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.PENDING)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người đề nghị"), null=True,
                                     on_delete=models.SET_NULL, related_name="+")
    requested_at = models.DateTimeField(_("đề nghị lúc"), auto_now_add=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người xử lý"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(_("xử lý lúc"), null=True, blank=True)
    decision_note = models.CharField(_("ý kiến của xã"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("đề nghị sửa địa chỉ")
        verbose_name_plural = _("đề nghị sửa địa chỉ chủ thể")
        ordering = ["-requested_at", "-id"]
        constraints = [
            # One open request per producer at a time.
            models.UniqueConstraint(fields=["producer"], condition=Q(status="pending"),
                                    name="addresschangerequest_one_pending",
                violation_error_message=_("Chủ thể đã có một đề nghị sửa địa chỉ đang chờ xử lý.")),
        ]

    def __str__(self):
        return f"{self.producer} → {self.unit}"
