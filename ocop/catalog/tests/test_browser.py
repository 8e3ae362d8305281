"""Browser: search without diacritics, open a product, follow its certificate's QR link to the
live verification page (ocop.certificates), under the strict public CSP."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def shop(settings):
    from django.core.cache import cache

    from ocop.catalog.tests.factories import Catalog
    from ocop.core.testing import make_units

    cache.clear()
    return Catalog(make_units())


def test_search_open_product_and_verify_its_certificate(live_server, page, shop):
    errors = []
    page.on("console", lambda msg: msg.type == "error" and errors.append(msg.text))
    page.goto(f"{live_server.url}/")
    page.get_by_label("Tìm sản phẩm, chủ thể").fill("banh pia")
    page.get_by_role("button", name="Tìm", exact=True).click()

    expect(page.locator(".results-title")).to_contain_text("1 sản phẩm")
    page.get_by_role("link", name="Bánh pía sầu riêng").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Bánh pía sầu riêng")
    expect(page.locator(".badge").first).to_contain_text("Còn hiệu lực")
    expect(page.get_by_role("img", name="Mã QR xác minh giấy chứng nhận")).to_be_visible()
    page.locator("[data-verify-link]").click()

    expect(page).to_have_url(f"{live_server.url}/xac-minh/{shop.cert_banh_pia.uid}/")
    expect(page.locator("body")).to_contain_text(shop.cert_banh_pia.decision.number)
    expect(page.locator("body")).to_contain_text("còn hiệu lực")
    assert not [e for e in errors if "Content Security Policy" in e], errors
