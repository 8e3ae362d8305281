"""A whole rating season in the browser (issue 13), with the Đồng Nai demo's own accounts only.

The demo is seeded as `ocop seed-demo` does. Then: the producer "chuthe" completes and files its
draft dossier in the portal → the province office "dongnai" creates a round and its council in the
back office (four scoring members and the secretary) → the commune officer of the producer's
commune issues form 03 and proposes the dossier (it joins the new round) → the province accepts it
and marks one member absent with a reason → three members score (about 93–96: potential 5★) → the
secretary "thuky" finalises (the absent member recorded, the quorum 3/4 met) → the chair
"hoidong1" approves the potential 5★ result (Art. 7.3.e) → the national office "trunguong" creates
the central council, its members score, the secretary finalises 5★ → "trunguong" records the
Ministry's decision with its signed scan → the certificate PDF carries the product and a QR code
that opens the live verification page → a re-rating is refused outside its window and filed inside
it (the clock moved to 150 days before expiry).

The other branch of the chair's step comes first, on the demo's own round (one journey, one seed
of the demo): the chair declines a potential 5★ result (a reason is required), the dossier is
rated, and the province office recognises the product at 4★.
"""

from datetime import datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone
from playwright.sync_api import expect

from ocop.certificates import lifecycle
from ocop.certificates.models import Certificate, Decision
from ocop.certificates.tests.pdftools import pdf_qr_codes, pdf_text, require_tools
from ocop.core.tests.browser import (
    admin_login,
    download,
    fill_sheet,
    new_page,
    offline,
    portal_login,
    seed_demo,
    watch,
)
from ocop.portal.demo import officer_username
from ocop.rating.demo import answers_near
from ocop.rating.models import Council, Dossier, RatingResult, RatingRound
from ocop.registry.models import ProducerMember

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PRODUCT = "Socola hạt ca cao Trọng Đức"  # the demo producer's draft (rating demo step)
REGIME, SET = "qd26-2026", "13"
SIGNED_SCAN = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture
def demo():
    seed_demo()


def add_members(page, rows: list[tuple[str, str]], start: int = 0) -> None:
    """Fill new rows of the council's member inline: (username, seat role)."""
    for i, (username, role) in enumerate(rows, start=start):
        page.click("#members-group a.add-row")
        page.select_option(f"select[name='members-{i}-user']", label=_user_label(username))
        page.select_option(f"select[name='members-{i}-role']", role)


def _user_label(username):
    from ocop.accounts.models import User

    return str(User.objects.get(username=username))


def score(browser, contacted, base, dossier, level, scorers):
    for username, target in scorers:
        scorer = new_page(browser, contacted)
        admin_login(scorer, base, username)
        scorer.goto(f"{base}/admin/rating/dossier/{dossier.pk}/scoring/{level}/")
        scorer.check("input[name=has_conflict][value='0']")
        scorer.click("button[name=declare]")
        fill_sheet(scorer, answers_near(REGIME, SET, target))
        scorer.click("#submit-sheet")
        expect(scorer.locator("#sheet-submitted")).to_be_visible()
        scorer.context.close()


def test_a_whole_season_with_the_demo_accounts(live_server, browser, page, demo, settings, tmp_path):
    require_tools()
    settings.SITE_URL = live_server.url
    base = live_server.url
    contacted = set()
    watch(page, contacted)
    dossier = Dossier.objects.get(product__name=PRODUCT)
    producer = dossier.product.producer
    assert ProducerMember.objects.filter(user__username="chuthe", producer=producer).exists()
    commune_officer = officer_username(producer.unit)  # the demo's officer of that commune (portal step)
    today = timezone.localdate()

    # 0. First, last round's business: the chair declines a potential 5★ result (the other branch
    #    of step 6), and the province recognises it at 4★.
    _the_chair_declines(browser, contacted, base)

    # 1. The producer completes the self-assessment of its draft and files it.
    portal_login(page, base, "chuthe")
    page.goto(f"{base}/portal/ho-so/{dossier.pk}/tu-danh-gia/")
    expect(page.locator("h1")).to_contain_text("tự đánh giá")
    fill_sheet(page, answers_near(REGIME, SET, 95))
    page.click("button[name=save]")
    expect(page.locator("body")).to_contain_text("Đã lưu báo cáo tự đánh giá.")
    page.goto(f"{base}/portal/ho-so/{dossier.pk}/")
    page.click("form:has(button[name=move][value=submitted]) button")
    expect(page.locator("#dossier-status")).to_have_attribute("data-status", "submitted")

    # 2. The province office creates the round and its council in the back office.
    province = new_page(browser, contacted)
    admin_login(province, base, "dongnai")
    province.goto(f"{base}/admin/rating/ratinground/add/")
    province.select_option("select[name=level]", "province")
    province.evaluate("""(pk) => { const s = document.querySelector("select[name=unit]");
                                   s.add(new Option("Đồng Nai", pk, true, true)); }""",
                      str(producer.unit.parent_id))
    province.fill("input[name=year]", str(today.year))
    province.fill("input[name=sequence]", "3")
    province.fill("input[name=proposal_deadline]", (today + timedelta(days=1)).isoformat())
    province.fill("input[name=rating_deadline]", (today + timedelta(days=30)).isoformat())
    province.click("button[name=_save]")
    expect(province.locator("body")).to_contain_text("thành công")
    rnd = RatingRound.objects.get(level="province", year=today.year, sequence=3)
    assert rnd.unit_id == producer.unit.parent_id

    province.goto(f"{base}/admin/rating/council/add/")
    province.select_option("select[name=round]", str(rnd.pk))
    province.fill("input[name=name]", f"Hội đồng OCOP tỉnh Đồng Nai đợt 3/{today.year}")
    province.fill("input[name=decision_number]", "3150/QĐ-UBND")
    expect(province.locator("select[name=quorum]")).to_have_value("two_thirds")  # the default rule
    add_members(province, [("hoidong1", "chair"), ("hoidong2", "member"), ("hoidong3", "member"),
                           ("songnn", "member"), ("thuky", "secretary")])
    province.click("button[name=_save]")
    expect(province.locator("body")).to_contain_text("thành công")
    council = Council.objects.get(round=rnd)
    assert council.members.count() == 5 and council.members.get(role="chair").user.username == "hoidong1"

    # 3. The commune officer of the producer's commune issues form 03: the dossier joins the round.
    officer = new_page(browser, contacted)
    admin_login(officer, base, commune_officer)
    officer.goto(f"{base}/admin/rating/dossier/{dossier.pk}/review/")
    expect(officer.locator("body")).to_contain_text(PRODUCT)
    # The producer's self-assessment stands beside the evidence column, criterion by criterion.
    dossier.refresh_from_db()
    expect(officer.locator("#self-assessment [data-self-total]")).not_to_have_text("—")
    expect(officer.locator("#self-assessment tr[data-criterion]").first).to_be_visible()
    officer.select_option("select[name=conclusion]", "return")  # a return needs a reason: said on the form
    officer.click("#review-form button[type=submit]")
    expect(officer.locator("#review-form")).to_contain_text("Chọn «Trả lại» thì cần nêu rõ lý do trả lại.")
    officer.check("input[name=complete]")
    for name in ("local_materials", "local_labour", "idea_origin", "local_identity"):
        officer.fill(f"textarea[name={name}]", "Ca cao của nông hộ trong xã; lao động địa phương.")
    officer.select_option("select[name=conclusion]", "propose")
    officer.fill("input[name=report_number]", "21/BC-UBND")
    officer.click("#review-form button[type=submit]")
    expect(officer.locator("body")).to_contain_text("Xã đã đề xuất lên tỉnh")
    dossier.refresh_from_db()
    assert dossier.round_id == rnd.pk

    # 4. The province accepts it and marks one member absent, with the reason.
    province.goto(f"{base}/admin/rating/dossier/{dossier.pk}/move-accepted/")
    province.click("button[name=confirm]")
    expect(province.locator("body")).to_contain_text("Tỉnh đã tiếp nhận")
    province.goto(f"{base}/admin/rating/council/{council.pk}/change/")
    absent = council.members.get(user__username="songnn")
    index = list(council.members.order_by("pk").values_list("pk", flat=True)).index(absent.pk)
    row = province.locator(f"input[name='members-{index}-id'][value='{absent.pk}']")
    expect(row).to_have_count(1)
    province.check(f"input[name='members-{index}-absent']")
    province.click("button[name=_save]")  # no reason: refused on the form
    expect(province.locator("body")).to_contain_text("Cần nêu lý do vắng mặt của thành viên.")
    province.check(f"input[name='members-{index}-absent']")
    province.fill(f"input[name='members-{index}-absence_reason']", "Đi công tác nước ngoài")
    province.click("button[name=_save]")
    expect(province.locator("body")).to_contain_text("thành công")
    absent.refresh_from_db()
    assert absent.absent and absent.absence_reason == "Đi công tác nước ngoài"

    # 5. Three members score; the secretary sees the quorum, the absent member, a 5★ rank; finalises.
    score(browser, contacted, base, dossier, "province", [("hoidong1", 93), ("hoidong2", 94), ("hoidong3", 96)])
    secretary = new_page(browser, contacted)
    admin_login(secretary, base, "thuky")
    secretary.goto(f"{base}/admin/rating/dossier/{dossier.pk}/result/province/")
    expect(secretary.locator("[data-stars]")).to_have_attribute("data-stars", "5")
    expect(secretary.locator("[data-quorum]")).to_have_attribute("data-quorum", "met")
    expect(secretary.locator("[data-member-state=songnn]")).to_contain_text("Đi công tác nước ngoài")
    secretary.fill("textarea[name=minutes]", "Hội đồng họp với 3/4 thành viên chấm điểm; thống nhất kết quả.")
    secretary.click("button[name=finalize]")
    expect(secretary.locator("body")).to_contain_text("Đã hoàn tất kết quả")
    result = RatingResult.objects.get(dossier=dossier, level="province")
    assert result.potential_5_star and result.members_count == 3
    assert [a["reason"] for a in result.absent_members] == ["Đi công tác nước ngoài"]
    secretary.goto(f"{base}/admin/rating/dossier/{dossier.pk}/result/province/")
    expect(secretary.locator("#next-steps")).to_contain_text("Chủ tịch hội đồng phê duyệt")
    expect(secretary.locator("#approve-form")).to_have_count(0)  # the secretary does not approve

    # 6. The chair approves the potential 5★ result; the dossier goes to the next central round.
    chair = new_page(browser, contacted)
    admin_login(chair, base, "hoidong1")
    chair.goto(f"{base}/admin/rating/dossier/{dossier.pk}/result/province/")
    chair.click("#approve-form button[name=approve]")
    expect(chair.locator("body")).to_contain_text("Đã phê duyệt kết quả tiềm năng 5 sao")
    dossier.refresh_from_db()
    assert dossier.status == "forwarded_central" and dossier.central_round.level == "central"

    # 7. The national office creates the central council; its members score; the secretary finalises.
    national = new_page(browser, contacted)
    admin_login(national, base, "trunguong")
    national.goto(f"{base}/admin/rating/council/add/")
    national.select_option("select[name=round]", str(dossier.central_round_id))
    national.fill("input[name=name]", "Hội đồng đánh giá sản phẩm OCOP cấp trung ương")
    add_members(national, [("hoidong1", "chair"), ("hoidong2", "member"), ("hoidong3", "member"),
                           ("thuky", "secretary")])
    national.click("button[name=_save]")
    expect(national.locator("body")).to_contain_text("thành công")
    score(browser, contacted, base, dossier, "central", [("hoidong1", 92), ("hoidong2", 93), ("hoidong3", 95)])
    secretary.goto(f"{base}/admin/rating/dossier/{dossier.pk}/result/central/")
    secretary.fill("textarea[name=minutes]", "Hội đồng trung ương thống nhất: đạt 5 sao.")
    secretary.click("button[name=finalize]")
    expect(secretary.locator("body")).to_contain_text("Đã hoàn tất kết quả")
    central = RatingResult.objects.get(dossier=dossier, level="central")
    assert central.stars == 5

    # 8. The Ministry's decision is recorded with its signed scan.
    scan = Path(tmp_path) / "quyet-dinh-da-ky.pdf"
    scan.write_bytes(SIGNED_SCAN)
    national.goto(f"{base}/admin/certificates/decision/")
    national.click("text=Ghi nhận quyết định công nhận")
    national.select_option("select[name=issuer_level]", "central")
    national.fill("input[name=signer_name]", "Trần Thanh Nam")
    national.fill("input[name=signer_title]", "KT. BỘ TRƯỞNG – THỨ TRƯỞNG")
    national.check(f"input[name=results][value='{central.pk}']")
    national.set_input_files("input[name=scan]", str(scan))
    national.click("#action-form button[name=confirm]")
    expect(national.locator("body")).to_contain_text("Đã ghi nhận Quyết định số")
    decision = Decision.objects.get(items__result=central)
    certificate = Certificate.objects.get(result=central)
    assert decision.issuer_level == "central" and decision.file and certificate.stars == 5

    # 9. The certificate PDF and the verification page its QR code opens.
    national.goto(f"{base}/admin/certificates/certificate/{certificate.pk}/change/")
    data = download(national, f"a[href$='/certificates/certificate/{certificate.pk}/pdf/']", tmp_path, "gcn.pdf")
    text = " ".join(pdf_text(data).split())
    until = lifecycle.valid_until_for(certificate.issued_on).strftime("%d/%m/%Y")
    for expected in (PRODUCT, "★★★★★", f"Quyết định số {decision.number}", f"đến hết ngày {until}"):
        assert expected in text, expected
    verify_url = f"{base}/xac-minh/{certificate.uid}/"
    assert pdf_qr_codes(data) == [verify_url]
    page.goto(verify_url)
    expect(page.locator("article.verify")).to_have_attribute("data-status", "valid")
    expect(page.locator("h1")).to_have_text(PRODUCT)

    # 10. A re-rating is refused outside its window (180 to 120 days before expiry) ...
    rerating_url = f"{base}/admin/certificates/certificate/{certificate.pk}/rerating/"
    officer = new_page(browser, contacted)
    admin_login(officer, base, commune_officer)
    officer.goto(f"{base}/admin/certificates/certificate/{certificate.pk}/change/")
    expect(officer.locator(f"a[href$='/certificate/{certificate.pk}/rerating/']")).to_have_count(0)
    assert officer.goto(rerating_url).status == 403
    # ... and filed inside it (the commune officer for the producer, with its consent).
    inside = datetime.combine(certificate.valid_until - timedelta(days=150), time(9), ZoneInfo("Asia/Ho_Chi_Minh"))
    with time_machine.travel(inside, tick=True):
        officer = new_page(browser, contacted)  # the old session has expired by then
        admin_login(officer, base, commune_officer)
        officer.goto(rerating_url)
        officer.fill("textarea[name=consent_note]", "Chủ thể đồng ý, ký biên bản ngày hôm nay.")
        officer.click("#action-form button[name=confirm]")
        expect(officer.locator("body")).to_contain_text("Đã tạo hồ sơ đánh giá lại")
    rerating = Dossier.objects.get(product=dossier.product, kind="rerating")
    assert rerating.status == "draft" and rerating.previous_id == dossier.pk

    assert offline(contacted, base)


def _awaiting_the_chair(product_name: str) -> Dossier:
    """A new product of the demo producer "chuthe", rated about 95 by the demo council's three members
    and finalised by its secretary, through the services: a potential 5★ awaiting the chair."""
    from ocop.accounts.models import User
    from ocop.rating.services import council as council_services
    from ocop.rating.services import dossiers, results, review
    from ocop.registry.services import product_create

    producer = ProducerMember.objects.get(user__username="chuthe").producer
    product = product_create(actor=None, producer=producer, name=product_name, criteria_set=SET)
    council = Council.objects.get(round__level="province", members__user__username="hoidong1",
                                  members__role="chair")
    dossier = dossiers.dossier_create(actor=None, product=product, year=council.round.year,
                                      product_spec="Hộp 200 g, hạn sử dụng 12 tháng.")
    dossiers.dossier_self_assess(dossier=dossier, actor=None, answers=answers_near(REGIME, SET, 95))
    dossiers.dossier_transition(dossier=dossier, to="submitted", actor=None)
    review.commune_review_issue(
        dossier=dossier, actor=None, conclusion="propose", complete=True, report_number="22/BC-UBND",
        issued_on=min(timezone.localdate(), council.round.proposal_deadline),
        **{name: "Ca cao của nông hộ trong xã; lao động địa phương." for name in
           ("local_materials", "local_labour", "idea_origin", "local_identity")},
    )
    dossiers.dossier_transition(dossier=dossier, to="accepted", actor=None)
    council_services.advisory_report_record(dossier=dossier, actor=None, summary="Hồ sơ đầy đủ.")
    for username, target in [("hoidong1", 94), ("hoidong2", 95), ("hoidong3", 96)]:
        member = User.objects.get(username=username)
        council_services.conflict_declare(dossier=dossier, level="province", actor=member, has_conflict=False)
        council_services.sheet_save(dossier=dossier, level="province", actor=member, submit=True,
                                    answers=answers_near(REGIME, SET, target))
    results.result_finalize(dossier=dossier, level="province", actor=User.objects.get(username="thuky"),
                            minutes="Hội đồng thống nhất kết quả chấm điểm.")
    dossier.refresh_from_db()
    assert dossier.status == "awaiting_approval"
    return dossier


def _the_chair_declines(browser, contacted, base):
    """The other branch of the chair's step, on a result of the demo's own round: the chair
    "hoidong1" declines to send a potential 5★ result to the Ministry (a reason is required); the
    dossier is rated and the province office "dongnai" recognises it at 4★."""
    name = "Kẹo socola nhân hạt điều Trọng Đức"
    dossier = _awaiting_the_chair(name)
    result_url = f"{base}/admin/rating/dossier/{dossier.pk}/result/province/"

    chair = new_page(browser, contacted)
    admin_login(chair, base, "hoidong1")
    chair.goto(result_url)
    expect(chair.locator("#approve-form")).to_be_visible()
    chair.click("#decline-form button[name=decline]")  # no reason: refused on the form
    expect(chair.locator("#decline-form")).to_contain_text("Cần nêu rõ lý do không phê duyệt.")
    chair.fill("#decline-form textarea[name=decline-reason]", "Bao bì chưa đạt yêu cầu xuất khẩu; đề xuất lại đợt sau.")
    chair.click("#decline-form button[name=decline]")
    expect(chair.locator("body")).to_contain_text("Đã ghi ý kiến không phê duyệt; tỉnh công nhận kết quả ở hạng 4 sao.")
    dossier.refresh_from_db()
    result = RatingResult.objects.get(dossier=dossier, level="province")
    assert dossier.status == "rated" and dossier.central_round_id is None
    assert result.potential_5_star and result.recognised_stars == 4 and result.declined_by.username == "hoidong1"
    chair.goto(result_url)
    expect(chair.locator("#declined")).to_contain_text("Bao bì chưa đạt yêu cầu xuất khẩu")
    expect(chair.locator("#approve-form")).to_have_count(0)
    expect(chair.locator("#decline-form")).to_have_count(0)
    chair.context.close()

    # The province office records its recognition decision: the certificate is 4★.
    province = new_page(browser, contacted)
    admin_login(province, base, "dongnai")
    province.goto(f"{base}/admin/certificates/decision/")
    province.click("text=Ghi nhận quyết định công nhận")
    province.select_option("select[name=issuer_level]", "province")
    province.select_option("select[name=issuer_unit]", str(dossier.product.unit.parent_id))
    province.fill("input[name=signer_name]", "Võ Tấn Đức")
    province.check(f"input[name=results][value='{result.pk}']")
    province.click("#action-form button[name=confirm]")
    expect(province.locator("body")).to_contain_text("Đã ghi nhận Quyết định số")
    certificate = Certificate.objects.get(result=result)
    assert certificate.stars == 4
    province.goto(f"{base}/xac-minh/{certificate.uid}/")
    expect(province.locator("article.verify")).to_have_attribute("data-status", "valid")
    expect(province.locator("h1")).to_have_text(name)
    province.context.close()
