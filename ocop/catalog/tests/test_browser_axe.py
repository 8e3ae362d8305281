"""Accessibility: axe-core (the copy shipped in the pinned PyPI package axe-playwright-python,
never a CDN) runs in Debian's chromium on the public pages in both languages, the producer
portal, and finds no violation (WCAG 2.x A/AA and best practices)."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse

from ocop.core.testing import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Axe()


def violations(page) -> list[str]:
    results = AXE.run(page)
    return [f"{v['id']} ({v['impact']}): {v['help']} → {[n['target'] for n in v['nodes']][:5]}"
            for v in results.response["violations"]]


def check(page, url) -> list[str]:
    response = page.goto(url)
    assert response.status in (200, 404), (url, response.status)
    page.wait_for_load_state("networkidle")  # scripts that build parts of the page (select2) have run
    return [f"{url}: {problem}" for problem in violations(page)]


def login(page, base, login_url, username):
    page.goto(f"{base}{login_url}")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()


def test_public_pages_have_no_axe_violation(live_server, page, catalog):
    base = live_server.url
    paths = [
        reverse("home"), reverse("catalog:product_list"), f"{reverse('catalog:product_list')}?q=banh&sao=4",
        reverse("catalog:product_detail", args=[catalog.banh_pia.pk]),
        reverse("catalog:producer_detail", args=[catalog.producer_a.pk]),
        reverse("certificates:verify", args=[catalog.cert_banh_pia.uid]),
        reverse("certificates:verify", args=[catalog.cert_revoked.uid]),
        reverse("catalog:verify_lookup"), reverse("catalog:fake_report"), reverse("catalog:open_data"),
        reverse("criteria:index"), "/khong-co-trang-nay/",
    ]
    found = []
    for path in paths + [f"/en{path}" for path in paths]:
        found += check(page, f"{base}{path}")
    assert not found, "\n".join(found)


def test_portal_pages_have_no_axe_violation(live_server, browser, personas):
    base = live_server.url
    found = []
    portal = browser.new_page()
    found += check(portal, f"{base}{reverse('portal:login')}")
    found += check(portal, f"{base}{reverse('portal:register')}")
    login(portal, base, reverse("portal:login"), "producer")
    for name in ("portal:home", "portal:producer_list", "portal:product_list", "portal:dossier_list"):
        found += check(portal, f"{base}{reverse(name)}")
    portal.close()
    assert not found, "\n".join(found)
