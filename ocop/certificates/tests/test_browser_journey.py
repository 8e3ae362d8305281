"""Browser journey of cycle step 5, end to end, on Debian's chromium (see conftest.py):

the producer files a dossier in the portal (self-assessment on the scoring sheet) → the commune
officer issues form 03 and proposes it → the province office accepts it → a council of three
members declares and scores → the secretary finalizes (4★) → the province office records the
recognition decision → the certificate PDF is downloaded: its text carries the product, the stars,
the decision number and the validity date, and its QR code decodes to the verification page,
which the browser then opens → the province office revokes the certificate on its form → the same
verification page says "revoked", the product's public page is gone, and the PDF downloaded again
is marked revoked with the revocation decision.

Set up beforehand (not part of the journey): the product and its producer's portal account, an
open province round with its council (chair, two members, secretary).
"""

from datetime import timedelta
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from ocop.accounts.models import Role
from ocop.certificates import lifecycle
from ocop.certificates.models import Certificate, Decision
from ocop.certificates.tests.pdftools import pdf_qr_codes, pdf_text, require_tools
from ocop.core.testing import PASSWORD, make_user
from ocop.rating.demo import answers_near
from ocop.rating.models import Council, CouncilMember, Dossier, RatingResult, RatingRound
from ocop.registry.models import Producer, ProducerMember, Product

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PRODUCT = "Hạt điều rang củi Trấn Biên"
REGIME, SET = "qd26-2026", "07"


@pytest.fixture
def setup(personas):
    units = personas.units
    producer = Producer.objects.create(kind=Producer.Kind.HOUSEHOLD, name="Hộ kinh doanh Điều Ba Sáu",
                                       unit=units.commune_a, rep_name="Lê Văn Sáu")
    ProducerMember.objects.create(user=personas.producer, producer=producer)
    Product.objects.create(producer=producer, unit=units.commune_a, name=PRODUCT, criteria_set=SET)
    today = timezone.localdate()
    rnd = RatingRound.objects.create(level="province", unit=units.dong_nai, year=today.year, sequence=9,
                                     proposal_deadline=today + timedelta(days=30),
                                     rating_deadline=today + timedelta(days=60))
    council = Council.objects.create(round=rnd, name="Hội đồng OCOP tỉnh Đồng Nai (thử nghiệm)")
    members = []
    for username, seat in [("chu_tich", "chair"), ("uy_vien_1", "member"), ("uy_vien_2", "member")]:
        members.append(make_user(username, Role.COUNCIL_MEMBER, units.dong_nai))
        CouncilMember.objects.create(council=council, user=members[-1], role=seat)
    secretary = make_user("thu_ky", Role.COUNCIL_SECRETARY, units.dong_nai)
    CouncilMember.objects.create(council=council, user=secretary, role="secretary")
    return members


def new_page(browser, contacted):
    page = browser.new_context(locale="vi-VN", viewport={"width": 1366, "height": 900},
                               accept_downloads=True).new_page()
    page.on("request", lambda request: contacted.add(request.url.split("/")[2]))
    return page


def admin_login(page, base, username):
    page.goto(f"{base}/admin/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    expect(page).to_have_url(f"{base}/admin/")


def fill_sheet(page, answers: dict[str, str]) -> None:
    for code, option in answers.items():
        page.check(f"input[name='c_{code}'][value='{option}']")
    # Every change posts a live preview (htmx adds the class htmx-request while one is in flight).
    # Let them finish before the next request: on SQLite the test server's threads share one
    # connection, so a submit racing a preview can read another request's transaction.
    page.wait_for_function("() => !document.querySelector('.htmx-request')")


def test_dossier_to_certificate_pdf(live_server, browser, page, personas, setup, settings, tmp_path):
    require_tools()
    settings.SITE_URL = live_server.url  # the QR code points at this server
    base = live_server.url
    contacted = set()
    page.on("request", lambda request: contacted.add(request.url.split("/")[2]))

    # 1. The producer files the dossier in the portal and self-assesses on the sheet.
    page.goto(f"{base}/portal/dang-nhap/")
    page.fill("input[name=username]", "producer")
    page.fill("input[name=password]", PASSWORD)
    page.click("form.card button[type=submit]")
    expect(page.locator("body")).to_contain_text("Hộ kinh doanh Điều Ba Sáu")
    page.goto(f"{base}/portal/ho-so/moi/")
    page.select_option("select[name=product]", label=PRODUCT)
    page.click("form.card button[type=submit]")
    expect(page.locator("h1")).to_contain_text("tự đánh giá")
    fill_sheet(page, answers_near(REGIME, SET, 78))
    page.click("button[name=save]")
    page.click("form:has(button[name=move][value=submitted]) button")
    expect(page.locator("#dossier-status")).to_have_attribute("data-status", "submitted")
    dossier = Dossier.objects.get(product__name=PRODUCT)

    # 2. The commune officer issues form 03 and proposes the dossier to the province.
    officer = new_page(browser, contacted)
    admin_login(officer, base, "commune_a")
    officer.goto(f"{base}/admin/rating/dossier/{dossier.pk}/review/")
    officer.check("input[name=complete]")
    for name in ("local_materials", "local_labour", "idea_origin", "local_identity"):
        officer.fill(f"textarea[name={name}]", "Điều nguyên liệu của nông hộ trong phường; lao động địa phương.")
    officer.select_option("select[name=conclusion]", "propose")
    officer.fill("input[name=report_number]", "12/BC-UBND")
    officer.click("#review-form button[type=submit]")
    expect(officer.locator("body")).to_contain_text("Xã đã đề xuất lên tỉnh")

    # 3. The province office accepts it for the round's council.
    province = new_page(browser, contacted)
    admin_login(province, base, "province")
    province.goto(f"{base}/admin/rating/dossier/{dossier.pk}/move-accepted/")
    province.click("button[name=confirm]")
    expect(province.locator("body")).to_contain_text("Tỉnh đã tiếp nhận")

    # 4. Three members declare no conflict and score (74, 76, 79: a 4★ band).
    for member, target in zip(setup, (74, 76, 79), strict=True):
        scorer = new_page(browser, contacted)
        admin_login(scorer, base, member.username)
        scorer.goto(f"{base}/admin/rating/dossier/{dossier.pk}/scoring/province/")
        scorer.check("input[name=has_conflict][value='0']")
        scorer.click("button[name=declare]")
        fill_sheet(scorer, answers_near(REGIME, SET, target))
        scorer.click("#submit-sheet")
        expect(scorer.locator("#sheet-submitted")).to_be_visible()
        scorer.context.close()

    # 5. The secretary finalizes the council's result.
    secretary = new_page(browser, contacted)
    admin_login(secretary, base, "thu_ky")
    secretary.goto(f"{base}/admin/rating/dossier/{dossier.pk}/result/province/")
    expect(secretary.locator("[data-stars]")).to_have_attribute("data-stars", "4")
    secretary.fill("textarea[name=minutes]", "Hội đồng họp ngày hôm nay, thống nhất kết quả 4 sao.")
    secretary.click("button[name=finalize]")
    expect(secretary.locator("body")).to_contain_text("Đã hoàn tất kết quả")
    result = RatingResult.objects.get(dossier=dossier, level="province")
    assert result.is_final and result.stars == 4

    # 6. The province office records the chair's recognition decision.
    province.goto(f"{base}/admin/certificates/decision/")
    province.click("text=Ghi nhận quyết định công nhận")
    province.fill("input[name=signer_name]", "Võ Tấn Đức")
    province.fill("input[name=signer_title]", "KT. CHỦ TỊCH – PHÓ CHỦ TỊCH")
    province.check(f"input[name=results][value='{result.pk}']")
    province.click("#action-form button[name=confirm]")
    expect(province.locator("body")).to_contain_text("Đã ghi nhận Quyết định số 1/QĐ-UBND")
    decision = Decision.objects.get()
    certificate = Certificate.objects.get(result=result)  # made by the background task on commit
    assert decision.number == "1/QĐ-UBND" and certificate.stars == 4

    # 7. The certificate PDF is downloaded from the certificate's page.
    province.click(f"a[href$='/certificates/certificate/{certificate.pk}/change/']")
    with province.expect_download() as download:
        province.click(f"a[href$='/certificates/certificate/{certificate.pk}/pdf/']")
    saved = Path(tmp_path) / "giay-chung-nhan.pdf"
    download.value.save_as(saved)
    data = saved.read_bytes()
    text = " ".join(pdf_text(data).split())
    until = lifecycle.valid_until_for(timezone.localdate()).strftime("%d/%m/%Y")
    for expected in (PRODUCT, "★★★★", "ĐẠT 4 SAO", "Quyết định số 1/QĐ-UBND", f"đến hết ngày {until}"):
        assert expected in text, expected
    verify_url = f"{base}/xac-minh/{certificate.uid}/"
    assert pdf_qr_codes(data) == [verify_url]

    # 8. Anyone scanning the code sees the live status; the product is in the public catalog.
    page.goto(verify_url)
    expect(page.locator("article.verify")).to_have_attribute("data-status", "valid")
    expect(page.locator("h1")).to_have_text(PRODUCT)
    product_url = f"{base}{reverse('catalog:product_detail', args=[certificate.product_id])}"
    assert page.goto(product_url).status == 200

    # 9. The producer stops producing: the province office revokes the certificate on its form.
    today = timezone.localdate().isoformat()
    province.goto(f"{base}/admin/certificates/certificate/{certificate.pk}/change/")
    province.click(f"a[href$='/certificates/certificate/{certificate.pk}/revoke/']")
    province.select_option("select[name=revocation_ground]", Certificate.Ground.STOPPED_PRODUCING)
    province.fill("input[name=revocation_finding_on]", today)
    province.fill("input[name=revoked_on]", today)
    province.fill("input[name=signer_name]", "Võ Tấn Đức")
    province.click("#action-form button[name=confirm]")
    expect(province.locator("body")).to_contain_text("Đã thu hồi giấy chứng nhận theo Quyết định số")
    certificate.refresh_from_db()
    revocation = certificate.revocation_decision
    assert certificate.revoked_on == timezone.localdate() and revocation.kind == Decision.Kind.REVOCATION

    # 10. The same QR code now says "revoked" at once; the product has left the catalog; the PDF
    #     downloaded again carries the revocation and its decision.
    page.goto(verify_url)
    expect(page.locator("article.verify")).to_have_attribute("data-status", "revoked")
    expect(page.locator("article.verify")).to_contain_text("Đã thu hồi")
    assert page.goto(product_url).status == 404
    with province.expect_download() as download:
        province.click(f"a[href$='/certificates/certificate/{certificate.pk}/pdf/']")
    download.value.save_as(saved)
    text = " ".join(pdf_text(saved.read_bytes()).split())
    assert "ĐÃ THU HỒI" in text and f"Quyết định số {revocation.number}" in text, text

    # Offline guarantee: nothing but the test server was contacted.
    assert contacted == {base.split("/")[2]}
