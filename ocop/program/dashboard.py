"""The figures of one dashboard page (and of its Excel and PDF exports, and of the annual report):
targets against actuals, every indicator, and the drill-down by child unit.

The number of queries does not depend on the number of units, producers or products: each source
is one grouped query (ocop.program.sources), a closed period is one read of its snapshot, and the
page's other parts (children, breadcrumbs, targets, periods) are one query each.
"""

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.db.models import Case, IntegerField, Q, Value, When
from django.utils.translation import gettext as _

from ocop.lib.formatting import short_date
from ocop.program import selectors, sources
from ocop.program.areas import CURRENT, LEGACY, Query, scope_filter
from ocop.program.indicators import REGISTRY, Indicator, evaluate
from ocop.program.measures import (
    Assessment,
    Figure,
    Period,
    Tally,
    assess,
    describe,
    number,
    plan_share,
    scale_goal,
    value_of,
)
from ocop.program.models import IndicatorValue, Plan, ReportingPeriod, Target
from ocop.territory.models import AdminUnit

OVERDUE_LISTED = 10


@dataclass
class IndicatorRow:
    indicator: Indicator
    value: Decimal | None


@dataclass
class TargetRow:
    target: Target
    indicator: Indicator
    actual: Decimal | None
    assessment: Assessment
    inherited: bool = False  # a target of a plan above, applying to each unit under it
    children_met: int | None = None  # for a per-unit target at its own plan's unit: units meeting it
    children_total: int | None = None
    #: The part of the plan's span the page's period covers, for a flow indicator (1: the whole
    #: plan, or a level indicator, judged as written).
    share: Decimal = Decimal(1)

    @property
    def scaled(self) -> bool:
        return self.share != 1

    @property
    def value_min(self) -> Decimal | None:
        return scale_goal(self.target.value_min, self.share) if self.scaled else self.target.value_min

    @property
    def value_max(self) -> Decimal | None:
        return scale_goal(self.target.value_max, self.share) if self.scaled else self.target.value_max

    @property
    def goal(self) -> str:
        """What the period's figure is judged against: the target, or its share for this period."""
        return describe(self.target.comparison, self.value_min, self.value_max)

    @property
    def plan_goal(self) -> str:
        """The target as the plan writes it, for the whole plan."""
        return describe(self.target.comparison, self.target.value_min, self.target.value_max)

    @property
    def share_label(self) -> str:
        """"2025 = 1/5 của kế hoạch 2021–2025" style, or "" when judged as written."""
        if not self.scaled:
            return ""
        plan = self.target.plan
        return _("phần của kỳ này: %(share)s%% chỉ tiêu cả kế hoạch %(start)s–%(end)s (%(goal)s)") % {
            "share": number((self.share * 100).quantize(Decimal("0.01"))), "start": short_date(plan.starts_on),
            "end": short_date(plan.ends_on), "goal": self.plan_goal}

    @property
    def baseline(self) -> Decimal | None:
        return self.target.baseline_value

    @property
    def measure(self) -> str:
        return self.target.measure or str(self.indicator.measure)


@dataclass
class ChildRow:
    unit: AdminUnit
    values: list[Decimal | None]
    below_target: set[str] = field(default_factory=set)  # codes of per-unit targets not met


@dataclass
class Dashboard:
    unit: AdminUnit | None
    generation: str
    period: Period
    reporting_period: ReportingPeriod | None
    indicators: list[IndicatorRow]
    targets: list[TargetRow]
    key_indicators: list[Indicator]
    children: list[ChildRow]
    breadcrumbs: list[AdminUnit]
    other_map_unit: AdminUnit | None
    snapshot_at: datetime | None = None  # figures read from a closed period's snapshot
    snapshot_missing: bool = False  # the period is closed, but this area was not in its snapshot
    orientations: list[tuple[str, str]] = field(default_factory=list)
    #: The first tasks overdue on overdue_on, by the same rule and area as the tasks_overdue figure.
    overdue_tasks: object = ()  # a sliced queryset, read only by the page (not the exports)
    overdue_on: date | None = None

    @property
    def title(self) -> str:
        return self.unit.full_name if self.unit else _("Toàn quốc")

    @property
    def map_label(self) -> str:
        return str(AdminUnit.Generation(self.generation).label)

    @property
    def judged_on_share(self) -> bool:
        """Some target is judged against the period's share of its plan (see TargetRow.share)."""
        return any(row.scaled for row in self.targets)

    @property
    def overdue_count(self) -> int:
        return int(self.value("tasks_overdue") or 0)

    def value(self, code: str) -> Decimal | None:
        return next((row.value for row in self.indicators if row.indicator.code == code), None)


def _tallies_from_snapshot(rows, unit, children) -> dict[str, Tally]:
    by_unit: dict[tuple[str, int | None], Figure] = {
        (r.indicator, r.unit_id): Figure(r.numerator, r.denominator) for r in rows
    }
    own = unit.pk if unit else None
    tallies = {}
    for code in {r.indicator for r in rows if r.unit_id == own}:
        parts = {c.path: by_unit[(code, c.pk)] for c in children if (code, c.pk) in by_unit}
        tallies[code] = Tally(by_unit[(code, own)], parts)
    return tallies


def snapshot_rows(period: ReportingPeriod, unit, children, generation) -> list[IndicatorValue]:
    units = [c.pk for c in children] + ([unit.pk] if unit else [])
    condition = Q(unit__in=units) | (Q(unit__isnull=True) if unit is None else Q(pk__in=[]))
    return list(IndicatorValue.objects.filter(condition, period=period, generation=generation))


def _targets(unit, ancestors: list[AdminUnit], period: Period, reporting_period) -> list[tuple[Target, bool]]:
    """Targets for this area: those of its own plans covering the period, and the per-unit targets
    of plans above it. One query."""
    own = Q(plan__unit=unit) if unit else Q(plan__unit__isnull=True)
    above = Q(applies_to_each_child=True) & (Q(plan__unit__in=ancestors) | Q(plan__unit__isnull=True)) if unit else Q(
        pk__in=[])
    targets = Target.objects.filter(own | above).select_related("plan")
    if reporting_period is not None:
        targets = targets.filter(plan=reporting_period.plan)
    else:
        targets = targets.filter(plan__starts_on__lte=period.ends_on, plan__ends_on__gte=period.starts_on)
    return [(t, t.plan.unit_id != (unit.pk if unit else None)) for t in targets.order_by("plan__starts_on",
                                                                                         "position", "id")]


def plan_targets(unit, ancestors, period: Period, reporting_period) -> tuple[Plan | None, list[Target]]:
    """The plan the area's page follows (the reporting period's, else the newest own plan covering
    the period) and that plan's own targets."""
    own = [t for t, inherited in _targets(unit, ancestors, period, reporting_period) if not inherited]
    if reporting_period is not None:
        return reporting_period.plan, own
    if not own:
        return None, []
    plan = max((t.plan for t in own), key=lambda p: (p.starts_on, p.pk))
    return plan, [t for t in own if t.plan_id == plan.pk]


def ancestors_of(unit: AdminUnit | None) -> list[AdminUnit]:
    """The units above UNIT in its own map, from the top (one query)."""
    if unit is None:
        return []
    parts = unit.path.split("/")[:-1]
    prefixes = ["/".join(parts[: i + 1]) + "/" for i in range(1, len(parts) - 1)]
    return list(AdminUnit.objects.filter(path__in=prefixes).order_by("path")) if prefixes else []


def other_map_unit(unit: AdminUnit | None) -> AdminUnit | None:
    """The same place on the other map: the current unit that succeeded an old one, or the old
    unit (same code first) that a current one came from."""
    if unit is None:
        return None
    if unit.generation == LEGACY:
        return AdminUnit.objects.filter(path=unit.current_path).first()
    same_code = Case(When(code=unit.code, then=Value(0)), default=Value(1), output_field=IntegerField())
    return (
        AdminUnit.objects.filter(generation=LEGACY, level=unit.level, current_path=unit.path)
        .annotate(_other=same_code).order_by("_other", "path").first()
    )


def _score_children(row: TargetRow, tally: Tally | None, children: list[ChildRow], elapsed) -> None:
    """A target for each unit under the plan's unit: which children meet it. The target row is met
    when every child meets it, its progress is the share of children that do."""
    if not children:
        return
    met = 0
    for child in children:
        figure = tally.parts.get(child.unit.path) if tally else None
        result = assess(value_of(figure, row.indicator.kind), row.target.comparison, row.value_min, row.value_max)
        if result.met:
            met += 1
        else:
            child.below_target.add(row.indicator.code)
    progress = (Decimal(met) * 100 / len(children)).quantize(Decimal("0.01"))
    row.children_met, row.children_total = met, len(children)
    row.assessment = Assessment(met == len(children), progress, met == len(children) or progress >= elapsed * 100)


def dashboard_build(
    *, user, unit: AdminUnit | None, generation: str, period: Period,
    reporting_period: ReportingPeriod | None = None, today: date,
) -> Dashboard:
    """The dashboard of UNIT (None: the country) on the GENERATION map for PERIOD, as USER may
    see it. The caller has checked that USER may read UNIT."""
    if unit is not None:
        generation = unit.generation
    query = Query(unit=unit, generation=generation, period=period, scope_prefixes=scope_filter(user))
    children = query.children
    tallies, snapshot_at, missing = None, None, False
    if reporting_period is not None and reporting_period.is_closed:
        tallies = _tallies_from_snapshot(snapshot_rows(reporting_period, unit, children, generation), unit, children)
        if tallies:
            snapshot_at = reporting_period.closed_at
        else:
            missing, tallies = True, None
    if tallies is None:
        tallies = evaluate(list(REGISTRY), unit=unit, period=period, generation=generation,
                           scope_prefixes=query.scope_prefixes)
    indicators = [IndicatorRow(ind, ind.value(tallies.get(code))) for code, ind in REGISTRY.items()]
    values = {row.indicator.code: row.value for row in indicators}
    ancestors = ancestors_of(unit)
    elapsed = period.elapsed_share(today)
    targets = []
    for target, inherited in _targets(unit, ancestors, period, reporting_period):
        indicator = REGISTRY.get(target.indicator)
        if indicator is None:
            continue
        actual = values.get(target.indicator)
        share = plan_share(period, target.plan.starts_on, target.plan.ends_on) if indicator.flow else Decimal(1)
        row = TargetRow(target, indicator, actual, Assessment(None, None), inherited, share=share)
        row.assessment = assess(actual, target.comparison, row.value_min, row.value_max, elapsed=elapsed)
        targets.append(row)
    key = [ind for ind in REGISTRY.values() if ind.key]
    # A child with no records counts zero (a ratio with nothing to divide stays empty).
    rows = [ChildRow(child, [value_of(tallies[i.code].parts.get(child.path) or Figure(), i.kind)
                             if i.code in tallies else None for i in key]) for child in children]
    for row in (t for t in targets if t.target.applies_to_each_child and not t.inherited):
        _score_children(row, tallies.get(row.indicator.code), rows, elapsed)
    plans = {t.target.plan_id: t.target.plan for t in targets if not t.inherited}
    if reporting_period is not None:
        plans.setdefault(reporting_period.plan_id, reporting_period.plan)
    return Dashboard(
        unit=unit, generation=generation, period=period, reporting_period=reporting_period,
        indicators=indicators, targets=targets, key_indicators=key, children=rows, breadcrumbs=ancestors,
        other_map_unit=other_map_unit(unit), snapshot_at=snapshot_at, snapshot_missing=missing,
        orientations=[(p.title, p.orientation) for p in plans.values() if p.orientation],
        overdue_tasks=sources.overdue_tasks(query, today).select_related("lead")[:OVERDUE_LISTED],  # lazy
        overdue_on=sources.overdue_as_of(period, today),
    )


def default_area(user) -> tuple[AdminUnit | None, str, ReportingPeriod | None]:
    """Where a user's dashboard opens: their unit (the country for national roles) with the whole
    span of the newest plan of that place — its own, or an old unit's it came from (the page
    then shows that old unit, on the old map) — else of a plan above it, else no plan."""
    from ocop.accounts.policy import office_scope

    scope = office_scope(user)
    unit = None
    if not scope.is_national:
        unit = AdminUnit.objects.filter(path__in=scope.read_prefixes).order_by("path").first()

    def rank(period: ReportingPeriod) -> int:
        plan_unit = period.plan.unit
        if plan_unit is None:
            return 0 if unit is None else 2
        return 0 if unit is not None and plan_unit.current_path == unit.current_path else 1

    wholes = [p for p in selectors.period_options(user=user, unit=unit) if p.spans_plan]
    if not wholes:
        return unit, unit.generation if unit else CURRENT, None
    chosen = min(wholes, key=lambda p: (rank(p), -p.plan.starts_on.toordinal(), p.plan_id))
    if unit is not None and rank(chosen) == 0:
        unit = chosen.plan.unit
    return unit, unit.generation if unit else CURRENT, chosen


def resolve_area(user, *, unit_id=None, generation=None, period_id=None, year=None, today: date):
    """The area and period asked for (404 outside the user's scope), with defaults for what is not
    given: the user's own place and the newest plan's whole span, or the current year."""
    from django.http import Http404

    from ocop.accounts.policy import can_read_program

    reporting_period = selectors.period_get(user=user, pk=period_id) if period_id else None
    if unit_id:
        unit = selectors.unit_get(user=user, pk=unit_id)
        generation = unit.generation
    elif generation:
        unit = None
        if not can_read_program(user, None):
            raise Http404
    else:
        unit, generation, default_period = default_area(user)
        if unit is None and not can_read_program(user, None):
            raise Http404
        if reporting_period is None and not year:
            reporting_period = default_period
    if reporting_period is not None:
        period = reporting_period.as_period
    elif year:
        period = Period.year(year)
    else:
        period = Period.year(today.year)
    return unit, generation, period, reporting_period
