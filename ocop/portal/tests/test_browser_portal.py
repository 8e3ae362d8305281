"""The producer's space in the browser, with the Đồng Nai demo's own accounts and data (seeded as
`ocop seed-demo` does).

The demo producer "chuthe" signs in → reads why the commune returned its dossier
(ocop.portal.demo.RETURN_REASON), uploads the missing test report to its document locker, cites it
in the dossier and files it again → the commune officer of its commune sees the new evidence on
the dossier's review page → the producer adds a product with a photo → in «Giấy chứng nhận của
tôi» it downloads a certificate's PDF and reads when its re-rating may be filed; once that window
has closed (the clock moved on) the list says so, with the dates.

Then a newcomer registers in the demo's first commune, found by an unaccented search → that
commune's demo officer verifies it → the newcomer sends an idea, the officer returns it with a
reason → the newcomer reads the reason and the history.
"""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.utils import timezone
from playwright.sync_api import expect

from ocop.accounts.demo import demo_communes
from ocop.certificates.issuing import certificate_store_pdf
from ocop.certificates.models import Certificate
from ocop.certificates.rerating import rerating_window
from ocop.certificates.tests.pdftools import pdf_text, require_tools
from ocop.core.tests.browser import admin_login, download, new_page, offline, portal_login, seed_demo, watch
from ocop.lib.text import fold
from ocop.portal import demo as portal_demo
from ocop.rating.models import Dossier
from ocop.registry.models import Document, ProducerMember, Product, ProductPhoto
from ocop.registry.tests.files import png_bytes
from ocop.territory.models import AdminUnit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PRODUCER = "chuthe"  # the demo producer (ocop.registry.demo)
PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


def test_the_producer_space(live_server, browser, page, tmp_path):
    require_tools()
    seed_demo()
    base = live_server.url
    contacted = set()
    watch(page, contacted)
    today = timezone.localdate()
    producer = ProducerMember.objects.select_related("producer__unit").get(user__username=PRODUCER).producer
    returned = Dossier.objects.select_related("product").get(product__producer=producer, status="returned")
    assert returned.status_note == portal_demo.RETURN_REASON

    # 1. The producer reads why its dossier was returned.
    portal_login(page, base, PRODUCER)
    page.click("nav >> text=Hồ sơ đánh giá")
    row = page.locator("#dossier-list tbody tr", has_text=returned.product.name)
    expect(row.locator("[data-status]")).to_have_attribute("data-status", "returned")
    row.locator("a").first.click()
    expect(page.locator("#dossier-status")).to_have_attribute("data-status", "returned")
    expect(page.locator("body")).to_contain_text(portal_demo.RETURN_REASON)

    # 2. It uploads the missing test report to its locker, cites it, and files the dossier again.
    report = tmp_path / "phieu-kiem-nghiem-vi-sinh.pdf"
    report.write_bytes(PDF)
    page.goto(f"{base}/portal/chu-the/{producer.pk}/")
    page.click("#documents a:has-text('Tải lên giấy tờ')")
    page.select_option("select[name=kind]", Document.Kind.TEST_REPORT)
    page.fill("input[name=number]", "KN-VS-2026-015")
    page.fill("input[name=issuer]", "Trung tâm Kiểm nghiệm Đồng Nai")
    page.fill("input[name=issued_on]", (today - timedelta(days=2)).isoformat())
    page.fill("input[name=expires_on]", (today + timedelta(days=363)).isoformat())
    page.set_input_files("input[name=file]", str(report))
    page.click("form.card button[type=submit]")
    expect(page.locator("#documents")).to_contain_text("KN-VS-2026-015")
    document = Document.objects.get(producer=producer, number="KN-VS-2026-015")
    page.goto(f"{base}/portal/ho-so/{returned.pk}/minh-chung/")
    page.select_option("select[name=document]", str(document.pk))
    page.click("form.card button[type=submit]")
    expect(page.locator("table")).to_contain_text("KN-VS-2026-015")
    assert returned.evidence.filter(document=document).exists()
    page.goto(f"{base}/portal/ho-so/{returned.pk}/")
    page.click("form:has(button[name=move][value=submitted]) button")
    expect(page.locator("#dossier-status")).to_have_attribute("data-status", "submitted")
    returned.refresh_from_db()
    assert returned.status == "submitted"

    # 3. The commune officer of its commune finds the new evidence on the review page.
    officer = new_page(browser, contacted)
    admin_login(officer, base, portal_demo.officer_username(producer.unit))
    officer.goto(f"{base}/admin/rating/dossier/{returned.pk}/review/")
    expect(officer.locator("#dossier-summary [data-status]")).to_have_attribute("data-status", "submitted")
    expect(officer.locator("#self-assessment")).to_contain_text("KN-VS-2026-015")
    officer.context.close()

    # 4. The producer adds a product with a photo; it is in «Sản phẩm của tôi».
    page.click("nav >> text=Sản phẩm của tôi")
    page.click("#product-create")
    page.fill("input[name=name]", "Ca cao nibs rang mộc Trọng Đức")
    page.select_option("select[name=criteria_set]", "13")
    page.fill("textarea[name=description]", "Hạt ca cao lên men, rang mộc, đập vỡ.")
    page.fill("input[name=packaging]", "Túi zip 200 g")
    page.fill("input[name=price]", "95000")
    page.click("#product-form button[type=submit]")
    expect(page.locator("h1")).to_have_text("Ca cao nibs rang mộc Trọng Đức")
    photo = tmp_path / "nibs.png"
    photo.write_bytes(png_bytes(size=(32, 24)))
    page.set_input_files("#photo-form input[name=image]", str(photo))
    page.fill("#photo-form input[name=caption]", "Ca cao nibs trong túi")
    page.click("#photo-form button[type=submit]")
    expect(page.locator("#photos img")).to_have_count(1)
    product = Product.objects.get(producer=producer, name="Ca cao nibs rang mộc Trọng Đức")
    assert (int(product.price), ProductPhoto.objects.filter(product=product).count()) == (95000, 1)
    page.click("nav >> text=Sản phẩm của tôi")
    expect(page.locator("#product-list")).to_contain_text(product.name)

    # 5. «Giấy chứng nhận của tôi»: a certificate's PDF (stored by the background task), and when
    #    its re-rating may be filed.
    certificate = Certificate.objects.filter(product__producer=producer).select_related("product", "decision") \
        .order_by("product__name").first()
    certificate = certificate_store_pdf(certificate=certificate)
    opens_on, closes_on = rerating_window(certificate)
    page.click("nav >> text=Giấy chứng nhận của tôi")
    row = page.locator("#certificate-list tbody tr", has_text=certificate.product.name)
    expect(row).to_contain_text(f"{certificate.stars}★")
    expect(row).to_contain_text(certificate.decision.number)
    expect(row).to_contain_text(f"Mở từ {opens_on:%d/%m/%Y} đến {closes_on:%d/%m/%Y}")
    text = " ".join(pdf_text(download(page, f"a.pdf-link[href='{certificate.pdf.url}']", tmp_path, "gcn.pdf")).split())
    for expected in (certificate.product.name, "★" * certificate.stars, f"Quyết định số {certificate.decision.number}"):
        assert expected in text, expected

    # 6. Once the window has closed, the list says so, with the dates (and offers nothing).
    late = datetime.combine(closes_on + timedelta(days=10), time(9), ZoneInfo(settings.TIME_ZONE))
    with time_machine.travel(late, tick=True):
        page.context.clear_cookies()  # the session has long expired by then
        portal_login(page, base, PRODUCER)
        page.goto(f"{base}/portal/giay-chung-nhan/")
        row = page.locator("#certificate-list tbody tr", has_text=certificate.product.name)
        expect(row.locator("[data-rerating-refusal]")).to_contain_text(
            f"từ {opens_on:%d/%m/%Y} đến {closes_on:%d/%m/%Y}")
        expect(row.locator("[data-rerating-refusal]")).to_contain_text("Đã qua thời hạn này")
        expect(row.locator("form")).to_have_count(0)
    page.context.clear_cookies()

    # 7. A newcomer registers in the demo's first commune, found by an unaccented search.
    province = AdminUnit.objects.get(generation="current", level="province", code=settings.OCOP_DEFAULT_PROVINCE_CODE)
    commune = demo_communes(province)[0]
    page.goto(f"{base}/portal/dang-ky/")
    page.fill("input[name=username]", "hoba")
    page.fill("input[name=full_name]", "Nguyễn Thị Ba")
    page.fill("input[name=password1]", "mat-khau-rat-manh-2026")
    page.fill("input[name=password2]", "mat-khau-rat-manh-2026")
    page.select_option("select[name=kind]", "ho")
    page.fill("input[name=name]", "Hộ kinh doanh Nguyễn Thị Ba")
    page.fill("input[name=rep_name]", "Nguyễn Thị Ba")
    page.locator("input[name=commune_search]").press_sequentially(fold(commune.name))
    choice = page.locator("#commune-results label", has_text=f"{commune.full_name} – {province.full_name}")
    expect(choice).to_have_count(1)
    expect(page.locator("input[name=unit]:checked")).to_have_count(0)  # nothing chosen for the user
    choice.click()
    page.click("#register-form button[type=submit]")
    expect(page.locator("#verification")).to_contain_text("Chờ xác minh")
    assert ProducerMember.objects.get(user__username="hoba").producer.unit == commune
    producer_url = page.url

    # 8. That commune's demo officer verifies it in the back office.
    officer = new_page(browser, contacted)
    admin_login(officer, base, portal_demo.officer_username(commune))
    officer.goto(f"{base}/admin/cycle/producerverification/")
    officer.click("text=Hộ kinh doanh Nguyễn Thị Ba")
    officer.click("a[href$='/move-verified/']")
    officer.click("button[name=confirm]")
    expect(officer.locator("body")).to_contain_text("Đã xác minh")

    # 9. The newcomer sends an idea; the officer returns it with a reason; the newcomer reads it.
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
    officer.goto(f"{base}/admin/cycle/productidea/")
    officer.click("text=Mứt chôm chôm sấy dẻo")
    officer.click("a[href$='/move-returned/']")
    officer.fill("textarea[name=reason]", "Bổ sung giấy chứng nhận an toàn thực phẩm và nguồn chôm chôm.")
    officer.click("button[name=confirm]")
    expect(officer.locator("body")).to_contain_text("Trả lại để bổ sung")
    page.goto(idea_url)
    expect(page.locator("h1 .badge")).to_have_text("Trả lại để bổ sung")
    expect(page.locator("#officer-note")).to_contain_text("Bổ sung giấy chứng nhận an toàn thực phẩm")
    expect(page.locator("table.history")).to_contain_text("Đã gửi → Trả lại để bổ sung")
    expect(page.locator("a:has-text('Sửa ý tưởng')")).to_be_visible()

    assert offline(contacted, base)
