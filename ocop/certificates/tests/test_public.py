"""The public verification page: no login, live status, revocation and expiry shown at once,
Vietnamese 404 for unknown codes, English through the language switch, short caching."""

import uuid
from datetime import date, timedelta

import pytest
import time_machine
from django.urls import reverse

from ocop.certificates import services
from ocop.certificates.tests.factories import issue, make_result
from ocop.core.testing import read_only_personas  # noqa: F401  (personas built once for the module)
from ocop.registry.tests.factories import ProductFactory

pytestmark = pytest.mark.django_db
ISSUED = date(2026, 4, 20)
PERSONAS = ["national", "province", "commune_a", "commune_b", "other_province", "producer", "auditor", "superuser",
            None]


@pytest.fixture
def certificate(personas):
    product = ProductFactory(producer__unit=personas.units.commune_a, name="Hạt điều rang muối Xuân Lộc",
                             criteria_set="13")
    with time_machine.travel(ISSUED, tick=False):
        _, [made] = issue([make_result(product, stars=4)], signed_on=ISSUED)
    return made


def url(certificate_or_uid) -> str:
    uid = getattr(certificate_or_uid, "uid", certificate_or_uid)
    return reverse("certificates:verify", args=[uid])


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_visitor_sees_the_certificate(client, personas, certificate, persona):
    if persona:
        client.force_login(getattr(personas, persona))
    with time_machine.travel(ISSUED + timedelta(days=30), tick=False):
        page = client.get(url(certificate))
    assert page.status_code == 200
    text = page.text
    for expected in ["Hạt điều rang muối Xuân Lộc", certificate.product.producer.name, "Phường Trấn Biên",
                     "Tỉnh Đồng Nai", "★★★★", "4 sao", "1/QĐ-UBND", "20/04/2026", "20/04/2029",
                     "Giấy chứng nhận còn hiệu lực", str(certificate.uid)]:
        assert expected in text, expected
    assert 'data-status="valid"' in text


def test_the_page_is_never_stored_by_a_cache(client, certificate):
    page = client.get(url(certificate))
    directives = {d.strip() for d in page.headers["Cache-Control"].split(",")}
    assert {"private", "no-store", "max-age=0"} <= directives and "public" not in directives
    assert "Cookie" in page.headers["Vary"]


def test_an_unknown_code_gives_a_vietnamese_404(client, certificate):
    for missing in (uuid.uuid4(), "khong-phai-ma"):
        page = client.get(url(missing))
        assert page.status_code == 404
        assert "Không tìm thấy giấy chứng nhận" in page.text


def test_revocation_shows_at_once_with_a_red_banner(client, personas, certificate):
    with time_machine.travel(date(2026, 10, 1), tick=False):
        assert "tone-ok" in client.get(url(certificate)).text
        services.certificate_revoke(certificate=certificate, ground="law_breach", finding_on=date(2026, 9, 25),
                                    actor=personas.province)
        page = client.get(url(certificate))
    assert page.status_code == 200
    assert 'data-status="revoked"' in page.text and "tone-bad" in page.text
    assert "GIẤY CHỨNG NHẬN ĐÃ BỊ THU HỒI" in page.text
    assert "01/10/2026" in page.text and "2/QĐ-UBND" in page.text
    assert "an toàn thực phẩm" in page.text  # the ground (c)


def test_expiry_turns_the_page_red_the_day_after_the_last_valid_day(client, certificate):
    with time_machine.travel(date(2029, 1, 1), tick=False):
        assert 'data-status="expiring"' in client.get(url(certificate)).text
    with time_machine.travel(date(2029, 4, 20), tick=False):
        assert 'data-status="expiring"' in client.get(url(certificate)).text
    with time_machine.travel(date(2029, 4, 21), tick=False):
        page = client.get(url(certificate))
    assert 'data-status="expired"' in page.text and "GIẤY CHỨNG NHẬN ĐÃ HẾT HẠN" in page.text


def test_english_at_the_english_url(client, certificate):
    with time_machine.travel(ISSUED + timedelta(days=1), tick=False):
        page = client.get(f"/en{url(certificate)}")
    assert "Certificate valid" in page.text and "Recognition decision" in page.text
    assert "Hạt điều rang muối Xuân Lộc" in page.text  # names stay as registered
    assert "Certificate not found" in client.get(f"/en{url(uuid.uuid4())}").text


def test_the_page_links_only_to_pages_that_exist(client, certificate):
    page = client.get(url(certificate))
    for href in [h.split('"')[0] for h in page.text.split('href="')[1:]]:
        if href.startswith("/") and not href.startswith("/static/"):
            assert client.get(href).status_code in (200, 302), href


def test_the_verification_page_uses_a_constant_number_of_queries(client, certificate, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        client.get(url(certificate))
