"""The transition services: each move allowed or refused per persona, reasons, audit, history."""

import threading

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from ocop.core.exceptions import ImpossibleMove
from ocop.core.models import AuditEvent, Transition
from ocop.core.transitions import history
from ocop.cycle.models import Implementation, ProducerVerification, ProductIdea
from ocop.cycle.tests.factories import IdeaFactory, ImplementationFactory, PlanFactory
from ocop.cycle.transitions import (
    allowed_for,
    idea_transition,
    implementation_transition,
    plan_transition,
    verification_transition,
)
from ocop.cycle.workflow import (
    IDEA,
    IdeaStatus,
    ImplementationStatus,
    PlanStatus,
    VerificationStatus,
)

pytestmark = pytest.mark.django_db

OK, DENIED, INVALID = "ok", PermissionDenied, ValidationError


def attempt(service, persona_user, **kwargs):
    try:
        service(actor=persona_user, **kwargs)
    except (PermissionDenied, ValidationError) as exc:
        return type(exc)
    return OK


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("producer", OK), ("commune_a", OK), ("superuser", OK),
        ("province", DENIED), ("commune_b", DENIED), ("other_province", DENIED), ("national", DENIED),
        ("auditor", DENIED),
    ],
)
def test_submitting_an_idea_by_persona(personas, world, persona, expected):
    idea = IdeaFactory(producer=world.a)
    assert attempt(idea_transition, getattr(personas, persona), idea=idea, to=IdeaStatus.SUBMITTED) == expected
    idea.refresh_from_db()
    assert idea.status == (IdeaStatus.SUBMITTED if expected == OK else IdeaStatus.DRAFT)


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("commune_a", OK), ("province", OK), ("superuser", OK),
        ("producer", DENIED), ("commune_b", DENIED), ("other_province", DENIED), ("national", DENIED),
        ("auditor", DENIED),
    ],
)
@pytest.mark.parametrize("to", [IdeaStatus.ACCEPTED, IdeaStatus.RETURNED, IdeaStatus.REJECTED])
def test_screening_an_idea_by_persona(personas, world, persona, expected, to):
    idea = IdeaFactory(producer=world.a, status=IdeaStatus.SUBMITTED)
    result = attempt(idea_transition, getattr(personas, persona), idea=idea, to=to, reason="Bổ sung mô tả")
    assert result == expected
    assert Transition.objects.filter(object_id=idea.pk, to_status=to).exists() is (expected == OK)


def test_a_producer_never_acts_on_a_neighbours_idea(personas, world):
    idea = IdeaFactory(producer=world.a2)  # same commune, not its own
    assert attempt(idea_transition, personas.producer, idea=idea, to=IdeaStatus.SUBMITTED) == DENIED


@pytest.mark.parametrize("to", [IdeaStatus.RETURNED, IdeaStatus.REJECTED])
def test_return_and_reject_need_a_reason(personas, world, to):
    idea = IdeaFactory(producer=world.a, status=IdeaStatus.SUBMITTED)
    with pytest.raises(ValidationError) as raised:
        idea_transition(idea=idea, to=to, actor=personas.commune_a, reason="   ")
    assert "reason" in raised.value.message_dict
    idea.refresh_from_db()
    assert idea.status == IdeaStatus.SUBMITTED
    assert not Transition.objects.exists()


def test_a_move_not_in_the_table_is_impossible(personas, world):
    idea = IdeaFactory(producer=world.a, status=IdeaStatus.ACCEPTED)
    assert attempt(idea_transition, personas.commune_a, idea=idea, to=IdeaStatus.RETURNED, reason="x") == ImpossibleMove
    assert attempt(idea_transition, personas.commune_a, idea=idea, to="nonsense") == ImpossibleMove


def test_a_return_is_audited_with_history_and_message(personas, world):
    idea = IdeaFactory(producer=world.a, status=IdeaStatus.SUBMITTED)
    idea = idea_transition(idea=idea, to=IdeaStatus.RETURNED, actor=personas.commune_a,
                           reason="Cần nêu rõ nguồn nguyên liệu")
    assert idea.status == IdeaStatus.RETURNED and idea.status_note == "Cần nêu rõ nguồn nguyên liệu"
    assert idea.decided_at is not None
    (row,) = history(idea)
    assert (row.workflow, row.from_status, row.to_status, row.actor) == (IDEA, "submitted", "returned", personas.commune_a)
    assert row.content_type == ContentType.objects.get_for_model(ProductIdea)
    assert str(row) == "Đã gửi → Trả lại để bổ sung"
    event = AuditEvent.objects.get(action="idea.returned")
    assert event.target_id == str(idea.pk) and event.unit == world.a.unit
    assert event.before == {"status": "submitted"} and event.after == {"status": "returned"}
    assert event.message == "Cần nêu rõ nguồn nguyên liệu"


def test_producer_resubmits_a_returned_idea(personas, world):
    idea = IdeaFactory(producer=world.a, status=IdeaStatus.RETURNED, status_note="Thiếu mô tả")
    idea = idea_transition(idea=idea, to=IdeaStatus.SUBMITTED, actor=personas.producer)
    assert idea.status == IdeaStatus.SUBMITTED and idea.status_note == "" and idea.submitted_at


def test_an_unverified_producer_cannot_submit(personas, world):
    ProducerVerification.objects.create(producer=world.a, status=VerificationStatus.PENDING)
    idea = IdeaFactory(producer=world.a)
    assert attempt(idea_transition, personas.producer, idea=idea, to=IdeaStatus.SUBMITTED) == INVALID


def test_allowed_for_asks_the_table_with_the_users_roles_on_the_record(personas, world):
    idea = IdeaFactory(producer=world.a, status=IdeaStatus.SUBMITTED)
    assert allowed_for(IDEA, idea, personas.producer) == []
    assert allowed_for(IDEA, idea, personas.commune_a) == ["accepted", "returned", "rejected"]
    assert allowed_for(IDEA, idea, personas.commune_b) == []
    assert allowed_for(IDEA, idea, personas.auditor) == []


# --- Plans and implementations ------------------------------------------------------------------

@pytest.mark.parametrize(
    ("persona", "to", "source", "expected"),
    [
        ("producer", PlanStatus.SUBMITTED, PlanStatus.DRAFT, OK),
        ("commune_a", PlanStatus.SUBMITTED, PlanStatus.DRAFT, OK),
        ("province", PlanStatus.SUBMITTED, PlanStatus.DRAFT, DENIED),
        ("commune_a", PlanStatus.UNDER_REVIEW, PlanStatus.SUBMITTED, OK),
        ("producer", PlanStatus.UNDER_REVIEW, PlanStatus.SUBMITTED, DENIED),
        ("province", PlanStatus.APPROVED, PlanStatus.UNDER_REVIEW, OK),
        ("commune_b", PlanStatus.APPROVED, PlanStatus.UNDER_REVIEW, DENIED),
        ("other_province", PlanStatus.APPROVED, PlanStatus.UNDER_REVIEW, DENIED),
        ("auditor", PlanStatus.APPROVED, PlanStatus.UNDER_REVIEW, DENIED),
        ("province", PlanStatus.APPROVED, PlanStatus.SUBMITTED, ImpossibleMove),
        ("producer", PlanStatus.SUBMITTED, PlanStatus.RETURNED, OK),
    ],
)
def test_plan_moves_by_persona(personas, world, persona, to, source, expected):
    plan = PlanFactory(idea__producer=world.a, status=source)
    assert attempt(plan_transition, getattr(personas, persona), plan=plan, to=to, reason="r") == expected


def test_approving_a_plan_opens_its_implementation(personas, world):
    plan = PlanFactory(idea__producer=world.a, status=PlanStatus.UNDER_REVIEW)
    plan = plan_transition(plan=plan, to=PlanStatus.APPROVED, actor=personas.province)
    implementation = Implementation.objects.get(plan=plan)
    assert implementation.status == ImplementationStatus.IN_PROGRESS
    assert AuditEvent.objects.filter(action="implementation.start", target_id=str(implementation.pk)).exists()


def test_a_plan_cannot_be_submitted_when_its_idea_is_not_accepted(personas, world):
    plan = PlanFactory(idea__producer=world.a, idea__status=IdeaStatus.SUBMITTED)
    assert attempt(plan_transition, personas.producer, plan=plan, to=PlanStatus.SUBMITTED) == INVALID


@pytest.mark.parametrize(
    ("persona", "to", "expected"),
    [
        ("commune_a", ImplementationStatus.COMPLETED, OK),
        ("producer", ImplementationStatus.COMPLETED, DENIED),
        ("producer", ImplementationStatus.ABANDONED, OK),
        ("commune_b", ImplementationStatus.ABANDONED, DENIED),
    ],
)
def test_implementation_moves(personas, world, persona, to, expected):
    implementation = ImplementationFactory(plan__idea__producer=world.a)
    result = attempt(implementation_transition, getattr(personas, persona), implementation=implementation, to=to,
                     reason="Hộ không còn vốn")
    assert result == expected
    implementation.refresh_from_db()
    assert (implementation.completed_on is not None) is (expected == OK)


def test_abandoning_needs_a_reason(personas, world):
    implementation = ImplementationFactory(plan__idea__producer=world.a)
    assert attempt(implementation_transition, personas.commune_a, implementation=implementation,
                   to=ImplementationStatus.ABANDONED) == INVALID


def test_verification_moves(personas, world):
    verification = ProducerVerification.objects.create(producer=world.a)
    assert attempt(verification_transition, personas.producer, verification=verification,
                   to=VerificationStatus.VERIFIED) == DENIED
    assert attempt(verification_transition, personas.commune_b, verification=verification,
                   to=VerificationStatus.VERIFIED) == DENIED
    verification = verification_transition(verification=verification, to=VerificationStatus.VERIFIED,
                                            actor=personas.commune_a)
    assert verification.status == VerificationStatus.VERIFIED and verification.decided_at
    assert AuditEvent.objects.filter(action="verification.verified").count() == 1


# --- Concurrency ----------------------------------------------------------------------------------

@pytest.mark.django_db(transaction=True)
def test_two_concurrent_decisions_leave_one_consistent_result(personas, world):
    """Two officers decide the same idea at once: exactly one move is recorded, and the idea's
    status is that move's. On SQLite, writes are serialised by IMMEDIATE transactions; on
    PostgreSQL by select_for_update."""
    idea = IdeaFactory(producer=world.a, status=IdeaStatus.SUBMITTED)
    barrier = threading.Barrier(2)
    outcomes = {}

    def decide(to, actor):
        try:
            barrier.wait(timeout=5)
            idea_transition(idea=ProductIdea.objects.get(pk=idea.pk), to=to, actor=actor, reason="quyết định")
            outcomes[to] = OK
        except Exception as exc:  # the loser sees the new status (or a lock timeout on SQLite)
            outcomes[to] = type(exc).__name__
        finally:
            connection.close()

    threads = [
        threading.Thread(target=decide, args=(IdeaStatus.ACCEPTED, personas.commune_a)),
        threading.Thread(target=decide, args=(IdeaStatus.REJECTED, personas.province)),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    winners = [to for to, result in outcomes.items() if result == OK]
    assert len(winners) == 1, outcomes
    idea.refresh_from_db()
    assert idea.status == winners[0]
    assert Transition.objects.filter(object_id=idea.pk).count() == 1
    assert AuditEvent.objects.filter(target_id=str(idea.pk), action__startswith="idea.").count() == 1
