"""Accessibility of the back office: axe-core (pinned PyPI package axe-playwright-python) on the
login page and three admin pages (the inbox, a list, a form with a select2 autocomplete) in
Debian's chromium: no violation. Fixes to third-party markup live in ocop/core/static/ocop/admin_a11y.js."""

import pytest
from django.urls import reverse

from ocop.catalog.tests.test_browser_axe import check, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_admin_pages_have_no_axe_violation(live_server, page, personas):
    base = live_server.url
    found = check(page, f"{base}{reverse('admin:login')}")
    login(page, base, reverse("admin:login"), "province")
    for url in (reverse("admin:index"), reverse("admin:registry_product_changelist"),
                reverse("admin:registry_producer_add")):
        found += check(page, f"{base}{url}")
    assert not found, "\n".join(found)
