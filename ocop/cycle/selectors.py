"""Reads of the cycle, always through the user's scope (ocop.registry.policy.producer_records_q).

*_get raise Http404 outside the scope, exactly as for a missing row.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, cast

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Count, F, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from ocop.accounts.policy import office_scope
from ocop.accounts.scope import unit_q
from ocop.cycle.funnel import STAGES, FunnelRow, total
from ocop.cycle.models import (
    BusinessPlan,
    Cycle,
    Implementation,
    ProducerVerification,
    ProductIdea,
    PublicityActivity,
)
from ocop.cycle.workflow import IDEA, PLAN, SENT, IdeaStatus, ImplementationStatus
from ocop.lib.text import fold
from ocop.registry.models import Producer, Product
from ocop.registry.policy import producer_records_q
from ocop.territory.models import AdminUnit


def _get(queryset: QuerySet, pk):
    try:
        return queryset.get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


# --- Producers as the portal sees them --------------------------------------------------------

def producers_for_user(user, *, q: str | None = None) -> QuerySet[Producer]:
    """Producers the user may open in the portal: its own, and those in its office scope, with
    `verification_status` (None: entered by an office, so verified)."""
    queryset = Producer.objects.filter(producer_records_q(user, "")).select_related("unit__parent").annotate(
        verification_status=F("verification__status")
    )
    for word in fold(q).split():
        queryset = queryset.filter(search_text__contains=word)
    return queryset.order_by("name", "id")


def producer_for_user(user, pk) -> Producer:
    return _get(producers_for_user(user), pk)


def verification_status(producer: Producer) -> str | None:
    """The producer's self-registration status; None when an office entered it (verified)."""
    try:
        return producer.verification.status
    except ProducerVerification.DoesNotExist:
        return None


def verifications_visible_to(user) -> QuerySet[ProducerVerification]:
    return ProducerVerification.objects.filter(producer_records_q(user, "producer")).select_related("producer__unit")


# --- Ideas, plans, implementations --------------------------------------------------------------

def ideas_visible_to(user) -> QuerySet[ProductIdea]:
    return ProductIdea.objects.filter(producer_records_q(user, "producer"))


def idea_list(*, user, producer=None, year: int | None = None, status: str | None = None) -> QuerySet[ProductIdea]:
    queryset = ideas_visible_to(user).select_related("producer__unit")
    if producer is not None:
        queryset = queryset.filter(producer=producer)
    if year:
        queryset = queryset.filter(year=year)
    if status:
        queryset = queryset.filter(status=status)
    return queryset.order_by("-year", "-id")


def idea_get(*, user, pk) -> ProductIdea:
    return _get(idea_list(user=user), pk)


def plans_visible_to(user) -> QuerySet[BusinessPlan]:
    return BusinessPlan.objects.filter(producer_records_q(user, "idea__producer"))


def plan_list(*, user, producer=None, idea=None) -> QuerySet[BusinessPlan]:
    queryset = plans_visible_to(user).select_related("idea__producer__unit", "implementation")
    if producer is not None:
        queryset = queryset.filter(idea__producer=producer)
    if idea is not None:
        queryset = queryset.filter(idea=idea)
    return queryset.order_by("-id")


def plan_get(*, user, pk) -> BusinessPlan:
    return _get(plan_list(user=user), pk)


def implementations_visible_to(user) -> QuerySet[Implementation]:
    return Implementation.objects.filter(producer_records_q(user, "plan__idea__producer"))


def implementation_list(*, user, producer=None) -> QuerySet[Implementation]:
    queryset = implementations_visible_to(user).select_related("plan__idea__producer__unit")
    if producer is not None:
        queryset = queryset.filter(plan__idea__producer=producer)
    return queryset.order_by("-started_on", "-id")


def implementation_get(*, user, pk) -> Implementation:
    return _get(implementation_list(user=user).prefetch_related("milestones", "supports"), pk)


# --- Cycles and publicity (office records, scoped by their own unit) ---------------------------

def cycles_visible_to(user) -> QuerySet[Cycle]:
    return Cycle.objects.filter(unit_q(office_scope(user).read_prefixes, "unit"))


def publicity_visible_to(user) -> QuerySet[PublicityActivity]:
    return PublicityActivity.objects.filter(unit_q(office_scope(user).read_prefixes, "unit"))


# --- The funnel ---------------------------------------------------------------------------------

@dataclass
class Funnel:
    year: int
    unit: AdminUnit | None
    rows: list[FunnelRow]
    total: FunnelRow
    rated_available: bool
    stages: tuple[str, ...] = STAGES


def _rated_count():
    """Step 5 of the cohort: ideas whose product (ProductIdea.product) has a finalized rating
    result (rating.RatingResult, related_name "ratings" on Product). Counted in the same single
    query; None (shown as "not yet available") when the rating app is not installed."""
    try:
        ratings = Product._meta.get_field("ratings")
        ratings.related_model._meta.get_field("finalized_at")
    except FieldDoesNotExist:
        return None
    return Count("pk", filter=Q(product__ratings__finalized_at__isnull=False), distinct=True)


def funnel(*, user, year: int, unit: AdminUnit | None = None) -> Funnel:
    """The year's ideas → accepted → with a plan → implemented (completed) → product rated, by
    commune, in the user's scope. Counts are of ideas (a cohort), so each stage is at most the
    one before. Two queries whatever the number of communes: the grouped counts, then the
    communes' names (when UNIT is given, its communes with no idea are listed too, with zeros)."""
    ideas = ideas_visible_to(user).filter(year=year, status__in=SENT[IDEA])
    if unit is not None:
        ideas = ideas.filter(unit_q((unit.path,), "producer__unit"))
    counts = {
        "ideas": Count("pk", distinct=True),
        "accepted": Count("pk", filter=Q(status=IdeaStatus.ACCEPTED), distinct=True),
        "plans": Count("pk", filter=Q(plans__status__in=SENT[PLAN]), distinct=True),
        "implemented": Count(
            "pk", filter=Q(plans__implementation__status=ImplementationStatus.COMPLETED), distinct=True
        ),
    }
    if rated := _rated_count():
        counts["rated"] = rated
    # Aliased: an annotation named "plans" would shadow the relation of the same name.
    # Annotation names built at run time: plain dicts for the type checker.
    grouped = cast(Iterable[dict[str, Any]], ideas.values("producer__unit").annotate(
        **{f"n_{k}": v for k, v in counts.items()}).order_by())
    by_unit = {row["producer__unit"]: {stage: row[f"n_{stage}"] for stage in counts} for row in grouped}
    unit_ids = set(by_unit)
    units = AdminUnit.objects.filter(pk__in=unit_ids)
    if unit is not None:
        units = AdminUnit.objects.filter(Q(pk__in=unit_ids) | Q(
            path__startswith=unit.path, level=AdminUnit.Level.COMMUNE, generation=AdminUnit.Generation.CURRENT
        ))
    rows = [
        FunnelRow(u.pk, u.full_name, {stage: by_unit.get(u.pk, {}).get(stage, 0) for stage in STAGES})
        for u in units.only("id", "name", "kind", "path").order_by("path")
    ]
    return Funnel(year, unit, rows, total(rows, _("Tổng cộng")), rated_available=rated is not None)
