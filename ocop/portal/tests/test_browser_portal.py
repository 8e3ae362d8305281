"""Browser journey: a producer registers in the portal, the commune officer verifies it in the
back office, the producer submits an idea, the officer returns it with a reason, and the
producer reads the reason. Drives Debian's chromium (see conftest.py)."""

import pytest
from playwright.sync_api import expect

from ocop.core.testing import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def admin_login(page, base, username):
    page.goto(f"{base}/admin/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    expect(page).to_have_url(f"{base}/admin/")


def test_register_verify_submit_return_and_read_the_reason(live_server, browser, page, personas):
    base = live_server.url
    contacted = set()
    page.on("request", lambda request: contacted.add(request.url.split("/")[2]))

    # 1. The producer registers; the commune is found by an unaccented search (htmx).
    page.goto(f"{base}/portal/dang-ky/")
    page.fill("input[name=username]", "hoba")
    page.fill("input[name=full_name]", "Nguyễn Thị Ba")
    page.fill("input[name=password1]", "mat-khau-rat-manh-2026")
    page.fill("input[name=password2]", "mat-khau-rat-manh-2026")
    page.select_option("select[name=kind]", "ho")
    page.fill("input[name=name]", "Hộ kinh doanh Nguyễn Thị Ba")
    page.fill("input[name=rep_name]", "Nguyễn Thị Ba")
    page.fill("input[name=commune_search]", "tran bien")
    choices = page.locator("#commune-results label")
    expect(choices).to_have_count(1)
    expect(choices.first).to_contain_text("Trấn Biên")
    expect(page.locator("input[name=unit]:checked")).to_have_count(0)  # nothing chosen for the user
    choices.first.click()
    page.click("#register-form button[type=submit]")
    expect(page.locator("#verification")).to_contain_text("Chờ xác minh")
    producer_url = page.url

    # 2. The commune officer verifies it in the back office.
    officer = browser.new_context(locale="vi-VN", viewport={"width": 1366, "height": 900}).new_page()
    officer.on("request", lambda request: contacted.add(request.url.split("/")[2]))
    admin_login(officer, base, "commune_a")
    officer.goto(f"{base}/admin/cycle/producerverification/")
    officer.click("text=Hộ kinh doanh Nguyễn Thị Ba")
    officer.click("a[href$='/move-verified/']")
    officer.click("button[name=confirm]")
    expect(officer.locator("body")).to_contain_text("Đã xác minh")

    # 3. The producer writes and sends an idea.
    page.goto(producer_url)
    expect(page.locator("#verification")).to_contain_text("Đã xác minh")
    page.click("text=Đăng ký ý tưởng mới")
    page.fill("input[name=proposed_name]", "Mứt chôm chôm sấy dẻo")
    page.select_option("select[name=criteria_set]", "07")
    page.fill("textarea[name=description]", "Chôm chôm vườn nhà, sấy dẻo, không đường hóa học.")
    page.click("button:has-text('Lưu bản nháp')")
    page.click("button:has-text('Gửi ý tưởng')")
    expect(page.locator("h1 .badge")).to_have_text("Đã gửi")
    idea_url = page.url

    # 4. The officer returns it with a reason.
    officer.goto(f"{base}/admin/cycle/productidea/")
    officer.click("text=Mứt chôm chôm sấy dẻo")
    officer.click("a[href$='/move-returned/']")
    officer.fill("textarea[name=reason]", "Bổ sung giấy chứng nhận an toàn thực phẩm và nguồn chôm chôm.")
    officer.click("button[name=confirm]")
    expect(officer.locator("body")).to_contain_text("Trả lại để bổ sung")

    # 5. The producer reads the reason, with the history.
    page.goto(idea_url)
    expect(page.locator("h1 .badge")).to_have_text("Trả lại để bổ sung")
    expect(page.locator("#officer-note")).to_contain_text("Bổ sung giấy chứng nhận an toàn thực phẩm")
    expect(page.locator("table.history")).to_contain_text("Đã gửi → Trả lại để bổ sung")
    expect(page.locator("a:has-text('Sửa ý tưởng')")).to_be_visible()

    # Offline guarantee: nothing but the test server was contacted.
    assert contacted == {base.split("/")[2]}
