"""Reports of suspected fakes: the public form, its rate limit, and review in the back office."""

import pytest
from django.urls import reverse

from ocop.catalog.models import CatalogWithdrawal, FakeReport
from ocop.catalog.services import catalog_withdraw, ip_hash
from ocop.core.models import AuditEvent

pytestmark = pytest.mark.django_db

URL = reverse("catalog:fake_report")
DATA = {"where_seen": "Chợ Biên Hòa, sạp 12", "description": "Tem không quét được", "certificate_code": ""}


def test_report_about_a_product_reaches_its_commune(client, catalog):
    response = client.post(f"{URL}?san_pham={catalog.banh_pia.pk}", DATA | {"san_pham": catalog.banh_pia.pk})
    assert response.status_code == 302 and response.url == reverse("catalog:fake_report_sent")
    report = FakeReport.objects.get()
    assert report.product == catalog.banh_pia and report.unit == catalog.units.commune_a
    assert report.ip_hash == ip_hash("127.0.0.1") and "127.0.0.1" not in report.ip_hash
    assert AuditEvent.objects.filter(action="catalog.fake_report_create").exists()


def test_report_without_a_known_product_is_kept_for_the_national_office(client, catalog):
    client.post(URL, DATA | {"san_pham": catalog.revoked.pk, "certificate_code": "ABC-123"})
    report = FakeReport.objects.get()
    assert report.product is None and report.unit is None and report.certificate_code == "ABC-123"


def test_required_fields_and_the_honeypot(client):
    assert client.post(URL, {"where_seen": "", "description": ""}).status_code == 200
    assert client.post(URL, DATA | {"website": "http://spam.example"}).status_code == 200
    assert not FakeReport.objects.exists()


def test_five_reports_per_hour_per_address(client, settings):
    for _ in range(5):
        assert client.post(URL, DATA).status_code == 302
    response = client.post(URL, DATA)
    assert response.status_code == 429
    assert FakeReport.objects.count() == 5
    other = client.post(URL, DATA, REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 302


@pytest.fixture
def report_b(catalog):
    return FakeReport.objects.create(product=catalog.dieu, unit=catalog.units.commune_b, where_seen="Shopee",
                                     description="Giá quá rẻ")


def change_url(obj):
    return reverse(f"admin:catalog_{obj._meta.model_name}_change", args=[obj.pk])


@pytest.mark.parametrize(("persona", "status"), [
    ("superuser", 200), ("national", 200), ("auditor", 200), ("province", 200), ("commune_b", 200),
    ("commune_a", 404), ("other_province", 404),
])
def test_report_in_the_back_office_by_persona(client, personas, report_b, persona, status):
    client.force_login(getattr(personas, persona))
    assert client.get(change_url(report_b)).status_code == status


def test_officer_reviews_a_report(client, personas, report_b):
    client.force_login(personas.commune_b)
    response = client.post(change_url(report_b), {"status": "confirmed", "review_note": "Hàng giả, đã báo QLTT"})
    assert response.status_code == 302
    report_b.refresh_from_db()
    assert report_b.status == "confirmed" and report_b.reviewed_by == personas.commune_b
    assert AuditEvent.objects.filter(action="catalog.fake_report_review").exists()


def test_auditor_cannot_review(client, personas, report_b):
    client.force_login(personas.auditor)
    assert client.post(change_url(report_b), {"status": "dismissed"}).status_code == 403


def test_withdrawal_hides_a_product_until_restored(client, personas, catalog):
    url = reverse("catalog:product_detail", args=[catalog.banh_pia.pk])
    assert client.get(url).status_code == 200
    withdrawal = catalog_withdraw(product=catalog.banh_pia, actor=personas.commune_a, reason="Đang xác minh")
    from django.core.cache import cache

    cache.clear()
    assert client.get(url).status_code == 404
    client.force_login(personas.commune_a)
    delete = reverse("admin:catalog_catalogwithdrawal_delete", args=[withdrawal.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 302
    assert not CatalogWithdrawal.objects.filter(product=catalog.banh_pia).exists()
    assert AuditEvent.objects.filter(action="catalog.restore").exists()


def test_withdrawing_out_of_scope_is_refused(personas, catalog):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        catalog_withdraw(product=catalog.banh_pia, actor=personas.commune_b, reason="x")
