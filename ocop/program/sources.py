"""Where the indicators' numbers come from: one grouped query per source, shared by every formula
of an evaluation (Query.memo). Each function returns {part path: {name: number}}.

Sources in other apps are optional. Certificates come from ocop.certificates and council results
from ocop.rating (docs/rating-contract.md names the fields used here), ideas and cycles from
ocop.cycle. When such an app is not installed its functions return {}: no rating data yet.

Certificates (ocop.certificates.Certificate): ``product`` (its unit places the certificate on
the map), ``stars`` (3–5), ``issued_on``, ``valid_until``, ``revoked_on``, and
``decision.issuer_level`` ("district", "province", "central": the level that recognised it).
Council results (ocop.rating.RatingResult): ``product``, ``level``, ``potential_5_star``,
``meeting_on`` / ``finalized_at`` / ``year``, ``is_historical``.
"""

from datetime import date
from decimal import Decimal

from django.apps import apps
from django.db.models import BooleanField, Case, Count, DecimalField, F, Q, QuerySet, Sum, Value, When
from django.db.models.functions import Coalesce, TruncDate

from ocop.program.areas import Query

RATING_APP, CERTIFICATES_APP, CYCLE_APP = "ocop.rating", "ocop.certificates", "ocop.cycle"


def certificate_queryset() -> QuerySet | None:
    """All OCOP certificates; None when ocop.certificates is not installed (no rating data yet)."""
    if not apps.is_installed(CERTIFICATES_APP):
        return None
    return apps.get_model("certificates", "Certificate").objects.all()


def result_queryset() -> QuerySet | None:
    """Final council results; None when ocop.rating is not installed (no rating data yet)."""
    if not apps.is_installed(RATING_APP):
        return None
    results = apps.get_model("rating", "RatingResult").objects.all()
    return results.filter(Q(finalized_at__isnull=False) | Q(is_historical=True))


def _status_at(day: date):
    """The certificate status on DAY as SQL, as ocop.certificates defines it."""
    from ocop.certificates.status import status_expression

    return status_expression(today=day)


def _in_force_status() -> Q:
    """The annotated status (_status_at) is one of a certificate in force."""
    from ocop.certificates.status import IN_FORCE

    return Q(_status__in=[status.value for status in IN_FORCE])


def _expired_between(start: date, end: date) -> Q:
    """Expired in the period, the Art. 12.3 extension included, as ocop.certificates defines it."""
    from ocop.certificates.status import last_valid_day_between_q

    return last_valid_day_between_q(start, end)


def certificate_counts(q: Query) -> dict[str, dict]:
    """Products recognised in the period (by stars and by the level that recognised them); products
    holding a certificate still valid at the period's end; certificates expiring soon after it,
    expired in it, revoked in it. A product counts once per line whatever its decisions."""

    def compute():
        certificates = certificate_queryset()
        if certificates is None:
            return {}
        if not q.live and tallies_current():
            return certificate_tally_counts(q)
        start, end = q.period.starts_on, q.period.ends_on
        issued = Q(issued_on__gte=start, issued_on__lte=end)
        in_force = _in_force_status()

        def products(condition):
            return Count("product", filter=condition, distinct=True)

        certificates = certificates.filter(issued_on__lte=end).annotate(_status=_status_at(end))
        return q.grouped(
            certificates, "product__unit",
            rated_3plus=products(issued),
            rated_3=products(issued & Q(stars=3)),
            rated_4=products(issued & Q(stars=4)),
            rated_5=products(issued & Q(stars=5)),
            rated_5_national=products(issued & Q(stars=5, decision__issuer_level="central")),
            by_district=products(issued & Q(decision__issuer_level="district")),
            by_province=products(issued & Q(decision__issuer_level="province")),
            by_central=products(issued & Q(decision__issuer_level="central")),
            valid_end=products(in_force),
            expiring_end=Count("pk", filter=Q(_status="expiring")),
            expired=Count("pk", filter=_expired_between(start, end)),
            revoked=Count("pk", filter=Q(revoked_on__gte=start, revoked_on__lte=end)),
        )

    return q.remember("certificates", compute)


def tallies_current() -> bool:
    """The certificate tallies hold every certificate: none was written around the services since
    they were last refreshed (ocop.certificates.tally; one indexed query)."""
    return not certificate_queryset().filter(standing_applied=False).exists()


def certificate_tally_counts(q: Query) -> dict[str, dict]:
    """certificate_counts from the certificate tallies (ocop.certificates.models.CertificateTally):
    the same figures, summing a few rows per commune. A product counts once per line through the
    tally's earlier-issue and covered-until dates (see the model)."""
    from ocop.certificates.models import CertificateTally

    start, end = q.period.starts_on, q.period.ends_on
    issued = Q(issued_on__gte=start, issued_on__lte=end)

    def first(column):  # the product's first certificate of the line issued in the period
        return issued & (Q(**{f"{column}__isnull": True}) | Q(**{f"{column}__lt": start}))

    def total(condition):
        return Coalesce(Sum("n", filter=condition), 0)

    tallies = CertificateTally.objects.filter(issued_on__lte=end).annotate(_status=_status_at(end))
    return q.grouped(
        tallies, "unit",
        rated_3plus=total(first("earlier_any")),
        rated_3=total(Q(stars=3) & first("earlier_stars")),
        rated_4=total(Q(stars=4) & first("earlier_stars")),
        rated_5=total(Q(stars=5) & first("earlier_stars")),
        rated_5_national=total(Q(stars=5, level="central") & first("earlier_both")),
        by_district=total(Q(level="district") & first("earlier_level")),
        by_province=total(Q(level="province") & first("earlier_level")),
        by_central=total(Q(level="central") & first("earlier_level")),
        valid_end=total(_in_force_status()
                        & (Q(covered_until__isnull=True) | Q(covered_until__lt=end))),
        expiring_end=total(Q(_status="expiring")),
        expired=total(_expired_between(start, end)),
        revoked=total(Q(revoked_on__gte=start, revoked_on__lte=end)),
    )


def rated_on_q(period) -> Q:
    """Council results dated by the rating itself: the council's meeting day; else, for a result
    recorded later from the archives (``is_historical``, known only by its year), the last day of
    its rating year; else the day the council's result was finalised. A historical 2020 result
    typed in during 2026 counts in 2020, not in 2026."""
    start, end = period.starts_on, period.ends_on
    closed_years = [year for year in period.years if start <= date(year, 12, 31) <= end]
    return (
        Q(meeting_on__gte=start, meeting_on__lte=end)
        | Q(meeting_on__isnull=True, is_historical=True, year__in=closed_years)
        | Q(meeting_on__isnull=True, is_historical=False, _finalized_on__gte=start, _finalized_on__lte=end)
    )


def potential_5star_counts(q: Query) -> dict[str, dict]:
    """Products a province council found potential 5★ (5★ at province level), dated by the rating
    (rated_on_q), not by the day the result was entered."""

    def compute():
        results = result_queryset()
        if results is None:
            return {}
        results = results.filter(level="province", potential_5_star=True).annotate(
            _finalized_on=TruncDate("finalized_at"))
        return q.grouped(results.filter(rated_on_q(q.period)), "product__unit",
                         products=Count("product", distinct=True))

    return q.remember("potential_5star", compute)


def producer_counts(q: Query) -> dict[str, dict]:
    """New economic organisations: producers whose joined-OCOP date falls in the period."""
    from ocop.registry.models import Producer

    def compute():
        joined = Q(joined_ocop_on__gte=q.period.starts_on, joined_ocop_on__lte=q.period.ends_on)
        return q.grouped(Producer.objects.filter(joined), "unit", joined=Count("pk"))

    return q.remember("producers", compute)


def idea_counts(q: Query) -> dict[str, dict]:
    """Product ideas of the period's years: accepted ("supported" by the cycle) and all sent."""
    if not apps.is_installed(CYCLE_APP):
        return {}
    from ocop.cycle.models import ProductIdea
    from ocop.cycle.workflow import IDEA, SENT, IdeaStatus

    def compute():
        ideas = ProductIdea.objects.filter(year__in=q.period.years)
        return q.grouped(
            ideas, "producer__unit",
            supported=Count("pk", filter=Q(status=IdeaStatus.ACCEPTED)),
            sent=Count("pk", filter=Q(status__in=SENT[IDEA])),
        )

    return q.remember("ideas", compute)


def cycle_years(q: Query) -> dict[str, int]:
    """Distinct years of the period in which an annual cycle was opened at each part's own unit
    (a commune's cycle does not count for its district), by part."""
    if not apps.is_installed(CYCLE_APP):
        return {}
    from ocop.cycle.models import Cycle

    def compute():
        cycles = q.scoped(Cycle.objects.filter(year__in=q.period.years), "unit").filter(_key=F("_part"))
        rows = cycles.values("_part").annotate(years=Count("year", distinct=True)).order_by()
        return {row["_part"]: row["years"] for row in rows}

    return q.remember("cycles", compute)


def training_counts(q: Query) -> dict[str, dict]:
    """The roster in post during the period, and those who attended a session in it, by group."""
    from ocop.program.models import HOUSEHOLDS, LEADERS, OFFICIALS, TrainingAttendance, TrainingRosterEntry

    groups = {category: name for name, group in (("officials", OFFICIALS), ("leaders", LEADERS),
                                                  ("households", HOUSEHOLDS)) for category in group}

    def compute():
        start, end = q.period.starts_on, q.period.ends_on
        roster = TrainingRosterEntry.objects.filter(Q(listed_on__lte=end), Q(removed_on__isnull=True)
                                                    | Q(removed_on__gte=start))
        # One uncorrelated subquery, evaluated once (PostgreSQL hashes it), grouped by category and
        # attendance, then folded into groups here: not a correlated EXISTS per roster row and group.
        attended = TrainingAttendance.objects.filter(
            present=True, session__date__gte=start, session__date__lte=end, participant__roster_entry__isnull=False
        ).values("participant__roster_entry")
        trained = Case(When(pk__in=attended, then=Value(True)), default=Value(False), output_field=BooleanField())
        rows = q.rows(roster.annotate(_trained=trained), "unit", ("category", "_trained"), n=Count("pk"))
        counts: dict[str, dict] = {}
        for row in rows:
            part = counts.setdefault(row["_part"], {f"{name}_{what}": 0 for name in ("officials", "leaders", "households")
                                                    for what in ("listed", "trained")})
            name = groups.get(row["category"])
            if name is None:
                continue
            part[f"{name}_listed"] += row["n"]
            if row["_trained"]:
                part[f"{name}_trained"] += row["n"]
        return counts

    return q.remember("training", compute)


def funding_sums(q: Query) -> dict[str, dict]:
    """Planned, allocated and disbursed VND over the period's years; the same by source family
    (``*_state``: the state budget at every level, ``*_other``: every other source), so a rate
    divides amounts of one family only; and disbursed by source."""
    from ocop.program.models import FundingLine, FundingSource
    from ocop.program.models.funding import STATE_SOURCES

    def compute():
        lines = FundingLine.objects.filter(year__in=q.period.years)
        zero = Value(Decimal(0), output_field=DecimalField(max_digits=20, decimal_places=0))
        state = Q(source__in=sorted(STATE_SOURCES))
        aggregates = {}
        for name in ("planned", "allocated", "disbursed"):
            aggregates[f"sum_{name}"] = Coalesce(Sum(name), zero)
            aggregates[f"{name}_state"] = Coalesce(Sum(name, filter=state), zero)
            aggregates[f"{name}_other"] = Coalesce(Sum(name, filter=~state), zero)
        for source in FundingSource.values:
            aggregates[f"disbursed_{source}"] = Coalesce(Sum("disbursed", filter=Q(source=source)), zero)
        return q.grouped(lines, "unit", **aggregates)

    return q.remember("funding", compute)


def overdue_as_of(period, today: date) -> date:
    """The day on which a dashboard judges tasks overdue: the period's end, or today if sooner."""
    return min(period.ends_on, today)


def overdue_tasks(q: Query, today: date) -> QuerySet:
    """The area's tasks overdue on overdue_as_of (ocop.program.workflow.overdue_q): the dashboard's
    list and task_counts' ``overdue`` are both this, so the count and the list cannot disagree."""
    from ocop.program.models import DepartmentTask
    from ocop.program.workflow import overdue_q

    tasks = DepartmentTask.objects.filter(overdue_q(overdue_as_of(q.period, today)))
    return q.scoped(tasks, "unit").order_by("deadline", "id")


def task_counts(q: Query, today: date) -> dict[str, dict]:
    """Department tasks due in the period (not cancelled) and those done by their deadline; and the
    tasks overdue on overdue_as_of whatever period their deadline fell in (a task left open from an
    earlier year is still overdue)."""
    from ocop.program.models import DepartmentTask
    from ocop.program.workflow import TaskStatus, overdue_q

    def compute():
        in_period = Q(deadline__gte=q.period.starts_on, deadline__lte=q.period.ends_on)
        overdue = overdue_q(overdue_as_of(q.period, today))
        tasks = DepartmentTask.objects.exclude(status=TaskStatus.CANCELLED).filter(in_period | overdue)
        return q.grouped(
            tasks, "unit",
            due=Count("pk", filter=in_period),
            on_time=Count("pk", filter=in_period & Q(status=TaskStatus.DONE, completed_on__lte=F("deadline"))),
            overdue=Count("pk", filter=overdue),
        )

    return q.remember(("tasks", today), compute)
