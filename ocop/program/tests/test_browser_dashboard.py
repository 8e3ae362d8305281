"""Browser journey: the Đồng Nai province officer opens the program dashboard, drills down, and
downloads the Excel export of the same figures. Drives Debian's chromium (see conftest.py)."""

import openpyxl
import pytest
from playwright.sync_api import expect

from ocop.core.testing import PASSWORD
from ocop.program import demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_province_officer_opens_dong_nai_dashboard_and_downloads_excel(live_server, page, world, tmp_path):
    demo.seed(log=lambda *_: None)
    contacted = set()
    page.on("request", lambda request: contacted.add(request.url.split("/")[2]))

    page.goto(f"{live_server.url}/admin/login/")
    page.fill("input[name=username]", "province")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    expect(page).to_have_url(f"{live_server.url}/admin/")

    page.goto(f"{live_server.url}/admin/program/plan/dashboard/")
    targets = page.locator("#targets tbody tr")
    expect(targets.first).to_be_visible()
    expect(page.locator("#targets")).to_contain_text("Tăng số sản phẩm 3 sao trên 100 sản phẩm")
    expect(page.locator("#targets")).to_contain_text("50–60")
    expect(page.locator("svg.ocop-svg[role=img]").first).to_be_visible()

    # Cumulative progress and year-on-year, from the dashboard's toolbar.
    page.click("#trends-link")
    expect(page.locator("#trend-table")).to_contain_text("Tổ chức kinh tế mới tham gia OCOP")
    expect(page.locator("#program-trends svg.ocop-svg[role=img]").first).to_be_visible()
    page.go_back()

    with page.expect_download() as download_info:
        page.click("#export-xlsx")
    download = download_info.value
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    assert path.suffix == ".xlsx"
    workbook = openpyxl.load_workbook(path)
    rows = list(workbook["Chỉ tiêu"].iter_rows(min_row=2, values_only=True))
    wordings = [row[2] for row in rows]
    assert "Tăng số sản phẩm 3 sao trên 100 sản phẩm" in wordings
    row = rows[wordings.index("Phát triển mới tổ chức kinh tế tham gia chương trình OCOP: 50–60 tổ chức")]
    assert (row[4], row[5]) == (50, 60)

    # Drill down to an old district, then switch to the current map.
    page.locator("#children a").first.click()
    expect(page.locator(".ocop-crumbs")).to_contain_text("Tỉnh Đồng Nai")
    page.get_by_text("Xem theo bản đồ hiện hành").click()
    expect(page.locator(".ocop-crumbs")).to_contain_text("Hiện hành")

    # Offline guarantee: nothing but the test server was contacted.
    assert contacted == {live_server.url.split("/")[2]}
