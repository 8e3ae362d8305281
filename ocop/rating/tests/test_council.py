"""Councils: conflict declarations, independent sheets, the engine's result on a 3-member
council (numbers computed by hand), finalizing, potential 5★ to the central round."""

from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from ocop.rating.models import Council, CouncilMember, RatingResult, RatingRound, ScoreSheet
from ocop.rating.services import compute, council, results
from ocop.rating.tests.factories import accepted_dossier, best_sheet
from ocop.rating.workflow import DossierStatus as S

pytestmark = pytest.mark.django_db

# Set 07 maxima: 4c 5, 1c 3, 1d 3, 3a 3, 3c 3, 4b 3, 11 3, 1b 2, 1g 1 (none carries a star marker).
SHEET_75 = best_sheet(c4c="0", c1c="0", c1d="0", c3a="0", c3c="0", c4b="0", c11="0", c1b="0")  # 100 − 25
SHEET_80 = best_sheet(c4c="0", c1c="0", c1d="0", c3a="0", c3c="0", c4b="0")                    # 100 − 20
SHEET_88 = best_sheet(c4c="0", c1c="0", c1d="0", c1g="0")                                     # 100 − 12


def score(dossier, user, answers, level="province", submit=True):
    council.conflict_declare(dossier=dossier, level=level, actor=user, has_conflict=False)
    return council.sheet_save(dossier=dossier, level=level, actor=user, answers=answers, submit=submit)


def test_three_members_average_spread_flag_and_stars(world):
    dossier = accepted_dossier(world)
    sheets = [score(dossier, u, a) for u, a in zip(world.members, [SHEET_75, SHEET_80, SHEET_88], strict=True)]
    assert [s.total for s in sheets] == [Decimal(75), Decimal(80), Decimal(88)]
    result = RatingResult.objects.get(dossier=dossier, level="province")
    assert result.average == Decimal("81.00")        # 243 / 3
    assert result.average_exact == "81"
    assert result.spread == Decimal(13)              # 88 − 75
    assert result.flagged_for_discussion             # 13 > 10
    assert (result.band_stars, result.stars) == (4, 4)
    assert not result.potential_5_star and not result.is_final
    assert result.members_count == 3


def test_threshold_is_per_council(world):
    Council.objects.filter(pk=world.council.pk).update(spread_threshold=Decimal(15))
    dossier = accepted_dossier(world)
    for u, a in zip(world.members, [SHEET_75, SHEET_80, SHEET_88], strict=True):
        score(dossier, u, a)
    assert not RatingResult.objects.get(dossier=dossier).flagged_for_discussion


def test_no_result_until_every_member_has_submitted(world):
    dossier = accepted_dossier(world)
    score(dossier, world.members[0], SHEET_75)
    score(dossier, world.members[1], SHEET_80)
    score(dossier, world.members[2], SHEET_88, submit=False)
    assert not RatingResult.objects.exists()


def test_a_conflicted_member_does_not_score_and_is_not_waited_for(world):
    dossier = accepted_dossier(world)
    with pytest.raises(ValidationError):
        council.conflict_declare(dossier=dossier, level="province", actor=world.members[2], has_conflict=True)
    council.conflict_declare(dossier=dossier, level="province", actor=world.members[2], has_conflict=True,
                             note="Là người thân của chủ thể")
    with pytest.raises(PermissionDenied):
        council.sheet_save(dossier=dossier, level="province", actor=world.members[2], answers=SHEET_88, submit=True)
    score(dossier, world.members[0], SHEET_75)
    score(dossier, world.members[1], SHEET_80)
    result = RatingResult.objects.get(dossier=dossier)
    assert (result.average, result.spread, result.members_count) == (Decimal("77.50"), Decimal(5), 2)


def test_scoring_needs_a_declaration_first(world):
    dossier = accepted_dossier(world)
    with pytest.raises(ValidationError):
        council.sheet_save(dossier=dossier, level="province", actor=world.members[0], answers=SHEET_75, submit=True)


def test_a_sheet_is_submitted_once(world):
    dossier = accepted_dossier(world)
    score(dossier, world.members[0], SHEET_75)
    with pytest.raises(ValidationError):
        council.sheet_save(dossier=dossier, level="province", actor=world.members[0], answers=SHEET_88, submit=True)
    assert ScoreSheet.objects.get().total == Decimal(75)


def test_incomplete_sheet_cannot_be_submitted_but_can_be_saved(world):
    dossier = accepted_dossier(world)
    council.conflict_declare(dossier=dossier, level="province", actor=world.members[0], has_conflict=False)
    partial = {"1a": "3"}
    council.sheet_save(dossier=dossier, level="province", actor=world.members[0], answers=partial)
    with pytest.raises(ValidationError):
        council.sheet_save(dossier=dossier, level="province", actor=world.members[0], answers=partial, submit=True)


@pytest.mark.parametrize("who", ["secretary", "outsider"])
def test_only_scoring_members_score(world, personas, who):
    dossier = accepted_dossier(world)
    actor = world.secretary if who == "secretary" else personas.province
    with pytest.raises(PermissionDenied):
        if who == "secretary":
            council.sheet_save(dossier=dossier, level="province", actor=actor, answers=SHEET_75, submit=True)
        else:
            council.conflict_declare(dossier=dossier, level="province", actor=actor, has_conflict=False)


def full_council(world, dossier, sheets):
    for u, a in zip(world.members, sheets, strict=True):
        score(dossier, u, a)


def test_secretary_finalizes_and_the_dossier_is_rated(world):
    dossier = accepted_dossier(world)
    full_council(world, dossier, [SHEET_75, SHEET_80, SHEET_88])
    with pytest.raises(ValidationError, match="chủ tịch hội đồng xác nhận"):  # flagged: typing minutes is not enough
        results.result_finalize(dossier=dossier, level="province", actor=world.secretary, minutes="bất kỳ")
    results.result_discussion_confirm(dossier=dossier, level="province", actor=world.members[0],
                                      note="Thành viên 3 giải thích tiêu chí 4c; hội đồng giữ nguyên điểm.")
    with pytest.raises(ValidationError):  # the meeting still needs its minutes
        results.result_finalize(dossier=dossier, level="province", actor=world.secretary)
    result = results.result_finalize(dossier=dossier, level="province", actor=world.secretary,
                                     minutes="Hội đồng thảo luận, giữ nguyên điểm.", meeting_on=date(2026, 11, 20))
    dossier.refresh_from_db()
    assert result.is_final and result.finalized_by == world.secretary
    assert dossier.status == S.RATED
    with pytest.raises(ValidationError):
        results.result_finalize(dossier=dossier, level="province", actor=world.secretary, minutes="lần hai")


def test_only_the_secretary_finalizes(world, personas):
    dossier = accepted_dossier(world)
    full_council(world, dossier, [SHEET_80, SHEET_80, SHEET_88])
    for actor in (world.members[0], personas.province):
        with pytest.raises(PermissionDenied):
            results.result_finalize(dossier=dossier, level="province", actor=actor, minutes="x")


def test_reopen_after_discussion(world):
    dossier = accepted_dossier(world)
    full_council(world, dossier, [SHEET_75, SHEET_80, SHEET_88])
    assert results.sheets_reopen(dossier=dossier, level="province", actor=world.secretary,
                                 reason="Chênh lệch 13 điểm") == 3
    assert not RatingResult.objects.exists()
    council.sheet_save(dossier=dossier, level="province", actor=world.members[0], answers=SHEET_80, submit=True)
    council.sheet_save(dossier=dossier, level="province", actor=world.members[1], answers=SHEET_80, submit=True)
    council.sheet_save(dossier=dossier, level="province", actor=world.members[2], answers=SHEET_88, submit=True)
    result = RatingResult.objects.get(dossier=dossier)
    assert (result.spread, result.flagged_for_discussion) == (Decimal(8), False)


def test_written_opinions_need_no_minutes_unless_they_diverge(world):
    Council.objects.filter(pk=world.council.pk).update(written_only=True)
    dossier = accepted_dossier(world, kind="rerating")
    full_council(world, dossier, [SHEET_80, SHEET_80, SHEET_88])
    assert results.result_finalize(dossier=dossier, level="province", actor=world.secretary).is_final


@time_machine.travel("2026-11-20 10:00 +0700", tick=False)
def test_potential_five_stars_go_to_the_next_central_round_and_get_a_central_result(world, personas):
    dossier = accepted_dossier(world)
    sheet_92 = best_sheet(c1c="0", c1d="0", c1g="0", c2d="0")  # 100 − 8
    full_council(world, dossier, [best_sheet(), best_sheet(c4c="0"), sheet_92])
    result = results.result_finalize(dossier=dossier, level="province", actor=world.secretary, minutes="Họp ngày 20/11")
    assert result.potential_5_star and result.average == Decimal("95.66")  # 287 / 3, truncated
    assert result.average_exact.startswith("95.666")
    dossier.refresh_from_db()
    assert dossier.status == S.AWAITING_APPROVAL and dossier.central_round is None
    with pytest.raises(PermissionDenied):  # only the council's chair approves (Art. 7.3.e)
        results.result_approve(dossier=dossier, actor=world.secretary)
    results.result_approve(dossier=dossier, actor=world.members[0])
    dossier.refresh_from_db()
    assert dossier.status == S.FORWARDED_CENTRAL
    central_round = dossier.central_round
    assert (central_round.level, central_round.proposal_deadline) == ("central", date(2027, 1, 30))

    central = Council.objects.create(round=central_round, name="Hội đồng trung ương")
    members = [personas.national, personas.superuser]
    for user in members:
        CouncilMember.objects.create(council=central, user=user, role="member")
    CouncilMember.objects.create(council=central, user=world.secretary, role="secretary")
    for user in members:
        score(dossier, user, best_sheet(), level="central")
    final = results.result_finalize(dossier=dossier, level="central", actor=world.secretary, minutes="Đạt 5 sao")
    dossier.refresh_from_db()
    assert (final.level, final.stars, final.potential_5_star) == ("central", 5, False)
    assert dossier.status == S.CENTRAL_RATED
    assert RatingResult.objects.filter(dossier=dossier).count() == 2


def test_final_results_are_not_recomputed(world):
    dossier = accepted_dossier(world)
    full_council(world, dossier, [SHEET_80, SHEET_80, SHEET_88])
    result = results.result_finalize(dossier=dossier, level="province", actor=world.secretary, minutes="x")
    assert compute.result_refresh(dossier, "province") == result
    assert RatingRound.objects.filter(level="central").count() == 0


# --- The council's own rules (Quy chế): absent members, quorum, the spread rule -------------------

def _absent(world, index, reason="Ốm, có đơn xin vắng"):
    return council.council_member_update(member=world.seats[index], actor=None, role=world.seats[index].role,
                                         absent=True, absence_reason=reason)


def test_an_absent_member_is_left_out_and_recorded(world):
    dossier = accepted_dossier(world)
    score(dossier, world.members[0], SHEET_80)
    score(dossier, world.members[1], SHEET_88)
    assert not RatingResult.objects.exists()  # still waiting for the third member
    with pytest.raises(ValidationError, match="lý do vắng mặt"):
        council.council_member_update(member=world.seats[2], actor=None, role="member", absent=True)
    _absent(world, 2)
    result = RatingResult.objects.get(dossier=dossier)  # the absent member no longer holds the result back
    assert (result.average, result.members_count) == (Decimal(84), 2)
    with pytest.raises(ValidationError, match="vắng mặt"):
        score(dossier, world.members[2], SHEET_75)
    final = results.result_finalize(dossier=dossier, level="province", actor=world.secretary, minutes="Họp đủ 2/3")
    assert final.absent_members == [{"member": world.seats[2].pk, "name": str(world.members[2]), "role": "member",
                                     "reason": "Ốm, có đơn xin vắng"}]


def test_an_absent_members_submitted_sheet_is_not_counted(world):
    dossier = accepted_dossier(world)
    full_council(world, dossier, [SHEET_75, SHEET_88, SHEET_88])
    assert RatingResult.objects.get().average == Decimal("83.66")
    _absent(world, 0, "Rời cuộc họp trước khi thảo luận")
    result = RatingResult.objects.get()
    assert (result.average, result.spread, result.flagged_for_discussion) == (Decimal(88), Decimal(0), False)


def test_finalising_needs_the_quorum(world):
    dossier = accepted_dossier(world)
    score(dossier, world.members[0], SHEET_80)
    _absent(world, 1)
    _absent(world, 2)
    assert RatingResult.objects.get().members_count == 1
    with pytest.raises(ValidationError, match="có mặt 1/3, cần ít nhất 2"):
        results.result_finalize(dossier=dossier, level="province", actor=world.secretary, minutes="x")
    Council.objects.filter(pk=world.council.pk).update(quorum="half")  # 2 of 3 still needed
    with pytest.raises(ValidationError):
        results.result_finalize(dossier=dossier, level="province", actor=world.secretary, minutes="x")


def test_the_chair_may_be_required(world):
    Council.objects.filter(pk=world.council.pk).update(quorum_needs_chair=True)
    dossier = accepted_dossier(world)
    _absent(world, 0)
    score(dossier, world.members[1], SHEET_80)
    score(dossier, world.members[2], SHEET_80)
    with pytest.raises(ValidationError, match="chủ tịch hội đồng có mặt"):
        results.result_finalize(dossier=dossier, level="province", actor=world.secretary, minutes="x")


def test_a_rescore_rule_refuses_to_finalise_a_spread(world):
    Council.objects.filter(pk=world.council.pk).update(spread_resolution="rescore")
    dossier = accepted_dossier(world)
    full_council(world, dossier, [SHEET_75, SHEET_80, SHEET_88])
    with pytest.raises(ValidationError, match="chấm lại"):
        results.result_discussion_confirm(dossier=dossier, level="province", actor=world.members[0], note="x")
    with pytest.raises(ValidationError, match="chấm lại"):
        results.result_finalize(dossier=dossier, level="province", actor=world.secretary, minutes="Bất kỳ")


def test_only_the_chair_confirms_a_discussion(world):
    dossier = accepted_dossier(world)
    full_council(world, dossier, [SHEET_75, SHEET_80, SHEET_88])
    with pytest.raises(PermissionDenied):
        results.result_discussion_confirm(dossier=dossier, level="province", actor=world.members[1], note="x")
    with pytest.raises(ValidationError, match="nội dung thảo luận"):
        results.result_discussion_confirm(dossier=dossier, level="province", actor=world.members[0], note=" ")


def test_a_member_with_only_a_draft_is_replaced_before_the_meeting(world, personas):
    from ocop.core.testing import make_user

    dossier = accepted_dossier(world)
    council.conflict_declare(dossier=dossier, level="province", actor=world.members[2], has_conflict=False)
    council.sheet_save(dossier=dossier, level="province", actor=world.members[2], answers={"1a": "1"})
    council.council_member_remove(member=world.seats[2], actor=personas.province)
    newcomer = make_user("thaythe", "council_member", personas.units.dong_nai)
    council.council_member_add(council=world.council, user=newcomer, actor=personas.province)
    score(dossier, world.members[0], SHEET_80)
    score(dossier, world.members[1], SHEET_80)
    score(dossier, newcomer, SHEET_88)
    assert RatingResult.objects.get().members_count == 3
    score(accepted_dossier(world, product=world.product_b), newcomer, SHEET_88)
    with pytest.raises(ValidationError, match="đánh dấu vắng mặt"):
        council.council_member_remove(member=CouncilMember.objects.get(user=newcomer), actor=personas.province)


# --- Next steps (ocop.rating.next_steps) through the services -----------------------------------

def test_90_or_more_with_a_missed_5_star_minimum_is_ranked_4_and_certified_by_the_province(world, personas):
    from ocop.certificates.services import decision_issue

    dossier = accepted_dossier(world)
    below_5_star = best_sheet(c1dd="3")  # 1đ at its 4★ option: the 5★ minimum is missed on every sheet
    full_council(world, dossier, [below_5_star] * 3)
    result = results.result_finalize(dossier=dossier, level="province", actor=world.secretary, minutes="Họp")
    assert result.average >= 90 and (result.band_stars, result.stars) == (5, 4)
    assert not result.potential_5_star
    dossier.refresh_from_db()
    assert dossier.status == S.RATED and dossier.central_round is None
    with time_machine.travel(date.today(), tick=False):
        decision = decision_issue(level="province", unit=personas.units.dong_nai, results=[result],
                                  signed_on=date.today(), actor=personas.province)
    assert list(decision.items.values_list("stars", flat=True)) == [4]
