"""The life of a certificate after its decision, in the browser, with the Đồng Nai demo's own
accounts and data (seeded as `ocop seed-demo` does).

The demo's province decision of today recognised a product of the 2026 round at 4★
(ocop.certificates.demo). A shopper finds it in the public catalog, still in force → the province
office "dongnai" opens the certificate in the back office and downloads its PDF: the product, the
stars, the decision, the last valid day, and a QR code that opens the live verification page → the
producer has stopped producing: the province office revokes the certificate on its form, where a
finding dated after the decision is refused → the same QR code now says "revoked" with the
revocation decision, the product has left the catalog (its page and the search), and the PDF
downloaded again is marked revoked.

From a dossier to its certificate is the season's journey (ocop/rating/tests/test_browser_season.py).
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from ocop.certificates import lifecycle
from ocop.certificates.models import Certificate, Decision
from ocop.certificates.tests.pdftools import pdf_qr_codes, pdf_text, require_tools
from ocop.core.tests.browser import admin_login, download, new_page, offline, seed_demo, watch
from ocop.lib.text import fold

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_certificate_in_force_is_revoked(live_server, browser, page, settings, tmp_path):
    require_tools()
    seed_demo()
    settings.SITE_URL = live_server.url  # the QR code points at this server
    base = live_server.url
    contacted = set()
    watch(page, contacted)
    today = timezone.localdate()
    # The demo's 4★ certificate of today's province decision (its rated dossier of the 2026 round).
    certificate = Certificate.objects.select_related("product", "decision").get(
        result__is_historical=False, stars=4, decision__issuer_level="province")
    product, decision = certificate.product, certificate.decision
    assert certificate.issued_on == today and certificate.revoked_on is None

    # 1. A shopper finds it in the catalog, typing its name without diacritics; it is in force.
    page.goto(f"{base}/san-pham/?q={fold(product.name)}")
    page.locator(".product-card", has_text=product.name).locator("a.product-card-link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(product.name)
    expect(page.locator(".badge").first).to_contain_text("Còn hiệu lực")
    product_url = page.url
    assert product_url == f"{base}{reverse('catalog:product_detail', args=[product.pk])}"

    # 2. The province office downloads the certificate's PDF from its page in the back office.
    province = new_page(browser, contacted)
    admin_login(province, base, "dongnai")
    province.goto(f"{base}/admin/certificates/certificate/?q={fold(product.name)}")
    province.click(f"#result_list a[href*='/certificates/certificate/{certificate.pk}/change/']")
    pdf = download(province, f"a[href$='/certificates/certificate/{certificate.pk}/pdf/']", tmp_path, "gcn.pdf")
    text = " ".join(pdf_text(pdf).split())
    until = lifecycle.valid_until_for(today).strftime("%d/%m/%Y")
    for expected in (product.name, "★★★★", "ĐẠT 4 SAO", f"Quyết định số {decision.number}", f"đến hết ngày {until}"):
        assert expected in text, expected
    verify_url = f"{base}/xac-minh/{certificate.uid}/"
    assert pdf_qr_codes(pdf) == [verify_url]
    page.goto(verify_url)
    expect(page.locator("article.verify")).to_have_attribute("data-status", "valid")
    expect(page.locator("h1")).to_have_text(product.name)

    # 3. The producer stopped producing: the province office revokes it. A finding dated after the
    #    decision is refused on the form; then the finding of three days ago is accepted.
    province.click(f"a[href$='/certificates/certificate/{certificate.pk}/revoke/']")
    province.select_option("select[name=revocation_ground]", Certificate.Ground.STOPPED_PRODUCING)
    province.fill("input[name=revocation_finding_on]", (today + timedelta(days=1)).isoformat())
    province.fill("input[name=revoked_on]", today.isoformat())
    province.fill("input[name=signer_name]", "Võ Tấn Đức")
    province.click("#action-form button[name=confirm]")
    expect(province.locator("#action-form")).to_contain_text("Ngày có kết luận không thể sau ngày quyết định thu hồi.")
    certificate.refresh_from_db()
    assert certificate.revoked_on is None
    province.fill("input[name=revocation_finding_on]", (today - timedelta(days=3)).isoformat())
    province.click("#action-form button[name=confirm]")
    expect(province.locator("body")).to_contain_text("Đã thu hồi giấy chứng nhận theo Quyết định số")
    certificate.refresh_from_db()
    revocation = certificate.revocation_decision
    assert certificate.revoked_on == today and certificate.revocation_finding_on == today - timedelta(days=3)
    assert revocation.kind == Decision.Kind.REVOCATION and certificate.revocation_ground == Certificate.Ground.STOPPED_PRODUCING

    # 4. The same QR code says "revoked" at once, with the decision; the product left the catalog.
    page.goto(verify_url)
    expect(page.locator("article.verify")).to_have_attribute("data-status", "revoked")
    expect(page.locator(".verify-banner")).to_contain_text(f"Quyết định số {revocation.number}")
    assert page.goto(product_url).status == 404
    page.goto(f"{base}/san-pham/?q={fold(product.name)}")
    expect(page.locator(".product-card", has_text=product.name)).to_have_count(0)

    # 5. The PDF downloaded again is marked revoked, with the revocation decision.
    province.goto(f"{base}/admin/certificates/certificate/{certificate.pk}/change/")
    pdf = download(province, f"a[href$='/certificates/certificate/{certificate.pk}/pdf/']", tmp_path, "gcn.pdf")
    text = " ".join(pdf_text(pdf).split())
    assert "ĐÃ THU HỒI" in text and f"Quyết định số {revocation.number}" in text, text

    assert offline(contacted, base)
