"""Browser: the live running total of the scoring sheet (htmx under the strict CSP)."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_choosing_options_updates_the_running_total(live_server, page):
    errors = []
    page.on("console", lambda msg: msg.type == "error" and errors.append(msg.text))
    page.goto(f"{live_server.url}/tieu-chi/qd26-2026/01/")
    total = page.locator("[data-total] strong")
    expect(total).to_have_text("0")

    page.locator("input[name=c_1a][value='3']").check()
    expect(total).to_have_text("3")
    expect(page.locator("[data-part=A]")).to_contain_text("3 / 40")

    page.locator("input[name=c_1b][value='3']").check()
    expect(total).to_have_text("5")
    expect(page.locator("[data-missing]")).to_contain_text("chưa chọn")
    assert not [e for e in errors if "Content Security Policy" in e], errors


def test_story_structure_is_disabled_without_a_story(live_server, page):
    page.goto(f"{live_server.url}/tieu-chi/qd26-2026/01/")
    structure = page.locator("input[name=c_5b][value='3']")
    page.locator("input[name=c_5a][value='3']").check()
    expect(structure).to_be_enabled()
    structure.check()
    expect(page.locator("[data-total] strong")).to_have_text("4")
    page.locator("input[name=c_5a][value='1']").check()  # "Không có câu chuyện sản phẩm"
    expect(page.locator("input[name=c_5b][value='3']")).to_be_disabled()
    expect(page.locator("[data-not-applicable='5b']")).to_contain_text("Chỉ áp dụng khi có câu chuyện sản phẩm")
    expect(page.locator("[data-total] strong")).to_have_text("0")
