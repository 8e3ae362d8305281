"""The steps every browser journey repeats, in one place (Playwright on Debian's chromium: the
browser fixtures are in the root conftest.py).

The journeys are lived by the Đồng Nai demo's own people: ``seed_demo()`` seeds the demo as
`ocop seed-demo` does, and the accounts are the demo modules' (``ocop.accounts.demo``,
``ocop.portal.demo``…), all with the demo password. A journey opens one browser context per person
(``new_page``), so each keeps their own session, and records every host the pages contacted: the
offline guarantee is ``assert offline(contacted, base)`` at the end.

On SQLite the live server answers one request at a time (conftest.py,
``_one_request_at_a_time_on_sqlite``), so several pages may stay open and the scoring sheet's live
preview may run while a journey ticks answers: no step here works around a shared connection.
"""

import re
from pathlib import Path

from playwright.sync_api import Browser, Page, expect

from ocop.accounts.demo import DEMO_PASSWORD

VIEWPORT = {"width": 1366, "height": 900}


def seed_demo() -> None:
    """The real administrative units and every step of the demo (ocop.ops.demo.DEMO_STEPS), as
    `ocop seed-demo` does, with one difference: the certificates' stored PDFs, the work of the
    background task that each recognition decision enqueues (generate_certificates, run by
    `ocop db_worker`), are left to that task, which here never runs. The demo has 26 of them, at
    more than a second each: most of a journey's set-up time, for files hardly any journey opens.
    The pages behave as they do while the worker has not caught up: the back office renders a
    certificate's PDF when it is downloaded, the portal says it is being made; a journey that
    downloads a stored one stores it first (ocop.certificates.issuing.certificate_store_pdf)."""
    from django.test import override_settings

    from ocop.ops.demo import seed_all
    from ocop.territory.loader import load_units

    load_units()
    with override_settings(TASKS={"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}):
        seed_all(log=lambda *_: None)


def host(url: str) -> str:
    return url.split("/")[2]


def watch(page: Page, contacted: set[str]) -> Page:
    """Record in CONTACTED the host of every request PAGE makes."""
    page.on("request", lambda request: contacted.add(host(request.url)))
    return page


def offline(contacted: set[str], base: str) -> bool:
    """Nothing but the test server was contacted (no CDN, font or analytics host)."""
    return contacted == {host(base)}


def new_page(browser: Browser, contacted: set[str] | None = None) -> Page:
    """A page in a context of its own (its own cookies: one person), in Vietnamese, downloads on."""
    page = browser.new_context(locale="vi-VN", viewport=VIEWPORT, accept_downloads=True).new_page()
    return watch(page, contacted) if contacted is not None else page


def admin_login(page: Page, base: str, username: str, password: str = DEMO_PASSWORD) -> None:
    """Sign in to the back office; it lands on the inbox at /admin/."""
    page.goto(f"{base}/admin/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    expect(page).to_have_url(f"{base}/admin/")


def portal_login(page: Page, base: str, username: str, password: str = DEMO_PASSWORD) -> None:
    """Sign in to the producers' portal; a producer lands on their own producer's page."""
    page.goto(f"{base}/portal/dang-nhap/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("form:has(input[name=password]) button[type=submit]")
    expect(page).not_to_have_url(re.compile(r"/dang-nhap/"))


def fill_sheet(page: Page, answers: dict[str, str]) -> None:
    """Tick one option per criterion of the scoring sheet (each tick posts the live preview)."""
    expect(page.locator("form.sheet")).to_be_visible()  # the click that opened it may still be loading
    for code, option in answers.items():
        page.check(f"input[name='c_{code}'][value='{option}']")


def download(page: Page, selector: str, folder: Path, name: str) -> bytes:
    """Click the link SELECTOR, save the file it downloads as FOLDER/NAME and return its bytes."""
    with page.expect_download() as info:
        page.click(selector)
    saved = Path(folder) / name
    info.value.save_as(saved)
    return saved.read_bytes()
