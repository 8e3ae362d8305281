"""The one workflow engine (ocop.core.workflow + ocop.core.transitions): the declarations are sound,
each error convention holds, each move leaves one history row and one audit event, and the row is
locked while it moves. The cycle's idea workflow is the real record moved here; the apps' own
tests check their workflows' rules."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ocop.core import workflow as engine
from ocop.core.exceptions import ImpossibleMove, StateConflict
from ocop.core.models import AuditEvent, Transition
from ocop.core.transitions import history, moved, transition
from ocop.core.workflow import Move, Workflow
from ocop.cycle.tests.factories import IdeaFactory, member
from ocop.cycle.transitions import BINDINGS
from ocop.cycle.workflow import IDEA, IdeaStatus
from ocop.program import workflow as program_workflow  # noqa: F401 (declares "task")
from ocop.rating import workflow as rating_workflow  # noqa: F401 (declares "dossier")
from ocop.registry.tests.factories import HouseholdFactory

I = IdeaStatus  # noqa: E741


@pytest.fixture
def idea(personas):
    producer = HouseholdFactory(unit=personas.units.commune_a)
    member(personas.producer, producer)
    return IdeaFactory(producer=producer, status=I.SUBMITTED)


def test_every_workflow_is_declared_once_and_sound():
    assert set(engine.REGISTRY) >= {"dossier", "task", "idea", "plan", "implementation", "verification"}
    for flow in engine.REGISTRY.values():
        assert flow.problems() == [], flow.name
        assert engine.get(flow.name) is flow
    with pytest.raises(ValueError, match="declared twice"):
        engine.register(Workflow(name="idea", statuses=I, initial=I.DRAFT,
                                 moves=(Move(I.DRAFT, I.SUBMITTED, frozenset({"producer"})),
                                        Move(I.SUBMITTED, I.ACCEPTED, frozenset({"x"})),
                                        Move(I.SUBMITTED, I.RETURNED, frozenset({"x"})),
                                        Move(I.SUBMITTED, I.REJECTED, frozenset({"x"})))))
    with pytest.raises(ValueError):
        engine.get("nothing")


@pytest.mark.parametrize(("moves", "problem"), [
    ((Move(I.DRAFT, "sent", frozenset({"p"})),), "'sent' is not a status"),
    ((Move(I.DRAFT, I.SUBMITTED, frozenset()),), "names no role"),
    ((Move(I.DRAFT, I.SUBMITTED, frozenset({"p"})), Move(I.DRAFT, I.SUBMITTED, frozenset({"q"}))), "declared twice"),
    ((Move(I.DRAFT, I.SUBMITTED, frozenset({"p"})),), "'accepted' cannot be reached"),
])
def test_a_broken_declaration_is_refused(moves, problem):
    with pytest.raises(ValueError, match=problem):
        Workflow(name="broken", statuses=I, initial=I.DRAFT, moves=moves)


def test_the_declaration_answers_the_questions_of_buttons_and_forms():
    flow = engine.get(IDEA)
    assert flow.allowed(I.SUBMITTED, {"commune_officer"}) == [I.ACCEPTED, I.RETURNED, I.REJECTED]
    assert flow.allowed(I.SUBMITTED, {"producer"}) == []
    assert flow.requires_reason(I.SUBMITTED, I.RETURNED) and not flow.requires_reason(I.SUBMITTED, I.ACCEPTED)
    assert flow.is_editable(I.RETURNED) and not flow.is_editable(I.SUBMITTED)
    assert flow.is_terminal(I.ACCEPTED) and not flow.is_terminal(I.DRAFT)
    assert flow.action_label(I.SUBMITTED, I.ACCEPTED) == "Chấp nhận" and flow.tone(I.REJECTED) == "bad"
    assert flow.label("gone") == "gone"
    assert engine.get("dossier").is_service_only("rated") and not engine.get("dossier").is_service_only("submitted")


@pytest.mark.django_db
def test_one_row_one_audit_event_and_one_signal_per_move(personas, idea):
    sent = []

    def listen(sender, **kwargs):
        sent.append(kwargs)

    moved.connect(listen)
    try:
        result = transition(BINDINGS[IDEA], idea, to=I.RETURNED, actor=personas.commune_a, reason="  Thiếu ảnh  ")
    finally:
        moved.disconnect(listen)
    (row,) = history(idea)
    assert result.transition == row and result.record.status == I.RETURNED and result.record.status_note == "Thiếu ảnh"
    assert (row.workflow, row.object_id, row.from_status, row.to_status, row.reason) == (
        IDEA, idea.pk, I.SUBMITTED, I.RETURNED, "Thiếu ảnh")
    assert (row.actor, row.actor_repr, row.from_label) == (personas.commune_a, str(personas.commune_a), "Đã gửi")
    (event,) = AuditEvent.objects.filter(target_id=str(idea.pk))
    assert event.action == "idea.returned" == engine.audit_action(engine.get(IDEA), I.RETURNED)
    assert (event.before, event.after, event.message) == ({"status": "submitted"}, {"status": "returned"}, "Thiếu ảnh")
    assert [(s["workflow"], s["transition"], s["actor"]) for s in sent] == [(IDEA, row, personas.commune_a)]


@pytest.mark.django_db
def test_the_error_conventions(personas, idea):
    binding = BINDINGS[IDEA]
    # Wrong role: 403.
    with pytest.raises(PermissionDenied):
        transition(binding, idea, to=I.ACCEPTED, actor=personas.producer)
    # Missing reason: a form error on the reason.
    with pytest.raises(ValidationError) as missing:
        transition(binding, idea, to=I.RETURNED, actor=personas.commune_a, reason=" ")
    assert set(missing.value.error_dict) == {"reason"}
    # A move that does not exist from here (for anyone): ImpossibleMove, a validation error but not
    # a state conflict (the API's 409), so every caller answers 422.
    for to in (I.DRAFT, "nonsense"):
        with pytest.raises(ImpossibleMove) as impossible:
            transition(binding, idea, to=to, actor=personas.commune_a)
        assert isinstance(impossible.value, ValidationError) and not isinstance(impossible.value, StateConflict)
    assert not Transition.objects.exists() and not AuditEvent.objects.filter(action__startswith="idea.").exists()


@pytest.mark.django_db
def test_pages_answer_422_for_an_impossible_move_and_403_for_a_wrong_role(client, personas, idea):
    client.force_login(personas.commune_a)
    impossible = client.post(reverse("portal:idea_move", args=[idea.pk, I.SUBMITTED]))
    assert impossible.status_code == 422 and "Không thể chuyển từ «Đã gửi» sang «Đã gửi»" in impossible.text
    client.force_login(personas.producer)
    assert client.post(reverse("portal:idea_move", args=[idea.pk, I.ACCEPTED])).status_code == 403
    idea.refresh_from_db()
    assert idea.status == I.SUBMITTED


@pytest.mark.django_db
def test_the_row_is_locked_while_it_moves(personas, idea):
    with CaptureQueriesContext(connection) as queries:
        transition(BINDINGS[IDEA], idea, to=I.ACCEPTED, actor=personas.commune_a)
    first_read = next(q["sql"] for q in queries if q["sql"].startswith("SELECT") and '"cycle_productidea"' in q["sql"])
    if connection.features.has_select_for_update:
        assert "FOR UPDATE OF" in first_read
    else:  # SQLite locks the whole database for a write transaction; Django omits the clause
        assert "FOR UPDATE" not in first_read
    # The lock is taken before the status is read: a second move sees the first one's result.
    with pytest.raises(ImpossibleMove):
        transition(BINDINGS[IDEA], idea, to=I.REJECTED, actor=personas.province, reason="x")
