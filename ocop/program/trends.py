"""Year by year: the running total of each flow target against the plan's running share of it
(cumulative progress), and every followed indicator beside the year before (year-on-year trend).

Each year is one evaluation of the same sources as the dashboard (ocop.program.sources), so the
yearly figures are exactly the dashboard's figures for that year; a year of the plan that has not
ended is counted to date and marked as such.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from ocop.program.indicators import REGISTRY, Indicator, evaluate
from ocop.program.measures import HUNDRED, Period, plan_share, scale_goal

#: Followed on the trend page when no plan target names them.
FOLLOWED = ("products_rated_3plus", "products_certified", "products_potential_5star", "new_producers",
            "ideas_supported", "training_officials_pct", "funding_disbursed", "funding_disbursement_pct",
            "tasks_on_time_pct")


@dataclass
class YearPoint:
    year: int
    value: Decimal | None
    change: Decimal | None = None  # against the year before
    change_pct: Decimal | None = None
    cumulative: Decimal | None = None  # flows: the running total from the plan's start
    plan_cumulative: Decimal | None = None  # flows with a target: the plan's share up to this year's end
    partial: bool = False  # the year has not ended


@dataclass
class Trend:
    indicator: Indicator
    points: list[YearPoint]
    target: object | None = None  # the plan's Target, if any
    goal: Decimal | None = None  # the target's bound for the whole plan

    @property
    def last(self) -> YearPoint | None:
        return self.points[-1] if self.points else None

    @property
    def on_plan(self) -> bool | None:
        """The running total at or above the plan's running share (flows with an "at least" goal)."""
        last = self.last
        if last is None or last.plan_cumulative is None or last.cumulative is None:
            return None
        return last.cumulative >= last.plan_cumulative


@dataclass
class Trends:
    years: list[int]
    trends: list[Trend] = field(default_factory=list)
    plan: object | None = None


def years_of(plan, period: Period, today: date, *, span: int = 5) -> list[int]:
    """The plan's years up to this year; without a plan, the SPAN years ending with the period's."""
    if plan is not None:
        return list(range(plan.starts_on.year, min(plan.ends_on.year, today.year) + 1))
    last = min(period.ends_on.year, today.year)
    return list(range(last - span + 1, last + 1))


def _year_period(year: int, plan) -> Period:
    start, end = date(year, 1, 1), date(year, 12, 31)
    if plan is not None:
        start, end = max(start, plan.starts_on), min(end, plan.ends_on)
    return Period(start, end, str(year))


def trends_build(*, unit, generation: str, years: list[int], plan=None, targets=(), codes=FOLLOWED,
                 scope_prefixes=None, today: date) -> Trends:
    """The followed indicators (the plan's targets first) for each of YEARS in the area."""
    by_code = {}
    for target in targets:
        if target.indicator in REGISTRY and target.indicator not in by_code and not target.applies_to_each_child:
            by_code[target.indicator] = target
    wanted = list(dict.fromkeys([*by_code, *codes]))
    yearly = {}
    for year in years:
        tallies = evaluate(wanted, unit=unit, period=_year_period(year, plan), generation=generation,
                           scope_prefixes=scope_prefixes)
        yearly[year] = {code: REGISTRY[code].value(tallies[code]) for code in wanted}
    trends = []
    for code in wanted:
        indicator, target = REGISTRY[code], by_code.get(code)
        goal = None
        if target is not None:
            goal = target.value_min if target.value_min is not None else target.value_max
        points, running, previous = [], Decimal(0), None
        for year in years:
            value = yearly[year][code]
            point = YearPoint(year, value, partial=date(year, 12, 31) > today)
            if value is not None and previous is not None:
                point.change = value - previous
                if previous:
                    point.change_pct = (point.change / previous * HUNDRED).quantize(Decimal("0.1"))
            if indicator.flow:
                running += value or 0
                point.cumulative = running
                if goal is not None and plan is not None:
                    so_far = Period(plan.starts_on, min(date(year, 12, 31), plan.ends_on))
                    point.plan_cumulative = scale_goal(goal, plan_share(so_far, plan.starts_on, plan.ends_on))
            points.append(point)
            previous = value
        trends.append(Trend(indicator, points, target, goal))
    return Trends(years, trends, plan)
