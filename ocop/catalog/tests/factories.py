"""Test data for the catalog, promotion and API tests: products with certificates in every state.

Rows are written directly by the apps' factories (ocop/registry/tests/factories.py,
ocop/certificates/tests/factories.py): a certificate rests on a historical rating result and a
province recognition decision, as the rating and certificates apps would record them.
"""

from datetime import timedelta

from django.utils import timezone

from ocop.certificates.tests.factories import certify
from ocop.registry.models import Producer, Product
from ocop.registry.tests.factories import ProducerFactory, ProductFactory


class Catalog:
    """One published product per state worth testing, plus the products that must stay hidden."""

    def __init__(self, units):
        today = timezone.localdate()
        self.units = units
        self.producer_a = ProducerFactory(unit=units.commune_a, name="Hợp tác xã Bánh Pía Tân Lộc")
        self.producer_b = ProducerFactory(unit=units.commune_b, name="Cơ sở Hạt Điều Bình Phước",
                                          kind=Producer.Kind.HOUSEHOLD)
        self.producer_hcm = ProducerFactory(unit=units.hcm_commune, name="Công ty Trà Sài Gòn",
                                            kind=Producer.Kind.SME)
        # Published: valid, expiring, and in another province.
        self.banh_pia = ProductFactory(producer=self.producer_a, name="Bánh pía sầu riêng", criteria_set="06",
                                       ocop_code="75-26068-001-2025")
        self.cert_banh_pia = certify(self.banh_pia, stars=4)
        self.dieu = ProductFactory(producer=self.producer_b, name="Hạt điều rang muối", criteria_set="07")
        self.cert_dieu = certify(self.dieu, stars=3, issued_on=today - timedelta(days=1000),
                                 valid_until=today + timedelta(days=60))  # expiring
        self.tra = ProductFactory(producer=self.producer_hcm, name="Trà sen Tây Hồ", criteria_set="11")
        self.cert_tra = certify(self.tra, stars=5)
        # Hidden: never rated, expired, revoked, inactive, withdrawn, certificate not yet in force.
        self.unrecognised = ProductFactory(producer=self.producer_a, name="Bánh tráng chưa công nhận",
                                           criteria_set="06")
        self.expired = ProductFactory(producer=self.producer_a, name="Bánh pía hết hạn", criteria_set="06")
        certify(self.expired, stars=4, issued_on=today - timedelta(days=1200), valid_until=today - timedelta(days=1))
        self.revoked = ProductFactory(producer=self.producer_b, name="Điều thu hồi", criteria_set="07")
        self.cert_revoked = certify(self.revoked, stars=3, revoked=True)
        self.inactive = ProductFactory(producer=self.producer_b, name="Điều ngừng sản xuất",
                                       criteria_set="07", is_active=False)
        certify(self.inactive, stars=3)
        self.withdrawn = ProductFactory(producer=self.producer_a, name="Bánh pía tạm ẩn", criteria_set="06")
        certify(self.withdrawn, stars=3)
        from ocop.catalog.models import CatalogWithdrawal

        CatalogWithdrawal.objects.create(product=self.withdrawn, reason="Đang xác minh báo cáo giả mạo")
        self.future = ProductFactory(producer=self.producer_a, name="Bánh pía chưa cấp", criteria_set="06")
        certify(self.future, stars=3, issued_on=today + timedelta(days=5))

    @property
    def published(self) -> list[Product]:
        return [self.banh_pia, self.dieu, self.tra]

    @property
    def hidden(self) -> list[Product]:
        return [self.unrecognised, self.expired, self.revoked, self.inactive, self.withdrawn, self.future]
