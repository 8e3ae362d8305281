"""Reads of the program, always through the user's scope (ocop.accounts.policy, built on
ocop.accounts.scope). *_get raise Http404 outside the scope, exactly as for a missing row."""

from django.apps import apps
from django.db.models import Count, DecimalField, Exists, Max, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.http import Http404

from ocop.accounts.policy import can_read_program, office_scope
from ocop.accounts.scope import unit_q
from ocop.program.models import (
    Department,
    DepartmentTask,
    FundingLine,
    Plan,
    ReportingPeriod,
    ReportJob,
    TrainingCourse,
    TrainingRosterEntry,
)
from ocop.program.sources import CYCLE_APP, certificate_queryset
from ocop.program.workflow import TaskStatus
from ocop.territory.models import AdminUnit


def _visible(queryset: QuerySet, user, field: str = "unit") -> QuerySet:
    """Rows whose unit (at FIELD) the user may read. Rows without a unit are national: only
    national roles see them (a prefix match never matches a missing unit)."""
    return queryset.filter(unit_q(office_scope(user).read_prefixes, field))


def _get(queryset: QuerySet, pk):
    try:
        return queryset.get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def unit_get(*, user, pk) -> AdminUnit:
    """A unit the user may report on (404 otherwise)."""
    unit = _get(AdminUnit.objects.select_related("parent"), pk)
    if not can_read_program(user, unit):
        raise Http404
    return unit


# --- Plans and periods ------------------------------------------------------------------------

def plans_visible_to(user) -> QuerySet[Plan]:
    return _visible(Plan.objects.all(), user)


def plan_list(*, user) -> QuerySet[Plan]:
    return plans_visible_to(user).select_related("unit")


def periods_visible_to(user) -> QuerySet[ReportingPeriod]:
    return _visible(ReportingPeriod.objects.all(), user, "plan__unit")


def period_get(*, user, pk) -> ReportingPeriod:
    return _get(periods_visible_to(user).select_related("plan__unit", "closed_by"), pk)


def period_options(*, user, unit: AdminUnit | None) -> list[ReportingPeriod]:
    """Periods offered on UNIT's dashboard: those of plans at the unit, above it or before it
    (an old unit it came from) in either map, and national plans. One query."""
    periods = periods_visible_to(user).select_related("plan__unit").order_by("-plan__starts_on", "plan_id",
                                                                               "starts_on", "-ends_on")
    if unit is None:
        return list(periods.filter(plan__unit__isnull=True))
    current = unit.current_path
    return [
        p for p in periods
        if p.plan.unit is None or current.startswith(p.plan.unit.current_path) or p.plan.unit.current_path == current
    ]


# --- Departments and tasks ------------------------------------------------------------------------

def departments_visible_to(user) -> QuerySet[Department]:
    return _visible(Department.objects.all(), user)


def tasks_visible_to(user) -> QuerySet[DepartmentTask]:
    return _visible(DepartmentTask.objects.all(), user)


def task_get(*, user, pk) -> DepartmentTask:
    return _get(tasks_visible_to(user).select_related("lead", "unit"), pk)


def task_status_counts(*, user, unit: AdminUnit | None) -> list[tuple[str, int]]:
    """(status label, number of tasks) in the area, every status listed (one query)."""
    tasks = tasks_visible_to(user)
    if unit is not None:
        tasks = tasks.filter(Q(unit__path__startswith=unit.path) | Q(unit__current_path__startswith=unit.path)
                             | Q(unit__path=unit.current_path))
    counts = dict(tasks.values_list("status").annotate(n=Count("pk")).order_by())
    return [(str(label), counts.get(status, 0)) for status, label in TaskStatus.choices]


# --- Training and funding ---------------------------------------------------------------------------

def roster_visible_to(user) -> QuerySet[TrainingRosterEntry]:
    return _visible(TrainingRosterEntry.objects.all(), user)


def courses_visible_to(user) -> QuerySet[TrainingCourse]:
    return _visible(TrainingCourse.objects.all(), user)


def funding_visible_to(user) -> QuerySet[FundingLine]:
    return _visible(FundingLine.objects.all(), user)


def producer_support_list(*, user, year: int | None = None, supported_only: bool = True) -> QuerySet:
    """Producers in scope beside what they received and what they achieved: support allocated and
    disbursed, product ideas (all, accepted), products, certified products and best stars held.
    The figures are subqueries, so one query serves a page whatever its length."""
    from ocop.registry.models import Producer, Product

    lines = FundingLine.objects.filter(producer=OuterRef("pk"))
    if year:
        lines = lines.filter(year=year)
    producers = _visible(Producer.objects.all(), user).select_related("unit")
    if supported_only:
        producers = producers.filter(Exists(lines))
    producers = producers.annotate(
        support_allocated=_per_producer(lines, "producer", Sum("allocated")),
        support_disbursed=_per_producer(lines, "producer", Sum("disbursed")),
        products_count=_per_producer(Product.objects.filter(producer=OuterRef("pk")), "producer", Count("pk")),
    )
    if apps.is_installed(CYCLE_APP):
        from ocop.cycle.models import ProductIdea
        from ocop.cycle.workflow import IdeaStatus

        ideas = ProductIdea.objects.filter(producer=OuterRef("pk"))
        producers = producers.annotate(
            ideas_count=_per_producer(ideas, "producer", Count("pk")),
            ideas_accepted=_per_producer(ideas.filter(status=IdeaStatus.ACCEPTED), "producer", Count("pk")),
        )
    certificates = certificate_queryset()
    if certificates is not None:
        held = certificates.filter(product__producer=OuterRef("pk"), revoked_on__isnull=True)
        producers = producers.annotate(
            certified_products=_per_producer(held, "product__producer", Count("product", distinct=True)),
            best_stars=_per_producer(held, "product__producer", Max("stars")),
        )
    return producers.order_by("-support_disbursed", "name", "id")


def _per_producer(queryset: QuerySet, producer_field: str, aggregate):
    """A correlated subquery: AGGREGATE over QUERYSET's rows of the outer producer (0 if none)."""
    value = queryset.order_by().values(producer_field).annotate(v=aggregate).values("v")[:1]
    return Coalesce(Subquery(value), Value(0), output_field=DecimalField(max_digits=20, decimal_places=0))


# --- Report jobs ------------------------------------------------------------------------------------

def report_jobs_visible_to(user) -> QuerySet[ReportJob]:
    return _visible(ReportJob.objects.all(), user)


def report_job_get(*, user, pk) -> ReportJob:
    return _get(report_jobs_visible_to(user).select_related("unit", "requested_by"), pk)
