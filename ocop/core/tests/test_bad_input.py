"""HTML and script typed into text fields stay text everywhere they come out: public pages, the
producer portal, back-office change pages, certificate PDFs, API JSON, and spreadsheets (no live
formula in an Excel or CSV export)."""

import csv
import io
import json
from io import BytesIO

import pytest
from django.core.cache import cache
from django.urls import reverse

from ocop.certificates.tests.factories import certify
from ocop.cycle.tests.conftest import world  # noqa: F401  (producers with a member around the personas)
from ocop.cycle.tests.factories import IdeaFactory
from ocop.registry.tests.factories import ProductFactory

pytestmark = pytest.mark.django_db

PAYLOAD = "<script>alert(1)</script><img src=x onerror=alert(1)>"
LIVE = ["<script>alert(1)", "<img src=x onerror", "onerror=alert(1)>"]
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;"


@pytest.fixture
def tainted(personas, world, settings, tmp_path):  # noqa: F811
    """Every free-text field of a producer, its certified product, an idea, a dossier and a fair."""
    from ocop.promotion.models import Event
    from ocop.rating.models import Dossier

    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()
    producer = world.a
    for field in ("name", "address", "rep_name", "rep_title"):
        setattr(producer, field, f"{field} {PAYLOAD}")
    producer.save()
    product = ProductFactory(producer=producer, name=f"Mật ong {PAYLOAD}", criteria_set="07",
                             description=f"Mô tả {PAYLOAD}", story=f"Câu chuyện {PAYLOAD}")
    certificate = certify(product, stars=4)
    idea = IdeaFactory(producer=producer, proposed_name=f"Ý tưởng {PAYLOAD}", description=f"Mô tả {PAYLOAD}",
                       expected_market=f"Thị trường {PAYLOAD}")
    dossier = Dossier.objects.create(product=product, unit=product.unit, year=2026, criteria_set="07", assisted=True,
                                     consent_note=f"Đồng ý {PAYLOAD}", product_spec=f"Quy cách {PAYLOAD}",
                                     status_note=f"Ý kiến {PAYLOAD}")
    event = Event.objects.create(name=f"Hội chợ {PAYLOAD}", organiser=f"Sở {PAYLOAD}", place=f"Biên Hòa {PAYLOAD}",
                                 description=f"Mô tả {PAYLOAD}", unit=personas.units.dong_nai,
                                 starts_on="2026-05-01", ends_on="2026-05-03")
    return {"producer": producer, "product": product, "certificate": certificate, "idea": idea, "dossier": dossier,
            "event": event}


def assert_inert(response, *, at_least: int = 1):
    assert response.status_code == 200, response.status_code
    text = response.content.decode()
    live = [marker for marker in LIVE if marker in text]
    assert not live, (response.request["PATH_INFO"], live)
    assert text.count(ESCAPED) >= at_least, response.request["PATH_INFO"]


def test_public_pages_show_the_markup_as_text(client, tainted):
    product, producer = tainted["product"], tainted["producer"]
    assert_inert(client.get(reverse("catalog:product_detail", args=[product.pk])), at_least=3)
    assert_inert(client.get(reverse("catalog:producer_detail", args=[producer.pk])))
    assert_inert(client.get(reverse("catalog:product_list"), {"q": "mat ong"}))
    assert_inert(client.get(reverse("certificates:verify", args=[tainted["certificate"].uid])))
    search = client.get(reverse("catalog:product_list"), {"q": PAYLOAD})  # the query echoed back
    assert search.status_code == 200 and not [m for m in LIVE if m in search.content.decode()]


def test_portal_pages_show_the_markup_as_text(client, personas, tainted):
    client.force_login(personas.producer)
    assert_inert(client.get(reverse("portal:producer_detail", args=[tainted["producer"].pk])))
    assert_inert(client.get(reverse("portal:idea_detail", args=[tainted["idea"].pk])), at_least=2)
    assert_inert(client.get(reverse("portal:producer_list")))


def test_back_office_pages_show_the_markup_as_text(client, personas, tainted):
    client.force_login(personas.province)
    for name, key in [("registry_producer", "producer"), ("registry_product", "product"),
                      ("cycle_productidea", "idea"), ("rating_dossier", "dossier"), ("promotion_event", "event")]:
        change = client.get(reverse(f"admin:{name}_change", args=[tainted[key].pk]))
        assert change.status_code == 200, name
        text = change.content.decode()
        assert not [m for m in LIVE if m in text], name
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text, name
        listing = client.get(reverse(f"admin:{name}_changelist"))
        assert listing.status_code == 200 and not [m for m in LIVE if m in listing.content.decode()], name


def test_certificate_pdf_prints_the_markup_as_text(tainted):
    from ocop.certificates.rendering import render_certificate_pdf
    from ocop.certificates.tests.pdftools import pdf_text, require_tools

    require_tools()
    text = " ".join(pdf_text(render_certificate_pdf(tainted["certificate"])).split())
    assert "<script>alert(1)</script>" in text  # printed, not interpreted as an element


def test_api_returns_the_text_as_json_data(client, personas, tainted, bearer):
    headers = {"Authorization": bearer(personas.province)["Authorization"]}
    response = client.get(f"/api/v1/products/{tainted['product'].pk}", headers=headers)
    assert response.status_code == 200 and response["Content-Type"].startswith("application/json")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert json.loads(response.content)["name"] == f"Mật ong {PAYLOAD}"


@pytest.fixture
def bearer():
    from ocop.api.tokens import api_token_create

    def make(user):
        _token, key = api_token_create(user=user, name="test", actor=None)
        return {"Authorization": f"Bearer {key}"}

    return make


# --- Spreadsheets: text never becomes a live formula ------------------------------------------

FORMULAS = ["=HYPERLINK(\"http://example.invalid\",\"x\")", "=cmd|' /C calc'!A0", "+cmd|' /C calc'!A0",
            "-2+3+cmd|' /C calc'!A0", "@SUM(1+1)*cmd|' /C calc'!A0"]


def test_open_data_csv_neutralises_formula_text(client, personas, world):  # noqa: F811
    cache.clear()
    for i, formula in enumerate(FORMULAS):
        certify(ProductFactory(producer=world.a, name=f"{formula}", criteria_set="07", description=formula),
                stars=3 + i % 3)
    response = client.get(reverse("catalog:open_data_file", args=["san-pham", "csv"]))
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode()[1:])))
    names = sorted(row["ten_san_pham"] for row in rows)
    assert names == sorted("'" + f for f in FORMULAS)
    for row in rows:
        assert not [v for v in row.values() if v and v[0] in "=+-@\t\r"], row


def test_expiring_certificates_workbook_holds_text_not_formulas(world):  # noqa: F811
    from openpyxl import load_workbook

    from ocop.certificates.exports import expiring_workbook

    certificates = [certify(ProductFactory(producer=world.a, name=formula, criteria_set="07"),
                            stars=3) for formula in FORMULAS]
    book = load_workbook(BytesIO(expiring_workbook(certificates, title="Sắp hết hạn")))
    cells = [cell for row in book.active.iter_rows() for cell in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    assert {c.value for c in cells} >= set(FORMULAS)  # the exact text, shown as text
