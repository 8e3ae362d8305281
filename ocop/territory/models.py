"""Administrative units of both generations: the pre-reform map (until 30/06/2025: province,
district, commune) and the current map (since 01/07/2025: province, commune)."""

from django.db import models
from django.db.models.functions import Now
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class AdminUnit(models.Model):
    class Generation(models.TextChoices):
        CURRENT = "current", _("Hiện hành (từ 01/07/2025)")
        LEGACY = "legacy", _("Trước sắp xếp (đến 30/06/2025)")

    class Level(models.TextChoices):
        PROVINCE = "province", _("Cấp tỉnh")
        DISTRICT = "district", _("Cấp huyện")
        COMMUNE = "commune", _("Cấp xã")

    class Kind(models.TextChoices):
        CENTRAL_CITY = "thanh_pho_tw", _("Thành phố trực thuộc trung ương")
        PROVINCE = "tinh", _("Tỉnh")
        URBAN_DISTRICT = "quan", _("Quận")
        RURAL_DISTRICT = "huyen", _("Huyện")
        TOWN = "thi_xa", _("Thị xã")
        PROVINCIAL_CITY = "thanh_pho", _("Thành phố thuộc tỉnh")
        CITY_IN_CITY = "thanh_pho_thuoc_tp", _("Thành phố thuộc thành phố trực thuộc trung ương")
        WARD = "phuong", _("Phường")
        COMMUNE = "xa", _("Xã")
        TOWNSHIP = "thi_tran", _("Thị trấn")
        SPECIAL_ZONE = "dac_khu", _("Đặc khu")

    generation = models.CharField(_("thế hệ bản đồ"), max_length=10, choices=Generation.choices)
    level = models.CharField(_("cấp"), max_length=10, choices=Level.choices)
    kind = models.CharField(_("loại"), max_length=20, choices=Kind.choices)
    code = models.CharField(_("mã"), max_length=5, help_text=_("Mã chính thức, đệm số 0: tỉnh 2, huyện 3, xã 5 chữ số."))
    name = models.CharField(_("tên"), max_length=120)
    parent = models.ForeignKey(
        "self", verbose_name=_("trực thuộc"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    # Materialised paths for scoping by prefix, e.g. "C/75/26068/" or "L/75/731/26068/".
    # Scope filters are prefix matches on path and current_path; on PostgreSQL Django adds a
    # varchar_pattern_ops index for unique/indexed CharFields, which serves LIKE 'prefix%'.
    path = models.CharField(_("đường dẫn"), max_length=40, unique=True, editable=False)
    # The path of the current-map unit that succeeds this one (equal to path for current units),
    # so that a current province or commune officer also sees records filed under the old map.
    current_path = models.CharField(_("đường dẫn hiện hành"), max_length=40, db_index=True, editable=False)
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    search_text = models.CharField(max_length=300, editable=False, db_index=False)
    # For the API's updated_since (ocop.api.pagination); bulk writers set it too (ocop.territory.loader).
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True, db_default=Now())

    class Meta:
        verbose_name = _("đơn vị hành chính")
        verbose_name_plural = pgettext_lazy("plural", "đơn vị hành chính")
        ordering = ["path"]
        constraints = [
            models.UniqueConstraint(fields=["generation", "level", "code"], name="adminunit_unique_code_per_level"),
        ]
        indexes = [
            models.Index(fields=["generation", "level", "parent"], name="adminunit_tree_idx"),
            models.Index(fields=["updated_at", "id"], name="adminunit_updated_idx"),
        ]

    def __str__(self):
        suffix = "" if self.generation == self.Generation.CURRENT else " (cũ)"
        return f"{self.full_name}{suffix}"

    @property
    def full_name(self) -> str:
        """The name as written officially: "Tỉnh Đồng Nai", "Thành phố Biên Hòa", "Phường 4"."""
        return unit_full_name(self.kind, self.name)

    @property
    def is_current(self) -> bool:
        return self.generation == self.Generation.CURRENT


# The word written before a unit's name. It differs from the kind's label for cities ("Thành phố
# Biên Hòa", not "Thành phố thuộc tỉnh Biên Hòa").
KIND_PREFIXES = {
    AdminUnit.Kind.CENTRAL_CITY: _("Thành phố"),
    AdminUnit.Kind.PROVINCE: _("Tỉnh"),
    AdminUnit.Kind.URBAN_DISTRICT: _("Quận"),
    AdminUnit.Kind.RURAL_DISTRICT: _("Huyện"),
    AdminUnit.Kind.TOWN: _("Thị xã"),
    AdminUnit.Kind.PROVINCIAL_CITY: _("Thành phố"),
    AdminUnit.Kind.CITY_IN_CITY: _("Thành phố"),
    AdminUnit.Kind.WARD: _("Phường"),
    AdminUnit.Kind.COMMUNE: _("Xã"),
    AdminUnit.Kind.TOWNSHIP: _("Thị trấn"),
    AdminUnit.Kind.SPECIAL_ZONE: _("Đặc khu"),
}


def unit_full_name(kind: str, name: str) -> str:
    """The official name of a unit of this kind: "Đồng Nai" → "Tỉnh Đồng Nai"."""
    prefix = str(KIND_PREFIXES.get(kind, ""))
    if not prefix or name.lower().startswith(prefix.lower() + " "):
        return name
    return f"{prefix} {name}"


class UnitSuccession(models.Model):
    """Old unit → the current unit(s) that took it over on 01/07/2025."""

    predecessor = models.ForeignKey(
        AdminUnit, verbose_name=_("đơn vị cũ"), on_delete=models.CASCADE, related_name="successions"
    )
    successor = models.ForeignKey(
        AdminUnit, verbose_name=_("đơn vị kế thừa"), on_delete=models.CASCADE, related_name="predecessions"
    )
    is_primary = models.BooleanField(
        _("kế thừa chính"), default=True, help_text=_("Đơn vị nhận phần lớn (hoặc toàn bộ) đơn vị cũ.")
    )

    class Meta:
        verbose_name = _("kế thừa đơn vị")
        verbose_name_plural = pgettext_lazy("plural", "kế thừa đơn vị")
        constraints = [
            models.UniqueConstraint(fields=["predecessor", "successor"], name="unitsuccession_unique_pair"),
        ]

    def __str__(self):
        return f"{self.predecessor} → {self.successor}"
