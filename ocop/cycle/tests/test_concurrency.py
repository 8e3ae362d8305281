"""Concurrency on PostgreSQL: two officers acting on the same cycle record at once leave one
consistent result (the idea decision race is in test_transitions.py)."""

import pytest

from ocop.core.models import AuditEvent, Transition
from ocop.core.testing import make_user
from ocop.core.tests.threads import kinds, needs_postgresql, together
from ocop.cycle.models import Cycle, CycleStep, Implementation
from ocop.cycle.services import cycle_open
from ocop.cycle.tests.factories import PlanFactory
from ocop.cycle.transitions import plan_transition
from ocop.cycle.workflow import PlanStatus

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgres_only():
    needs_postgresql()


def test_two_approvals_of_one_plan_open_one_implementation(personas, world):
    plan = PlanFactory(idea__producer=world.a, status=PlanStatus.UNDER_REVIEW)
    second = make_user("tinh2_cycle", "province_office", personas.units.dong_nai)
    outcomes = together(*[
        (lambda u=u: plan_transition(plan=plan, to=PlanStatus.APPROVED, actor=u)) for u in (personas.province, second)
    ])
    assert kinds(outcomes) == ["ok", "refused"], outcomes
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED
    assert Implementation.objects.filter(plan=plan).count() == 1
    assert Transition.objects.filter(object_id=plan.pk, to_status=PlanStatus.APPROVED).count() == 1
    assert AuditEvent.objects.filter(action="implementation.start").count() == 1


def test_opening_one_cycle_twice_at_once_leaves_one_cycle_and_a_clear_refusal(personas):
    unit = personas.units.dong_nai
    second = make_user("tinh3_cycle", "province_office", unit)
    outcomes = together(*[
        (lambda u=u: cycle_open(year=2027, unit=unit, actor=u)) for u in (personas.province, second)
    ])
    assert kinds(outcomes) == ["ok", "refused"], outcomes
    refusal = next(value for kind, value in outcomes if kind == "refused")
    assert "đã có chu trình năm 2027" in " ".join(refusal.messages)
    cycle = Cycle.objects.get(year=2027, unit=unit)
    assert CycleStep.objects.filter(cycle=cycle).count() == 6
    assert AuditEvent.objects.filter(action="cycle.open").count() == 1
