"""The demo step: certificates for the demo's results and the named products; idempotent."""

import pytest
from django.utils import timezone

from ocop.accounts.models import Role
from ocop.certificates import demo
from ocop.certificates.models import Certificate, Decision, Notification
from ocop.certificates.status import CertificateStatus, with_status
from ocop.core.testing import make_user
from ocop.rating import demo as rating_demo
from ocop.rating.tests.test_demo import SETS
from ocop.registry.models import Producer
from ocop.registry.tests.factories import HouseholdFactory, ProductFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(units):
    generic = HouseholdFactory(unit=units.commune_b, name="Hợp tác xã mẫu")
    for name, criteria_set in SETS.items():
        ProductFactory(producer=generic, name=name, criteria_set=criteria_set)
    for producer_name, product_name, *_ in rating_demo.HISTORY:
        producer = (Producer.objects.filter(name=producer_name).first()
                    or HouseholdFactory(unit=units.commune_a, name=producer_name))
        if not producer.products.filter(name=product_name).exists():
            ProductFactory(producer=producer, name=product_name, criteria_set="13")
    make_user("xa_tran_bien", Role.COMMUNE_OFFICER, units.commune_a)  # hears about commune A's certificates
    fictional = HouseholdFactory(unit=units.commune_a, name="Hợp tác xã hư cấu")
    for name, *_ in demo.FICTIONAL:
        ProductFactory(producer=fictional, name=name, criteria_set="01")
    rating_demo.seed(log=lambda *_: None)
    return demo.seed(log=lambda *_: None)


def test_demo_certifies_results_and_named_products(seeded):
    statuses = dict(with_status(Certificate.objects.all()).values_list("product__name", "status"))
    assert statuses["Nước mắm cá cơm Long Phước"] == CertificateStatus.VALID  # the 2026 province decision
    assert statuses["Hạt điều rang muối Lộc Ninh"] == CertificateStatus.VALID
    national = Decision.objects.get(number="2361/QĐ-BNNMT")
    assert national.signed_on.isoformat() == "2025-06-26" and national.certificates.count() == 8
    assert Decision.objects.get(number="MH-1/QĐ-BNNMT").certificates.count() == 3
    assert statuses["Sữa chua ăn"] == CertificateStatus.EXPIRED
    expiring = [n for n, s in statuses.items() if s == CertificateStatus.EXPIRING]
    assert {"Sầu riêng Ri6 Long Khánh", "Bình gốm men xanh đồng trổ Biên Hòa", "Bưởi da xanh Tân Triều"} <= set(expiring)
    assert [n for n, s in statuses.items() if s == CertificateStatus.REVOKED] == [demo.REVOKED]
    assert "Mật ong hoa cà phê Bù Gia Mập" not in statuses  # potential 5★: forwarded, not recognised
    assert "Hạt điều nguyên vị" not in statuses  # Gia Bảo: potential 5★ at the province only
    assert seeded["reminders_sent"] == 2  # 100 and 150 days left: thresholds 120 and 150
    assert Notification.objects.filter(kind="reminder", user__username="xa_tran_bien").count() == 2
    today = timezone.localdate()
    assert all(c.valid_until > today for c in Certificate.objects.filter(product__name__in=expiring))


def test_demo_is_idempotent(seeded):
    counts = (Decision.objects.count(), Certificate.objects.count(), Notification.objects.count())
    again = demo.seed(log=lambda *_: None)
    assert again["certificates_created"] == 0 and not again["revoked"] and again["reminders_sent"] == 0
    assert (Decision.objects.count(), Certificate.objects.count(), Notification.objects.count()) == counts
