"""The council's rules, the chair's steps and the commune review's messages, through the pages."""

from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from ocop.rating.models import CommuneReview, RatingResult
from ocop.rating.services import council
from ocop.rating.tests.factories import accepted_dossier, best_sheet, make_dossier
from ocop.rating.tests.test_views import FORM03, get, post
from ocop.rating.workflow import DossierStatus as S

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("data", "field_message"), [
    ({"conclusion": "return", "reasons": "", "complete": ""}, "Chọn «Trả lại» thì cần nêu rõ lý do trả lại."),
    ({"conclusion": "propose", "complete": ""}, "Chỉ đề xuất lên tỉnh khi hồ sơ đầy đủ, hợp lệ."),
])
def test_commune_review_errors_are_vietnamese_messages(client, personas, world, data, field_message):
    dossier = make_dossier(world.product_a, S.SUBMITTED)
    url = reverse("admin:rating_dossier_review", args=[dossier.pk])
    response = post(client, personas.commune_a, url, {**FORM03, **data})
    assert response.status_code == 200
    page = response.content.decode()
    assert field_message in page
    assert "communereview_conclusion_consistent" not in page and "Constraint" not in page
    assert not CommuneReview.objects.exists()
    dossier.refresh_from_db()
    assert dossier.status == S.SUBMITTED


def test_commune_review_return_with_reasons(client, personas, world):
    dossier = make_dossier(world.product_a, S.SUBMITTED)
    url = reverse("admin:rating_dossier_review", args=[dossier.pk])
    data = {**FORM03, "conclusion": "return", "complete": "", "reasons": "Thiếu phiếu kiểm nghiệm"}
    assert post(client, personas.commune_a, url, data).status_code == 302
    dossier.refresh_from_db()
    assert dossier.status == S.RETURNED and dossier.status_note == "Thiếu phiếu kiểm nghiệm"


def _score_all(world, dossier, sheets):
    for user, answers in zip(world.members, sheets, strict=True):
        council.conflict_declare(dossier=dossier, level="province", actor=user, has_conflict=False)
        council.sheet_save(dossier=dossier, level="province", actor=user, answers=answers, submit=True)


def result_url(dossier):
    return reverse("admin:rating_dossier_result", args=[dossier.pk, "province"])


def _awaiting_the_chair(client, world):
    """A dossier every member scored 100, finalised by the secretary: a potential 5★ result."""
    dossier = accepted_dossier(world)
    _score_all(world, dossier, [best_sheet()] * 3)
    url = result_url(dossier)
    assert post(client, world.secretary, url, {"finalize": "1", "minutes": "Họp"}).status_code == 302
    return dossier, url


def test_a_spread_needs_the_chairs_confirmed_discussion_not_any_minutes(client, world):
    dossier = accepted_dossier(world)
    low = best_sheet(c4c="0", c1c="0", c1d="0", c3a="0", c3c="0", c4b="0", c11="0", c1b="0")  # 75
    _score_all(world, dossier, [low, best_sheet(), best_sheet()])
    url = result_url(dossier)
    response = post(client, world.secretary, url, {"finalize": "1", "minutes": "abc"})
    assert response.status_code == 200
    assert "cần chủ tịch hội đồng xác nhận nội dung thảo luận" in response.content.decode()
    assert post(client, world.secretary, url, {"confirm_discussion": "1", "note": "x"}).status_code == 403
    page = get(client, world.members[0], url).content.decode()
    assert 'id="discussion-form"' in page and 'id="finalize-form"' not in page
    response = post(client, world.members[0], url, {"confirm_discussion": "1", "note": ""})
    assert "Cần ghi nội dung thảo luận và kết luận của hội đồng." in response.content.decode()
    note = "Thành viên 1 chấm thấp tiêu chí 4c; hội đồng thống nhất giữ nguyên."
    assert post(client, world.members[0], url, {"confirm_discussion": "1", "note": note}).status_code == 302
    assert post(client, world.secretary, url, {"finalize": "1", "minutes": "Biên bản họp"}).status_code == 302
    result = RatingResult.objects.get(dossier=dossier)
    assert result.is_final and result.discussion_note == note and result.discussion_confirmed_by == world.members[0]


@time_machine.travel("2026-11-20 10:00 +0700", tick=False)
def test_the_chair_approves_a_potential_5_star_result(client, world):
    dossier, url = _awaiting_the_chair(client, world)
    dossier.refresh_from_db()
    assert dossier.status == S.AWAITING_APPROVAL
    secretary_page = get(client, world.secretary, url).content.decode()
    assert 'id="approve-form"' not in secretary_page and "Chủ tịch hội đồng phê duyệt kết quả tiềm năng" in secretary_page
    assert post(client, world.secretary, url, {"approve": "1"}).status_code == 403
    assert post(client, world.members[1], url, {"approve": "1"}).status_code == 403
    assert 'id="approve-form"' in get(client, world.members[0], url).content.decode()
    assert post(client, world.members[0], url, {"approve": "1"}).status_code == 302
    dossier.refresh_from_db()
    result = RatingResult.objects.get(dossier=dossier)
    assert dossier.status == S.FORWARDED_CENTRAL and dossier.central_round.level == "central"
    assert result.approved_by == world.members[0] and result.average == Decimal(100)


@time_machine.travel("2026-11-20 10:00 +0700", tick=False)
def test_the_chair_may_decline_and_the_province_recognises_at_4_stars(client, world, personas):
    """The law is silent on a chair who does not approve a potential 5★ result: the product is
    never left without a next step, the province recognises it at 4★ (ocop.rating.next_steps)."""
    from ocop.certificates.services import decision_issue, recognisable_results

    dossier, url = _awaiting_the_chair(client, world)
    assert post(client, world.secretary, url, {"decline": "1", "decline-reason": "x"}).status_code == 403
    page = get(client, world.members[0], url).content.decode()
    assert 'id="decline-form"' in page
    response = post(client, world.members[0], url, {"decline": "1", "decline-reason": "  "})
    assert response.status_code == 200 and "Cần nêu rõ lý do không phê duyệt." in response.content.decode()
    dossier.refresh_from_db()
    assert dossier.status == S.AWAITING_APPROVAL
    result = RatingResult.objects.get(dossier=dossier)
    assert result not in recognisable_results("province", None)  # still waiting for the chair

    reason = "Chưa có chứng nhận vùng nguyên liệu; đề xuất lại năm sau."
    assert post(client, world.members[0], url, {"decline": "1", "decline-reason": reason}).status_code == 302
    dossier.refresh_from_db()
    result.refresh_from_db()
    assert dossier.status == S.RATED and dossier.central_round is None
    assert (result.declined_by, result.decline_reason, result.stars, result.recognised_stars) == (
        world.members[0], reason, 5, 4)
    page = get(client, world.members[0], url).content.decode()
    assert 'id="declined"' in page and "công nhận ở hạng 4 sao" in page and 'id="approve-form"' not in page
    assert post(client, world.members[0], url, {"approve": "1"}).status_code == 403  # nothing left to approve

    assert result in recognisable_results("province", None)
    decision = decision_issue(level="province", unit=personas.units.dong_nai, results=[result],
                              signed_on=date(2026, 11, 20), actor=personas.province)
    assert list(decision.items.values_list("stars", flat=True)) == [4]


def test_reopening_the_sheets_needs_a_reason_shown_under_its_field(client, world):
    from ocop.rating.models import ScoreSheet

    dossier = accepted_dossier(world)
    _score_all(world, dossier, [best_sheet()] * 3)
    url = result_url(dossier)
    response = post(client, world.secretary, url, {"reopen": "1", "reason": " "})
    assert response.status_code == 200
    assert response.context["reopen_form"].errors == {"reason": ["Cần nêu rõ lý do."]}
    assert "Cần nêu rõ lý do." in response.content.decode()
    assert ScoreSheet.objects.filter(dossier=dossier, submitted_at__isnull=False).count() == 3
    assert post(client, world.secretary, url, {"reopen": "1", "reason": "Chấm lại tiêu chí 4c"}).status_code == 302
    assert not ScoreSheet.objects.filter(dossier=dossier, submitted_at__isnull=False).exists()


@time_machine.travel("2026-11-20 10:00 +0700", tick=False)
def test_an_approval_the_result_does_not_need_is_refused_on_the_page(client, world):
    dossier, url = _awaiting_the_chair(client, world)
    RatingResult.objects.filter(dossier=dossier).update(approved_at=timezone.now())  # approved already
    response = post(client, world.members[0], url, {"approve": "1"})
    assert response.status_code == 200
    assert '<p class="errornote">Kết quả này không cần chủ tịch hội đồng phê duyệt.</p>' in response.content.decode()
    dossier.refresh_from_db()
    assert dossier.status == S.AWAITING_APPROVAL
