"""The public journey in the browser, on the Đồng Nai demo's own data (seeded as `ocop seed-demo`
does), under the strict public CSP.

A shopper searches the catalog without diacritics: the results are exactly the products with a
certificate in force whose name matches → opens one of the Ministry's 5★ products of 2025
(ocop.certificates.demo.NATIONAL_2025): its stars, decision and OCOP code → scans its QR link: the
live verification page → types the OCOP code printed on another label in the home page's lookup
box, and a verification code in the verification page's own box → the irregular labels: the
demo's revoked certificate, read by its OCOP code, says "revoked" and its product is not in the
catalog; an expired one says "expired"; a code that is neither is refused with the expected form.
"""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from ocop.certificates import demo as certificates_demo
from ocop.certificates.models import Certificate
from ocop.certificates.status import IN_FORCE, status_on
from ocop.core.tests.browser import offline, seed_demo, watch
from ocop.lib.text import fold

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SEARCH = "bot ca cao"  # typed without diacritics


def _certificate(product_name: str) -> Certificate:
    return Certificate.objects.select_related("product", "decision").get(product__name=product_name)


def test_a_shopper_searches_opens_and_verifies(live_server, page):
    seed_demo()
    base = live_server.url
    contacted, errors = set(), []
    watch(page, contacted)
    page.on("console", lambda msg: msg.type == "error" and errors.append(msg.text))
    today = timezone.localdate()
    _producer, name = certificates_demo.NATIONAL_2025["products"][0]
    certificate = _certificate(name)
    in_force = sorted(c.product.name for c in Certificate.objects.select_related("product")
                      if SEARCH in fold(c.product.name) and status_on(c, today) in IN_FORCE)
    assert name in in_force and len(in_force) >= 2

    # 1. The search, without diacritics, finds exactly the products in force whose name matches.
    page.goto(f"{base}/")
    page.get_by_label("Tìm sản phẩm, chủ thể").fill(SEARCH)
    page.get_by_role("button", name="Tìm", exact=True).click()
    expect(page.locator(".results-title")).to_contain_text(f"{len(in_force)} sản phẩm")
    assert sorted(page.locator(".product-card-name").all_inner_texts()) == in_force

    # 2. The product's page: its stars, its decision, the code on its label; in force.
    page.locator(".product-card", has_text=name).locator("a.product-card-link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    facts = page.locator("#cert-title + dl.facts")
    expect(facts).to_contain_text("Còn hiệu lực")
    expect(facts).to_contain_text(f"{certificate.stars} sao")
    expect(facts).to_contain_text(certificate.decision.number)
    expect(facts).to_contain_text(certificate.product.ocop_code)

    # 3. Its QR link opens the live verification page.
    expect(page.get_by_role("img", name="Mã QR xác minh giấy chứng nhận")).to_be_visible()
    page.locator("[data-verify-link]").click()
    expect(page).to_have_url(f"{base}/xac-minh/{certificate.uid}/")
    expect(page.locator("article.verify")).to_have_attribute("data-status", "valid")
    expect(page.locator("article.verify")).to_contain_text(f"Số {certificate.decision.number}")

    # 4. Another label: its OCOP code typed in the home page's box; then a verification code
    #    typed in the verification page's own box.
    other = _certificate(next(n for n in in_force if n != name))
    page.goto(f"{base}/")
    page.locator("form[action='/kiem-tra/'] input[name=ma]").fill(other.product.ocop_code)
    page.locator("form[action='/kiem-tra/'] button[type=submit]").click()
    expect(page.locator("article.verify h1")).to_have_text(other.product.name)
    expect(page.locator("article.verify")).to_have_attribute("data-status", "valid")
    page.fill("#verify-lookup-ma", str(certificate.uid))
    page.click(".verify-lookup button[type=submit]")
    expect(page).to_have_url(f"{base}/xac-minh/{certificate.uid}/")
    expect(page.locator("article.verify h1")).to_have_text(name)

    # 5. The irregular labels: the demo's revoked certificate, by its OCOP code; an expired one.
    revoked = _certificate(certificates_demo.REVOKED)
    page.fill("#verify-lookup-ma", revoked.product.ocop_code)
    page.click(".verify-lookup button[type=submit]")
    expect(page.locator("article.verify")).to_have_attribute("data-status", "revoked")
    expect(page.locator(".verify-banner")).to_contain_text(f"Quyết định số {revoked.revocation_decision.number}")
    expired = Certificate.objects.filter(decision__number=certificates_demo.DAIRY_2023["number"]).first()
    page.fill("#verify-lookup-ma", str(expired.uid))
    page.click(".verify-lookup button[type=submit]")
    expect(page.locator("article.verify")).to_have_attribute("data-status", "expired")
    page.fill("#verify-lookup-ma", "75-ABC")
    page.click(".verify-lookup button[type=submit]")
    expect(page.locator("#verify-lookup-errors")).to_contain_text("dạng 75-26068-003-2026")
    page.goto(f"{base}/san-pham/?q={fold(revoked.product.name)}")
    expect(page.locator(".results-title")).to_be_visible()
    expect(page.locator(".product-card", has_text=revoked.product.name)).to_have_count(0)

    assert not [e for e in errors if "Content Security Policy" in e], errors
    assert offline(contacted, base)
