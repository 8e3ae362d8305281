"""Every surface shows the certificate status with its own label from ocop.certificates.status: the
catalog and the portal a public badge, the back office and the API the status's label (never a
(value, label) pair), the verification page a banner, open data a national code, the PDF a mark."""

import html
import re

import pytest
from django.urls import reverse

from ocop.catalog.exports import national_rows
from ocop.catalog.tests.factories import Catalog
from ocop.certificates.models import Certificate
from ocop.certificates.rendering import render_certificate_html
from ocop.registry.models import ProducerMember

API = "/api/v1"


@pytest.fixture
def world(personas):
    """The catalog's certificates (valid, expiring, expired, revoked) in Đồng Nai and Hồ Chí Minh."""
    catalog = Catalog(personas.units)
    catalog.cert_expired = Certificate.objects.get(product=catalog.expired)
    return catalog


def text(response) -> str:
    return html.unescape(response.content.decode())


def test_the_catalog_shows_the_public_badge(client, world):
    valid = text(client.get(reverse("catalog:product_detail", args=[world.banh_pia.pk])))
    expiring = text(client.get(reverse("catalog:product_detail", args=[world.dieu.pk])))
    assert re.search(r'class="badge badge-ok">Còn hiệu lực<', valid)
    assert re.search(r'class="badge badge-warn">Còn hiệu lực, sắp hết hạn<', expiring)


def test_the_portal_shows_the_public_badge(client, personas, world):
    ProducerMember.objects.create(user=personas.producer, producer=world.producer_b)  # expiring and revoked
    client.force_login(personas.producer)
    page = text(client.get(reverse("portal:certificate_list")))
    assert 'class="badge badge-warn">Còn hiệu lực, sắp hết hạn<' in page
    assert 'class="badge badge-bad">Đã thu hồi<' in page


@pytest.mark.parametrize(("attr", "title", "label"), [
    ("cert_banh_pia", "Giấy chứng nhận còn hiệu lực", "Còn hiệu lực"),
    ("cert_dieu", "Giấy chứng nhận còn hiệu lực, sắp hết hạn", "Sắp hết hạn"),
    ("cert_expired", "GIẤY CHỨNG NHẬN ĐÃ HẾT HẠN", "Hết hạn"),
    ("cert_revoked", "GIẤY CHỨNG NHẬN ĐÃ BỊ THU HỒI", "Đã thu hồi"),
])
def test_verification_page_and_api_say_the_status(client, world, attr, title, label):
    certificate = getattr(world, attr)
    page = text(client.get(reverse("certificates:verify", args=[certificate.uid])))
    assert title in page and f"<dd>{label}</dd>" in page
    body = client.get(f"{API}/certificates/{certificate.uid}").json()
    assert body["status_label"] == label


def status_cells(page: str) -> list[str]:
    """The text of each status cell of an admin change list."""
    cells = re.findall(r'<td class="field-status_label[^"]*">(.*?)</td>', page, re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", cell).split()) for cell in cells]


def test_the_back_office_shows_labels_never_pairs(client, personas, world):
    client.force_login(personas.province)
    listing = text(client.get(reverse("admin:certificates_certificate_changelist")))
    assert set(status_cells(listing)) == {"Còn hiệu lực", "Sắp hết hạn", "Hết hạn", "Đã thu hồi"}
    revoked = text(client.get(reverse("admin:certificates_certificate_changelist"), {"status": "revoked"}))
    assert status_cells(revoked) == ["Đã thu hồi"] and "bg-red-100" in revoked
    change = text(client.get(reverse("admin:certificates_certificate_change", args=[world.cert_revoked.pk])))
    assert re.search(r"tình trạng.*?Đã thu hồi", change, re.S | re.I)
    for page in (listing, revoked, change):
        assert "CertificateStatus." not in page and "('revoked'" not in page and "('valid'" not in page


def test_the_national_layout_codes(world):
    codes = {row["TEN_SAN_PHAM"]: row["TRANG_THAI"] for row in national_rows()}
    assert codes["Bánh pía sầu riêng"] == "CON_HIEU_LUC" and codes["Hạt điều rang muối"] == "SAP_HET_HAN"


def test_the_pdf_marks_a_revoked_certificate_only(world):
    assert "ĐÃ THU HỒI" in render_certificate_html(Certificate.objects.get(pk=world.cert_revoked.pk))
    assert "ĐÃ THU HỒI" not in render_certificate_html(Certificate.objects.get(pk=world.cert_banh_pia.pk))
