"""The transition tables, the calendar defaults and the funnel rates: pure, no database."""

from datetime import date
from decimal import Decimal

import pytest

from ocop.accounts.models import Role
from ocop.cycle import workflow
from ocop.cycle.funnel import FunnelRow, rate, total
from ocop.cycle.steps import Step, default_calendar, step_of
from ocop.cycle.workflow import (
    IDEA,
    IMPLEMENTATION,
    PLAN,
    VERIFICATION,
    IdeaStatus,
    ImplementationStatus,
    PlanStatus,
    VerificationStatus,
)

P, C, PO, N, A = Role.PRODUCER, Role.COMMUNE_OFFICER, Role.PROVINCE_OFFICE, Role.NATIONAL_OFFICE, Role.AUDITOR


@pytest.mark.parametrize("kind", list(workflow.WORKFLOWS))
def test_every_status_and_role_in_the_declaration_exists(kind):
    flow = workflow.WORKFLOWS[kind]
    assert flow.problems() == []  # statuses exist, every one reachable from the initial one
    for move in flow.moves:
        assert move.target != move.source
        assert move.roles <= set(Role.values)
        assert flow.action_label(move.source, move.target)


@pytest.mark.parametrize("kind", list(workflow.WORKFLOWS))
def test_read_only_roles_never_move_anything(kind):
    for status in workflow.STATUSES[kind].values:
        assert workflow.WORKFLOWS[kind].allowed(status, {A, Role.COUNCIL_MEMBER}) == []


@pytest.mark.parametrize(
    ("kind", "status", "roles", "expected"),
    [
        (IDEA, IdeaStatus.DRAFT, {P}, [IdeaStatus.SUBMITTED]),
        (IDEA, IdeaStatus.DRAFT, {C}, [IdeaStatus.SUBMITTED]),  # assisted mode
        (IDEA, IdeaStatus.DRAFT, {PO}, []),
        (IDEA, IdeaStatus.SUBMITTED, {P}, []),
        (IDEA, IdeaStatus.SUBMITTED, {C}, [IdeaStatus.ACCEPTED, IdeaStatus.RETURNED, IdeaStatus.REJECTED]),
        (IDEA, IdeaStatus.SUBMITTED, {PO}, [IdeaStatus.ACCEPTED, IdeaStatus.RETURNED, IdeaStatus.REJECTED]),
        (IDEA, IdeaStatus.RETURNED, {P}, [IdeaStatus.SUBMITTED]),
        (IDEA, IdeaStatus.ACCEPTED, {P, C, PO, N}, []),
        (IDEA, IdeaStatus.REJECTED, {P, C, PO, N}, []),
        (PLAN, PlanStatus.DRAFT, {P}, [PlanStatus.SUBMITTED]),
        (PLAN, PlanStatus.SUBMITTED, {C}, [PlanStatus.UNDER_REVIEW, PlanStatus.RETURNED]),
        (PLAN, PlanStatus.UNDER_REVIEW, {PO}, [PlanStatus.APPROVED, PlanStatus.RETURNED, PlanStatus.REJECTED]),
        (PLAN, PlanStatus.UNDER_REVIEW, {P}, []),
        (PLAN, PlanStatus.RETURNED, {P}, [PlanStatus.SUBMITTED]),
        (IMPLEMENTATION, ImplementationStatus.IN_PROGRESS, {P}, [ImplementationStatus.ABANDONED]),
        (IMPLEMENTATION, ImplementationStatus.IN_PROGRESS, {C},
         [ImplementationStatus.COMPLETED, ImplementationStatus.ABANDONED]),
        (IMPLEMENTATION, ImplementationStatus.COMPLETED, {C, PO}, []),
        (VERIFICATION, VerificationStatus.PENDING, {C}, [VerificationStatus.VERIFIED, VerificationStatus.REJECTED]),
        (VERIFICATION, VerificationStatus.PENDING, {P}, []),
        (VERIFICATION, VerificationStatus.REJECTED, {P}, [VerificationStatus.PENDING]),
    ],
)
def test_allowed_transitions(kind, status, roles, expected):
    assert workflow.WORKFLOWS[kind].allowed(status, roles) == expected
    for target in expected:
        assert workflow.WORKFLOWS[kind].can(status, target, roles)


@pytest.mark.parametrize(
    ("kind", "source", "to", "required"),
    [
        (IDEA, IdeaStatus.SUBMITTED, IdeaStatus.RETURNED, True),
        (IDEA, IdeaStatus.SUBMITTED, IdeaStatus.REJECTED, True),
        (IDEA, IdeaStatus.SUBMITTED, IdeaStatus.ACCEPTED, False),
        (IDEA, IdeaStatus.DRAFT, IdeaStatus.SUBMITTED, False),
        (PLAN, PlanStatus.UNDER_REVIEW, PlanStatus.RETURNED, True),
        (PLAN, PlanStatus.UNDER_REVIEW, PlanStatus.APPROVED, False),
        (IMPLEMENTATION, ImplementationStatus.IN_PROGRESS, ImplementationStatus.ABANDONED, True),
        (VERIFICATION, VerificationStatus.PENDING, VerificationStatus.REJECTED, True),
        (VERIFICATION, VerificationStatus.PENDING, VerificationStatus.VERIFIED, False),
    ],
)
def test_reason_required(kind, source, to, required):
    assert workflow.WORKFLOWS[kind].requires_reason(source, to) is required


def test_editable_terminal_and_plans():
    idea = workflow.WORKFLOWS[IDEA]
    assert idea.is_editable(IdeaStatus.RETURNED) and not idea.is_editable(IdeaStatus.SUBMITTED)
    assert idea.is_terminal(IdeaStatus.ACCEPTED) and not idea.is_terminal(IdeaStatus.DRAFT)
    assert workflow.idea_open_to_plans(IdeaStatus.ACCEPTED)
    assert not workflow.idea_open_to_plans(IdeaStatus.SUBMITTED)


def test_default_calendar_2026():
    windows = {w.step: w for w in default_calendar(2026)}
    assert list(windows) == [1, 2, 3, 4, 5, 6]
    assert (windows[Step.PUBLICITY].starts_on, windows[Step.PUBLICITY].ends_on) == (date(2026, 1, 1), date(2026, 12, 31))
    assert (windows[Step.IDEAS].starts_on, windows[Step.IDEAS].ends_on) == (date(2026, 4, 1), date(2026, 6, 30))
    assert (windows[Step.PLANS].starts_on, windows[Step.PLANS].ends_on) == (date(2026, 6, 1), date(2026, 8, 31))
    assert windows[Step.IMPLEMENTATION].ends_on == date(2026, 12, 31)
    assert (windows[Step.RATING].starts_on, windows[Step.RATING].ends_on) == (date(2026, 3, 1), date(2026, 8, 31))
    assert "3–4" in windows[Step.PUBLICITY].focus
    assert step_of(default_calendar(2026), date(2026, 5, 15)) == [1, 2, 5, 6]


def test_calendar_handles_leap_february():
    assert all(w.ends_on >= w.starts_on for w in default_calendar(2028))


@pytest.mark.parametrize(
    ("part", "whole", "expected"),
    [(0, 0, None), (5, 0, None), (0, 7, Decimal("0.0")), (1, 3, Decimal("33.3")), (2, 3, Decimal("66.7")),
     (1, 8, Decimal("12.5")), (3, 3, Decimal("100.0"))],
)
def test_rate(part, whole, expected):
    assert rate(part, whole) == expected


def test_funnel_row_rates_and_total():
    a = FunnelRow(1, "A", {"ideas": 4, "accepted": 2, "plans": 1, "implemented": 0, "rated": 0})
    b = FunnelRow(2, "B", {"ideas": 0})
    assert a.rates == {"accepted": Decimal("50.0"), "plans": Decimal("50.0"), "implemented": Decimal("0.0"),
                       "rated": None}
    assert b.rates["accepted"] is None and b.overall is None
    both = total([a, b], "Tổng")
    assert both.count("ideas") == 4 and both.overall == Decimal("0.0")
    assert both.cells[0] == (4, None)
