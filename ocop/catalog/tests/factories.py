"""Test data for the catalog, promotion and API tests: products with certificates in every state.

Rows are written directly (fast). A certificate rests on a historical rating result and a province
recognition decision, as the rating and certificates apps would record them.
"""

import itertools
from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from ocop.certificates.lifecycle import valid_until_for
from ocop.certificates.models import Certificate, Decision
from ocop.certificates.services import product_standings_refresh
from ocop.lib.text import fold
from ocop.rating.models import RatingResult
from ocop.registry.models import Producer, Product

_serial = itertools.count(1)


def make_producer(unit, name: str | None = None, kind: str = Producer.Kind.COOPERATIVE) -> Producer:
    n = next(_serial)
    name = name or f"Hợp tác xã Số {n}"
    return Producer.objects.create(kind=kind, name=name, tax_code=f"36{n:08d}", unit=unit, workforce_total=5,
                                   search_text=fold(f"{name} 36{n:08d}"))


def make_product(producer: Producer, name: str | None = None, criteria_set: str = "07", **extra) -> Product:
    name = name or f"Sản phẩm {next(_serial)}"
    ocop_code = extra.pop("ocop_code", None)
    return Product.objects.create(producer=producer, unit=producer.unit, name=name, criteria_set=criteria_set,
                                  ocop_code=ocop_code, search_text=fold(f"{name} {producer.name} {ocop_code or ''}"),
                                  **extra)


def make_decision(province, signed_on: date | None = None, number: str | None = None) -> Decision:
    signed_on = signed_on or timezone.localdate() - timedelta(days=30)
    n = next(_serial)
    return Decision.objects.create(
        issuer_level=Decision.Level.PROVINCE, issuer_unit=province, issuer_key=f"province:{province.pk}",
        kind=Decision.Kind.RECOGNITION, year=signed_on.year, number=number or f"{n}/QĐ-UBND", signed_on=signed_on,
        signer_name="Nguyễn Văn A", is_historical=True,
    )


def certify(product: Product, *, stars: int = 4, issued_on: date | None = None, valid_until: date | None = None,
            revoked: bool = False, decision: Decision | None = None) -> Certificate:
    """A certificate for PRODUCT issued on ISSUED_ON (30 days ago by default), valid 36 months."""
    issued_on = issued_on or timezone.localdate() - timedelta(days=30)
    province = product.unit.parent
    decision = decision or make_decision(province, issued_on)
    result = RatingResult.objects.create(
        product=product, level=RatingResult.Level.PROVINCE, rated_by_unit=province, regime="qd148-2023",
        criteria_set=product.criteria_set, year=issued_on.year, average=Decimal(50 + stars * 8), band_stars=stars,
        stars=stars, is_historical=True,
    )
    certificate = Certificate.objects.create(
        product=product, result=result, decision=decision, stars=stars, issued_on=issued_on,
        valid_until=valid_until or valid_until_for(issued_on),
    )
    if revoked:
        revocation = make_decision(province, timezone.localdate() - timedelta(days=1))
        certificate.revoked_on = timezone.localdate() - timedelta(days=1)
        certificate.revocation_decision = revocation
        certificate.revocation_ground = Certificate.Ground.STOPPED_PRODUCING
        certificate.save()
    # As the certificates app's services do after every certificate they write.
    product_standings_refresh(product_ids=[product.pk])
    return certificate


class Catalog:
    """One published product per state worth testing, plus the products that must stay hidden."""

    def __init__(self, units):
        today = timezone.localdate()
        self.units = units
        self.producer_a = make_producer(units.commune_a, "Hợp tác xã Bánh Pía Tân Lộc")
        self.producer_b = make_producer(units.commune_b, "Cơ sở Hạt Điều Bình Phước", kind=Producer.Kind.HOUSEHOLD)
        self.producer_hcm = make_producer(units.hcm_commune, "Công ty Trà Sài Gòn", kind=Producer.Kind.SME)
        # Published: valid, expiring, and in another province.
        self.banh_pia = make_product(self.producer_a, "Bánh pía sầu riêng", "06", ocop_code="75-26068-001-2025")
        self.cert_banh_pia = certify(self.banh_pia, stars=4)
        self.dieu = make_product(self.producer_b, "Hạt điều rang muối", "07")
        self.cert_dieu = certify(self.dieu, stars=3, issued_on=today - timedelta(days=1000),
                                 valid_until=today + timedelta(days=60))  # expiring
        self.tra = make_product(self.producer_hcm, "Trà sen Tây Hồ", "11")
        self.cert_tra = certify(self.tra, stars=5)
        # Hidden: never rated, expired, revoked, inactive, withdrawn, certificate not yet in force.
        self.unrecognised = make_product(self.producer_a, "Bánh tráng chưa công nhận", "06")
        self.expired = make_product(self.producer_a, "Bánh pía hết hạn", "06")
        certify(self.expired, stars=4, issued_on=today - timedelta(days=1200), valid_until=today - timedelta(days=1))
        self.revoked = make_product(self.producer_b, "Điều thu hồi", "07")
        self.cert_revoked = certify(self.revoked, stars=3, revoked=True)
        self.inactive = make_product(self.producer_b, "Điều ngừng sản xuất", "07", is_active=False)
        certify(self.inactive, stars=3)
        self.withdrawn = make_product(self.producer_a, "Bánh pía tạm ẩn", "06")
        certify(self.withdrawn, stars=3)
        from ocop.catalog.models import CatalogWithdrawal

        CatalogWithdrawal.objects.create(product=self.withdrawn, reason="Đang xác minh báo cáo giả mạo")
        self.future = make_product(self.producer_a, "Bánh pía chưa cấp", "06")
        certify(self.future, stars=3, issued_on=today + timedelta(days=5))

    @property
    def published(self) -> list[Product]:
        return [self.banh_pia, self.dieu, self.tra]

    @property
    def hidden(self) -> list[Product]:
        return [self.unrecognised, self.expired, self.revoked, self.inactive, self.withdrawn, self.future]
