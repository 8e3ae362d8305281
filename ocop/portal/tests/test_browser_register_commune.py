"""Browser: a producer registers from "phu hoa" on the real unit data (both maps); nothing is
chosen for them, they pick Xã Phú Hòa of Đồng Nai, and the stored producer is in that commune."""

import pytest
from playwright.sync_api import expect

from ocop.registry.models import Producer
from ocop.territory.loader import load_units
from ocop.territory.selectors import unit_get_by_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_producer_types_phu_hoa_chooses_dong_nai_and_is_stored_there(live_server, page):
    load_units()
    phu_hoa = unit_get_by_code("current", "commune", "26221")
    assert phu_hoa.full_name == "Xã Phú Hòa" and phu_hoa.parent.full_name == "Tỉnh Đồng Nai"

    page.goto(f"{live_server.url}/portal/dang-ky/")
    page.fill("input[name=username]", "hophuhoa")
    page.fill("input[name=full_name]", "Trần Văn Hòa")
    page.fill("input[name=password1]", "mat-khau-rat-manh-2026")
    page.fill("input[name=password2]", "mat-khau-rat-manh-2026")
    page.select_option("select[name=kind]", "ho")
    page.fill("input[name=name]", "Hộ kinh doanh Trần Văn Hòa")
    page.fill("input[name=rep_name]", "Trần Văn Hòa")
    page.locator("input[name=commune_search]").press_sequentially("phu hoa")
    choices = page.locator("#commune-results label")
    expect(choices.first).to_have_text("Xã Phú Hòa – Tỉnh Đồng Nai")
    expect(choices.nth(1)).to_have_text("Xã Phú Hòa – Tỉnh An Giang")
    expect(page.locator("input[name=unit]:checked")).to_have_count(0)
    expect(page.locator("#commune-results")).not_to_contain_text("Hoàn Kiếm")

    # Submitting without a choice: the browser asks for one and nothing is registered.
    page.click("#register-form button[type=submit]")
    expect(page).to_have_url(f"{live_server.url}/portal/dang-ky/")
    assert not Producer.objects.filter(name="Hộ kinh doanh Trần Văn Hòa").exists()

    choices.first.click()
    expect(page.locator("input[name=unit]:checked")).to_have_value(str(phu_hoa.pk))
    # Typing again keeps the choice on top, still chosen.
    page.locator("input[name=commune_search]").press_sequentially(" dong nai")
    expect(page.locator("input[name=unit]:checked")).to_have_value(str(phu_hoa.pk))
    page.click("#register-form button[type=submit]")
    expect(page.locator("#verification")).to_contain_text("Chờ xác minh")
    producer = Producer.objects.get(name="Hộ kinh doanh Trần Văn Hòa")
    assert producer.unit == phu_hoa
