"""The pure arithmetic of indicators and targets, and the task workflow table: no database."""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ocop.accounts.models import Role
from ocop.program import workflow
from ocop.program.measures import (
    Figure,
    Kind,
    Period,
    additive,
    assess,
    describe,
    number,
    own_share,
    per_year,
    ratio,
    value_of,
)
from ocop.program.workflow import TaskStatus as S

D = Decimal


class TestPeriods:
    def test_years_are_the_calendar_years_touched(self):
        assert Period(date(2021, 1, 1), date(2025, 12, 31)).years == (2021, 2022, 2023, 2024, 2025)
        assert Period(date(2025, 7, 1), date(2025, 12, 31)).years == (2025,)

    def test_it_refuses_a_period_that_ends_before_it_starts(self):
        with pytest.raises(ValueError):
            Period(date(2025, 1, 2), date(2025, 1, 1))

    def test_elapsed_share(self):
        period = Period.year(2024)
        assert period.elapsed_share(date(2023, 5, 1)) == 0
        assert period.elapsed_share(date(2025, 1, 1)) == 1
        assert D("0.49") < period.elapsed_share(date(2024, 7, 1)) < D("0.51")


@pytest.mark.parametrize(
    ("figure", "kind", "expected"),
    [
        (Figure(D("12.4")), Kind.COUNT, D(12)),
        (Figure(D("1234567.5")), Kind.AMOUNT, D(1234568)),
        (Figure(D(1), D(3)), Kind.PERCENT, D("33.33")),
        (Figure(D(2), D(3)), Kind.PERCENT, D("66.67")),
        (Figure(D(3), D(2)), Kind.AVERAGE, D("1.50")),
        (Figure(D(0), D(0)), Kind.PERCENT, None),
        (Figure(D(5)), Kind.PERCENT, None),
        (None, Kind.COUNT, None),
    ],
)
def test_value_of(figure, kind, expected):
    assert value_of(figure, kind) == expected


def test_additive_and_ratio_totals_are_sums_of_parts():
    tally = additive({"C/75/": 2, "C/75/26068/": 3})
    assert tally.total == Figure(D(5))
    tally = ratio({"a": 1, "b": 3}, {"a": 2, "b": 4, "c": 4})
    assert tally.total == Figure(D(4), D(10))
    assert tally.parts["c"] == Figure(D(0), D(4))


def test_per_year_divides_every_part_and_the_total_by_the_years():
    tally = per_year({"a": 4, "b": 2}, ["a", "b", "c"], 2)
    assert value_of(tally.total, Kind.AVERAGE) == D(3)
    assert value_of(tally.parts["a"], Kind.AVERAGE) == D(2)
    assert value_of(tally.parts["c"], Kind.AVERAGE) == D(0)


def test_own_share_counts_only_the_unit_itself():
    tally = own_share({"C/75/": 2, "C/75/26068/": 5}, "C/75/", ["C/75/26068/", "C/75/26380/"], 5)
    assert value_of(tally.total, Kind.PERCENT) == D(40)
    assert value_of(tally.parts["C/75/26068/"], Kind.PERCENT) == D(100)
    assert value_of(tally.parts["C/75/26380/"], Kind.PERCENT) == D(0)


@given(st.dictionaries(st.text(min_size=1, max_size=4), st.integers(min_value=0, max_value=10**9), max_size=8))
def test_additive_total_equals_the_sum(counts):
    assert additive(counts).total.numerator == sum(counts.values())


@pytest.mark.parametrize(
    ("value", "comparison", "low", "high", "met", "progress"),
    [
        (D(12), "gte", D(12), None, True, D(100)),
        (D(6), "gte", D(12), None, False, D(50)),
        (D(100), "gt", D(100), None, False, D("99.99")),
        (D(101), "gt", D(100), None, True, D(100)),
        (D(8), "range", D(7), D(10), True, D(100)),
        (D(5), "range", D(7), D(10), False, D("71.43")),
        (D(12), "range", D(7), D(10), False, D(100)),
        (D(3), "lte", None, D(5), True, D(100)),
        (D(10), "lte", None, D(5), False, D(50)),
        (None, "gte", D(1), None, None, None),
    ],
)
def test_assess(value, comparison, low, high, met, progress):
    result = assess(value, comparison, low, high)
    assert (result.met, result.progress) == (met, progress)


def test_assess_is_on_track_when_progress_keeps_pace_with_time():
    assert assess(D(40), "gte", D(100), None, elapsed=D("0.4")).on_track is True
    assert assess(D(30), "gte", D(100), None, elapsed=D("0.4")).on_track is False


@pytest.mark.parametrize(
    ("comparison", "low", "high", "text"),
    [("gte", D(10000), None, "≥ 10.000"), ("gt", D(100), None, "> 100"), ("range", D(7), D(10), "7–10"),
     ("lte", None, D("2.5"), "≤ 2,5"), ("gte", D("50.00"), None, "≥ 50")],
)
def test_describe(comparison, low, high, text):
    assert describe(comparison, low, high) == text


def test_number_uses_vietnamese_separators():
    assert number(D("1234567")) == "1.234.567"
    assert number(D("85.71")) == "85,71"
    assert number(None) == "—"


class TestTaskWorkflow:
    def test_department_starts_and_reports_the_office_accepts(self):
        department = {Role.DEPARTMENT_OFFICER}
        office = {Role.PROVINCE_OFFICE}
        assert workflow.TASK.allowed(S.ASSIGNED, department) == [S.IN_PROGRESS]
        assert workflow.TASK.allowed(S.IN_PROGRESS, department) == [S.REPORTED]
        assert workflow.TASK.allowed(S.REPORTED, department) == []
        assert set(workflow.TASK.allowed(S.REPORTED, office)) == {S.DONE, S.IN_PROGRESS}
        assert workflow.TASK.allowed(S.DONE, office) == []

    def test_read_only_and_commune_roles_move_nothing(self):
        for roles in ({Role.AUDITOR}, {Role.COMMUNE_OFFICER}, {Role.PRODUCER}, set()):
            for status in S.values:
                assert workflow.TASK.allowed(status, roles) == []

    def test_returning_and_cancelling_need_a_reason(self):
        assert workflow.TASK.requires_reason(S.REPORTED, S.IN_PROGRESS)
        assert workflow.TASK.requires_reason(S.ASSIGNED, S.CANCELLED)
        assert not workflow.TASK.requires_reason(S.IN_PROGRESS, S.REPORTED)

    def test_overdue_due_soon_and_on_time(self):
        today = date(2026, 5, 10)
        assert workflow.is_overdue(S.IN_PROGRESS, date(2026, 5, 9), today)
        assert not workflow.is_overdue(S.DONE, date(2026, 5, 9), today)
        assert workflow.is_due_soon(S.ASSIGNED, date(2026, 5, 17), today)
        assert not workflow.is_due_soon(S.ASSIGNED, date(2026, 5, 18), today)
        assert workflow.on_time(S.DONE, date(2026, 5, 9), date(2026, 5, 9))
        assert not workflow.on_time(S.DONE, date(2026, 5, 9), date(2026, 5, 10))

    def test_every_transition_targets_a_known_status(self):
        assert workflow.TASK.problems() == []
        for move in workflow.TASK.moves:
            assert move.source in S.values and move.target in S.values and move.roles
