"""Plans, targets and reporting periods; closing a period freezes its figures."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop.accounts.policy import check_write
from ocop.accounts.roles import PLANNERS
from ocop.core.audit import AuditAction, RecordActions, audit_record
from ocop.program.areas import CURRENT, Query
from ocop.program.indicators import REGISTRY, evaluate
from ocop.program.measures import ZERO, Figure, value_of
from ocop.program.models import IndicatorValue, Plan, ReportingPeriod, Target
from ocop.program.services import delete_record, save_record
from ocop.territory.models import AdminUnit

PLAN_ACTIONS = RecordActions.of("PROGRAM_PLAN")
TARGET_ACTIONS = RecordActions.of("PROGRAM_TARGET")

PLAN_FIELDS = ["unit", "kind", "title", "starts_on", "ends_on", "doc_number", "doc_date", "doc_title", "doc_issuer",
               "orientation", "note"]
TARGET_FIELDS = ["indicator", "comparison", "value_min", "value_max", "measure", "baseline_value", "baseline_on",
                 "wording", "applies_to_each_child", "position"]


def _plan_unit(plan: Plan):
    return plan.unit


def plan_save(*, plan: Plan, actor) -> Plan:
    """Create or update a plan; its periods (the whole span and each calendar year) follow."""
    with transaction.atomic():
        save_record(plan, actor=actor, unit_of=_plan_unit, actions=PLAN_ACTIONS, roles=PLANNERS)
        plan_ensure_periods(plan=plan)
    return plan


def plan_ensure_periods(*, plan: Plan) -> list[ReportingPeriod]:
    """The whole span of the plan, and each calendar year within it (clipped to the span)."""
    spans = [(_("Cả giai đoạn %(from)s–%(to)s") % {"from": plan.starts_on.year, "to": plan.ends_on.year},
              plan.starts_on, plan.ends_on)]
    if plan.starts_on.year != plan.ends_on.year:
        for year in range(plan.starts_on.year, plan.ends_on.year + 1):
            spans.append((_("Năm %(year)s") % {"year": year}, max(plan.starts_on, date(year, 1, 1)),
                          min(plan.ends_on, date(year, 12, 31))))
    periods = []
    for label, starts_on, ends_on in spans:
        period, _created = ReportingPeriod.objects.get_or_create(
            plan=plan, starts_on=starts_on, ends_on=ends_on, defaults={"label": label}
        )
        periods.append(period)
    return periods


def plan_delete(*, plan: Plan, actor) -> None:
    if plan.periods.filter(closed_at__isnull=False).exists():
        raise ValidationError(_("Kế hoạch đã có kỳ báo cáo chốt số liệu, không thể xoá."))
    delete_record(plan, actor=actor, unit_of=_plan_unit, actions=PLAN_ACTIONS, roles=PLANNERS)


def _target_unit(target: Target):
    return target.plan.unit


def target_save(*, target: Target, actor) -> Target:
    if target.indicator in REGISTRY and not target.measure:
        target.measure = str(REGISTRY[target.indicator].measure)
    return save_record(target, actor=actor, unit_of=_target_unit, actions=TARGET_ACTIONS, roles=PLANNERS)


def target_delete(*, target: Target, actor) -> None:
    delete_record(target, actor=actor, unit_of=_target_unit, actions=TARGET_ACTIONS, roles=PLANNERS)


# --- Closing a period --------------------------------------------------------------------------------

def _areas(plan: Plan) -> tuple[str, list[AdminUnit | None]]:
    """The areas whose figures a closed period keeps: the plan's unit and every unit under it on
    the same map (the country and its provinces for a national plan). Each area is evaluated
    with its children as parts, so the areas with children are enough."""
    if plan.unit is None:
        return CURRENT, [None]
    unit = plan.unit
    below = AdminUnit.objects.filter(generation=unit.generation, path__startswith=unit.path).exclude(pk=unit.pk)
    with_children = below.filter(children__isnull=False).distinct().order_by("path")
    return unit.generation, [unit, *with_children]


def snapshot_values(*, period: ReportingPeriod, closed_at) -> list[IndicatorValue]:
    """The figures of every indicator for the plan's areas, as unsaved IndicatorValue rows."""
    generation, areas = _areas(period.plan)
    rows: dict[tuple[str, int | None], IndicatorValue] = {}

    def keep(code, unit, figure):
        indicator = REGISTRY[code]
        rows[(code, unit.pk if unit else None)] = IndicatorValue(
            period=period, indicator=code, generation=generation, unit=unit, closed_at=closed_at,
            value=value_of(figure, indicator.kind), numerator=figure.numerator, denominator=figure.denominator,
        )

    for area in areas:
        query = Query(unit=area, generation=generation, period=period.as_period)
        children = {child.path: child for child in query.children}
        tallies = evaluate(list(REGISTRY), unit=area, period=period.as_period, generation=generation)
        for code, tally in tallies.items():
            keep(code, area, tally.total)
            for path, child in children.items():
                if (code, child.pk) not in rows:
                    empty = Figure(ZERO, None if tally.total.denominator is None else ZERO)
                    keep(code, child, tally.parts.get(path) or empty)
    return list(rows.values())


def period_close(*, period: ReportingPeriod, actor) -> ReportingPeriod:
    """Freeze the period's figures: from now on its dashboard reads them, whatever data arrives."""
    with transaction.atomic():
        period = ReportingPeriod.objects.select_for_update(of=("self",)).select_related("plan__unit").get(pk=period.pk)
        check_write(actor, period.plan.unit, PLANNERS)
        if period.is_closed:
            raise ValidationError(_("Kỳ báo cáo này đã được chốt số liệu."))
        now = timezone.now()
        values = snapshot_values(period=period, closed_at=now)
        IndicatorValue.objects.bulk_create(values, batch_size=500)
        period.closed_at, period.closed_by = now, actor if actor and actor.is_authenticated else None
        period.save(update_fields=["closed_at", "closed_by"])
        audit_record(action=AuditAction.PROGRAM_PERIOD_CLOSE, actor=actor, target=period, unit=period.plan.unit,
                     after={"closed_at": now.isoformat(), "values": len(values)},
                     message=_("Chốt số liệu kỳ %(label)s") % {"label": period.label})
    return period


def period_reopen(*, period: ReportingPeriod, actor, reason: str) -> ReportingPeriod:
    """Unfreeze a period (its snapshot is discarded; the audit log keeps who, when and why)."""
    if not (reason or "").strip():
        raise ValidationError(_("Cần nêu lý do mở lại kỳ báo cáo."))
    with transaction.atomic():
        period = ReportingPeriod.objects.select_for_update(of=("self",)).select_related("plan__unit").get(pk=period.pk)
        check_write(actor, period.plan.unit, PLANNERS)
        if not period.is_closed or period.closed_at is None:
            raise ValidationError(_("Kỳ báo cáo này chưa chốt số liệu."))
        before = {"closed_at": period.closed_at.isoformat(), "values": period.values.count()}
        period.values.all().delete()
        period.closed_at, period.closed_by = None, None
        period.save(update_fields=["closed_at", "closed_by"])
        audit_record(action=AuditAction.PROGRAM_PERIOD_REOPEN, actor=actor, target=period, unit=period.plan.unit,
                     before=before, after={"closed_at": None}, message=reason.strip())
    return period
