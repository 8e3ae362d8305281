"""Concurrency on PostgreSQL: two threads, two connections, started together.

Two secretaries finalizing one result, a member submitting the same sheet twice, and the last
two members submitting at once each leave exactly one result / one sheet."""

import pytest

from ocop.core.models import AuditEvent
from ocop.core.testing import make_user
from ocop.core.tests.threads import needs_postgresql
from ocop.core.tests.threads import together as run_together
from ocop.rating.models import CouncilMember, RatingResult, ScoreSheet
from ocop.rating.services import council, results
from ocop.rating.tests.factories import accepted_dossier, best_sheet
from ocop.rating.workflow import DossierStatus as S

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgres_only():
    needs_postgresql()


def together(*calls):
    """CALLS in threads released at once (ocop.core.tests.threads): (successes, refusals); an
    unexpected error in any thread fails the test."""
    outcomes = run_together(*calls)
    assert [value for kind, value in outcomes if kind == "error"] == []
    return [o for o in outcomes if o[0] == "ok"], [o for o in outcomes if o[0] == "refused"]


def declare_and_submit(dossier, users, answers):
    for user in users:
        council.conflict_declare(dossier=dossier, level="province", actor=user, has_conflict=False)
        council.sheet_save(dossier=dossier, level="province", actor=user, answers=answers, submit=True)


def test_two_secretaries_finalizing_leave_one_final_result(world, personas):
    second = make_user("thuky2_test")
    CouncilMember.objects.create(council=world.council, user=second, role="secretary")
    dossier = accepted_dossier(world)
    declare_and_submit(dossier, world.members, best_sheet(c4c="0"))
    ok, refused = together(
        lambda: results.result_finalize(dossier=dossier, level="province", actor=world.secretary, minutes="A"),
        lambda: results.result_finalize(dossier=dossier, level="province", actor=second, minutes="B"),
    )
    assert len(ok) == 1 and len(refused) == 1
    assert RatingResult.objects.filter(dossier=dossier).count() == 1
    assert RatingResult.objects.get(dossier=dossier).is_final
    assert dossier.transitions.filter(from_status=S.ACCEPTED).count() == 1
    assert AuditEvent.objects.filter(action="result.finalize").count() == 1


def test_a_member_submitting_twice_leaves_one_sheet(world):
    dossier = accepted_dossier(world)
    member = world.members[0]
    council.conflict_declare(dossier=dossier, level="province", actor=member, has_conflict=False)
    submit = lambda: council.sheet_save(dossier=dossier, level="province", actor=member,  # noqa: E731
                                        answers=best_sheet(), submit=True)
    ok, refused = together(submit, submit)
    assert len(ok) == 1 and len(refused) == 1
    assert ScoreSheet.objects.filter(dossier=dossier).count() == 1
    assert AuditEvent.objects.filter(action="sheet.submit").count() == 1


def test_last_two_members_submitting_at_once_leave_one_result(world):
    dossier = accepted_dossier(world)
    declare_and_submit(dossier, world.members[:1], best_sheet())
    for user in world.members[1:]:
        council.conflict_declare(dossier=dossier, level="province", actor=user, has_conflict=False)
    ok, refused = together(*[
        (lambda u=u: council.sheet_save(dossier=dossier, level="province", actor=u, answers=best_sheet(c4c="0"),
                                        submit=True))
        for u in world.members[1:]
    ])
    assert len(ok) == 2 and not refused
    result = RatingResult.objects.get(dossier=dossier)
    assert result.members_count == 3 and str(result.average) == "96.66"  # (100 + 95 + 95) / 3, truncated


# --- Workflow moves and filing (issue 9) ---------------------------------------------------------

def test_province_accepting_and_returning_one_dossier_at_once_leave_one_move(world, personas):
    from ocop.rating.services import dossiers
    from ocop.rating.tests.factories import make_dossier

    dossier = make_dossier(world.product_a, S.PROPOSED, round=world.round, self_assessment=best_sheet())
    second = make_user("tinh2_test", "province_office", personas.units.dong_nai)
    ok, refused = together(
        lambda: dossiers.dossier_transition(dossier=dossier, to=S.ACCEPTED, actor=personas.province),
        lambda: dossiers.dossier_transition(dossier=dossier, to=S.RETURNED, actor=second, reason="Thiếu mẫu"),
    )
    assert len(ok) == 1 and len(refused) == 1
    winner = ok[0][1].status
    dossier.refresh_from_db()
    assert dossier.status == winner
    assert list(dossier.transitions.all().values_list("to_status", flat=True)) == [winner]
    assert AuditEvent.objects.filter(target_id=str(dossier.pk), action__startswith="dossier.").count() == 1


def test_two_officers_filing_for_one_product_at_once_leave_one_open_dossier(world, personas):
    from ocop.rating.models import Dossier
    from ocop.rating.services import dossiers

    second = make_user("xa2_test", "commune_officer", personas.units.commune_a)
    ok, refused = together(*[
        (lambda u=u: dossiers.dossier_create(actor=u, product=world.product_a, assisted=True, consent_note="Đồng ý"))
        for u in (personas.commune_a, second)
    ])
    assert len(ok) == 1 and len(refused) == 1
    assert "đang có một hồ sơ chưa hoàn tất" in refused[0][1].messages[0]
    assert Dossier.objects.filter(product=world.product_a).count() == 1
    assert AuditEvent.objects.filter(action="dossier.create").count() == 1
