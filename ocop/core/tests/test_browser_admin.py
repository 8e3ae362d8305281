"""Browser journey: the province officer logs into the back office and finds a commune by an
unaccented search. Drives Debian's chromium (see conftest.py)."""

import pytest
from playwright.sync_api import expect

from ocop.core.testing import PASSWORD
from ocop.core.tests.browser import admin_login, offline, watch

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_province_officer_finds_commune_by_unaccented_search(live_server, page, personas):
    contacted = set()
    watch(page, contacted)
    admin_login(page, live_server.url, "province", PASSWORD)

    page.goto(f"{live_server.url}/admin/territory/adminunit/")
    page.fill("input[name=q]", "tran bien")
    page.keyboard.press("Enter")
    results = page.locator("#result_list tbody tr")
    expect(results).to_have_count(1)
    expect(results.first).to_contain_text("Trấn Biên")

    assert offline(contacted, live_server.url)
