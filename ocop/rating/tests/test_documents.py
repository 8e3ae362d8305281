"""Documents to sign from the rating back office: form 03 and the council minutes, as PDF and
.docx, read back (pdftotext, python-docx) for their real content; scoped like their pages."""

import pytest
from django.urls import reverse

from ocop.core.testing import read_only_personas  # noqa: F401  (personas built once for the module)
from ocop.core.tests.officialtools import docx_text, pdf_text
from ocop.rating.services import council, results
from ocop.rating.tests.factories import accepted_dossier, best_sheet, make_dossier
from ocop.rating.tests.test_views import FORM03, get, post
from ocop.rating.workflow import DossierStatus as S

pytestmark = pytest.mark.django_db

SHEET_75 = best_sheet(c4c="0", c1c="0", c1d="0", c3a="0", c3c="0", c4b="0", c11="0", c1b="0")
SHEET_80 = best_sheet(c4c="0", c1c="0", c1d="0", c3a="0", c3c="0", c4b="0")
SHEET_88 = best_sheet(c4c="0", c1c="0", c1d="0", c1g="0")


def text_of(response, fmt):
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    if fmt == "pdf":
        assert response["Content-Type"] == "application/pdf"
        return pdf_text(response.content)
    assert response["Content-Type"].endswith("wordprocessingml.document")
    return docx_text(response.content)


# --- Form 03 ------------------------------------------------------------------------------------

@pytest.fixture
def reviewed(client, personas, world):
    dossier = make_dossier(world.product_a, S.SUBMITTED)
    response = post(client, personas.commune_a, reverse("admin:rating_dossier_review", args=[dossier.pk]), FORM03)
    assert response.status_code == 302
    return dossier


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_form03_holds_the_review_in_the_official_layout(client, personas, world, reviewed, fmt):
    url = reverse("admin:rating_dossier_review_document", args=[reviewed.pk, fmt])
    text = text_of(get(client, personas.commune_a, url), fmt)
    for expected in ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Số: 05/BC-UBND",
                     "ngày 10 tháng 8 năm 2026", "BÁO CÁO", "Hạt điều rang muối An", "Hộ Nguyễn Văn An",
                     "Điều thô tại xã", "80% lao động tại xã", "Truyền thống", "Rang củi", "đề nghị Ủy ban nhân dân",
                     "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nơi nhận:"]:
        assert expected in text, expected
    assert f"ỦY BAN NHÂN DÂN {world.product_a.unit.full_name.upper()}" in text


def test_form03_of_a_returned_dossier_gives_the_reasons(client, personas, world):
    dossier = make_dossier(world.product_a, S.SUBMITTED)
    data = {**FORM03, "conclusion": "return", "complete": "", "reasons": "Thiếu phiếu kiểm nghiệm"}
    assert post(client, personas.commune_a, reverse("admin:rating_dossier_review", args=[dossier.pk]),
                data).status_code == 302
    text = text_of(get(client, personas.commune_a,
                       reverse("admin:rating_dossier_review_document", args=[dossier.pk, "pdf"])), "pdf")
    assert "trả lại hồ sơ" in text and "Thiếu phiếu kiểm nghiệm" in text and "đề nghị Ủy ban" not in text


def test_the_review_page_links_the_form03_downloads(client, personas, reviewed):
    page = get(client, personas.commune_a, reverse("admin:rating_dossier_review", args=[reviewed.pk]))
    assert reverse("admin:rating_dossier_review_document", args=[reviewed.pk, "pdf"]) in page.text
    assert reverse("admin:rating_dossier_review_document", args=[reviewed.pk, "docx"]) in page.text


@pytest.mark.parametrize(("persona", "status"), [
    ("commune_a", 200), ("province", 200), ("national", 200), ("auditor", 200), ("superuser", 200),
    ("commune_b", 404), ("other_province", 404),
])
def test_form03_download_is_scoped(client, personas, reviewed, persona, status):
    url = reverse("admin:rating_dossier_review_document", args=[reviewed.pk, "pdf"])
    assert get(client, getattr(personas, persona), url).status_code == status


def test_form03_download_needs_a_review_and_a_known_format(client, personas, world, reviewed):
    unreviewed = make_dossier(world.product_a, S.SUBMITTED)
    assert get(client, personas.commune_a, reverse("admin:rating_dossier_review_document",
                                                   args=[unreviewed.pk, "pdf"])).status_code == 404
    assert get(client, personas.commune_a, reverse("admin:rating_dossier_review_document",
                                                   args=[reviewed.pk, "xls"])).status_code == 404
    for who in (personas.producer, None):
        response = get(client, who, reverse("admin:rating_dossier_review_document", args=[reviewed.pk, "pdf"]))
        assert response.status_code == 302 and "/login/" in response["Location"]


# --- Council minutes ------------------------------------------------------------------------------

@pytest.fixture
def scored(world):
    dossier = accepted_dossier(world)
    for user, answers in zip(world.members, [SHEET_75, SHEET_80, SHEET_88], strict=True):
        council.conflict_declare(dossier=dossier, level="province", actor=user, has_conflict=False)
        council.sheet_save(dossier=dossier, level="province", actor=user, answers=answers, submit=True)
    return dossier


def minutes_url(dossier, fmt, level="province"):
    return reverse("admin:rating_dossier_minutes_document", args=[dossier.pk, level, fmt])


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_minutes_hold_each_members_total_and_the_average(client, personas, world, scored, fmt):
    results.result_discussion_confirm(dossier=scored, level="province", actor=world.members[0],  # spread 13 > 10
                                      note="Thảo luận tiêu chí 4c; giữ nguyên điểm.")
    results.result_finalize(dossier=scored, level="province", actor=world.secretary,
                            minutes="Hội đồng đã thảo luận chênh lệch và thống nhất kết quả.")
    text = text_of(get(client, world.secretary, minutes_url(scored, fmt)), fmt)
    for expected in ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "BIÊN BẢN", "ỦY BAN NHÂN DÂN TỈNH ĐỒNG NAI",
                     "HỘI ĐỒNG OCOP TỈNH ĐỒNG NAI ĐỢT 2/2026", "Hạt điều rang muối An", "Hộ Nguyễn Văn An",
                     "hoidong_test1", "hoidong_test2", "hoidong_test3", "75,00", "80,00", "88,00",
                     "Điểm trung bình: 81,00", "13,00", "4 sao", "Hội đồng đã thảo luận chênh lệch",
                     "THƯ KÝ HỘI ĐỒNG", "CHỦ TỊCH HỘI ĐỒNG", "thuky_test"]:
        assert expected in text, expected
    assert "DỰ THẢO" not in text
    assert "Nội dung thảo luận về chênh lệch điểm (Chủ tịch hội đồng hoidong_test1 xác nhận)" in text
    assert "Thảo luận tiêu chí 4c; giữ nguyên điểm." in text


def test_minutes_before_finalizing_are_a_draft(client, world, scored):
    text = text_of(get(client, world.secretary, minutes_url(scored, "pdf")), "pdf")
    assert "DỰ THẢO" in text and "81,00" in text


def test_the_result_page_links_the_minutes(client, world, scored):
    page = get(client, world.secretary, reverse("admin:rating_dossier_result", args=[scored.pk, "province"]))
    assert minutes_url(scored, "pdf") in page.text and minutes_url(scored, "docx") in page.text


@pytest.mark.parametrize(("persona", "status"), [
    ("province", 200), ("national", 200), ("auditor", 200), ("commune_a", 404), ("commune_b", 404),
    ("other_province", 404),
])
def test_minutes_download_is_scoped(client, personas, scored, persona, status):
    assert get(client, getattr(personas, persona), minutes_url(scored, "docx")).status_code == status


def test_minutes_need_a_result(client, world):
    dossier = accepted_dossier(world)
    assert get(client, world.secretary, minutes_url(dossier, "pdf")).status_code == 404
    assert get(client, world.secretary, minutes_url(dossier, "pdf", level="district")).status_code == 404


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_minutes_record_an_absent_member_and_the_average_of_those_present(client, world, fmt):
    dossier = accepted_dossier(world)
    for user, answers in zip(world.members[:2], [SHEET_80, SHEET_88], strict=True):
        council.conflict_declare(dossier=dossier, level="province", actor=user, has_conflict=False)
        council.sheet_save(dossier=dossier, level="province", actor=user, answers=answers, submit=True)
    seat = world.seats[2]
    council.council_member_update(member=seat, actor=None, role=seat.role, absent=True,
                                  absence_reason="Ốm, có đơn xin vắng")
    results.result_finalize(dossier=dossier, level="province", actor=world.secretary, minutes="Họp đủ 2/3.")
    text = text_of(get(client, world.secretary, minutes_url(dossier, fmt)), fmt)
    assert "80,00" in text and "88,00" in text and "Điểm trung bình: 84,00" in text
    assert "Vắng mặt: Ốm, có đơn xin vắng" in text
    assert "Thành viên vắng mặt (không tính vào điểm trung bình): hoidong_test3" in text
    assert "có mặt: 2; vắng mặt: 1; số phiếu hợp lệ: 2" in text
