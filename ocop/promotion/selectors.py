"""Reads of trade promotion: scoped lists for the back office, public "where to buy" and upcoming
events for the catalog, and the indicators for the program dashboard.

promotion_indicators(*, unit, year, user=None) is the interface for ocop.program: a fixed number
of grouped queries whatever the number of events, participants, contacts and orders.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, QuerySet, Sum

from ocop.accounts.scope import unit_q, visible_to
from ocop.promotion.models import BuyerContact, EcommerceLink, Event, FollowUpOrder, Participation, SalesPoint
from ocop.promotion.returns import Return, promotion_return, total_return

# --- Scoped lists (back office, API) -----------------------------------------------------------

def events_visible_to(user) -> QuerySet[Event]:
    return visible_to(Event.objects.select_related("unit"), user, "unit")


def participations_visible_to(user) -> QuerySet[Participation]:
    return visible_to(Participation.objects.select_related("event__unit", "producer"), user, "event__unit")


def sales_points_visible_to(user) -> QuerySet[SalesPoint]:
    return visible_to(SalesPoint.objects.select_related("unit__parent"), user, "unit")


def ecommerce_links_visible_to(user) -> QuerySet[EcommerceLink]:
    return visible_to(EcommerceLink.objects.select_related("product__unit"), user, "product__unit")


# --- Public reads (the catalog decides which products are public) --------------------------------

def upcoming_events(*, today: date, limit: int = 5) -> list[Event]:
    """Public events that have not ended yet, soonest first."""
    events = Event.objects.filter(is_public=True, ends_on__gte=today).select_related("unit")
    return list(events.order_by("starts_on", "id")[:limit])


def sales_points_for(product_ids) -> dict[int, list[SalesPoint]]:
    """Active sales points carrying each of PRODUCT_IDS (one query)."""
    found: dict[int, list[SalesPoint]] = {}
    through = SalesPoint.products.through.objects.filter(
        product_id__in=list(product_ids), salespoint__is_active=True
    ).select_related("salespoint__unit__parent").order_by("salespoint__name", "salespoint_id")
    for row in through:
        found.setdefault(row.product_id, []).append(row.salespoint)
    return found


def ecommerce_links_for(product_ids) -> dict[int, list[EcommerceLink]]:
    """Active e-commerce listings of each of PRODUCT_IDS (one query)."""
    found: dict[int, list[EcommerceLink]] = {}
    for link in EcommerceLink.objects.filter(product_id__in=list(product_ids), is_active=True).order_by(
        "platform", "id"
    ):
        found.setdefault(link.product_id, []).append(link)
    return found


# --- Indicators -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class EventFigures:
    event: Event
    participants: int = 0
    products: int = 0
    contacts: int = 0
    orders: int = 0
    result: Return = field(default_factory=promotion_return)


@dataclass(frozen=True)
class PromotionIndicators:
    """Trade promotion of an area (unit, or None for the country) in a year."""

    unit: object
    year: int
    events: list[EventFigures]
    producers: int  # distinct producers that took part in at least one event

    @property
    def event_count(self) -> int:
        return len(self.events)

    @property
    def participations(self) -> int:
        return sum(e.participants for e in self.events)

    @property
    def contacts(self) -> int:
        return sum(e.contacts for e in self.events)

    @property
    def orders(self) -> int:
        return sum(e.orders for e in self.events)

    @property
    def result(self) -> Return:
        return total_return(e.result for e in self.events)


def _by_event(queryset, event_field: str, **aggregates) -> dict[int, dict]:
    rows = queryset.values(event_field).annotate(**aggregates).order_by()
    return {row[event_field]: row for row in rows}


def promotion_indicators(*, unit, year: int, user=None) -> PromotionIndicators:
    """Events starting in YEAR recorded under UNIT (None: everywhere; a current or old unit), within
    USER's scope when given: participants, products shown, buyer contacts, follow-up orders, and
    the return (sales + follow-up orders against the producers' and the state's costs)."""
    events = Event.objects.filter(starts_on__year=year).select_related("unit")
    if unit is not None:
        events = events.filter(unit_q((unit.path,)))
    if user is not None:
        events = visible_to(events, user, "unit")
    event_list = list(events.order_by("starts_on", "id"))
    ids = [e.pk for e in event_list]
    participations = Participation.objects.filter(event_id__in=ids)
    people = _by_event(participations, "event_id", n=Count("pk"), cost=Sum("cost"), sales=Sum("sales"))
    shown = _by_event(
        Participation.products.through.objects.filter(participation__event_id__in=ids),
        "participation__event_id", n=Count("product_id", distinct=True),
    )
    contacts = _by_event(BuyerContact.objects.filter(participation__event_id__in=ids), "participation__event_id",
                         n=Count("pk"))
    orders = _by_event(FollowUpOrder.objects.filter(participation__event_id__in=ids), "participation__event_id",
                       n=Count("pk"), amount=Sum("amount"))
    figures = []
    for event in event_list:
        p, o = people.get(event.pk, {}), orders.get(event.pk, {})
        figures.append(EventFigures(
            event=event,
            participants=p.get("n", 0),
            products=shown.get(event.pk, {}).get("n", 0),
            contacts=contacts.get(event.pk, {}).get("n", 0),
            orders=o.get("n", 0),
            result=promotion_return(sales=p.get("sales"), follow_up=o.get("amount"),
                                    cost=(p.get("cost") or 0) + event.organising_cost),
        ))
    producers = participations.values("producer_id").distinct().count() if ids else 0
    return PromotionIndicators(unit=unit, year=year, events=figures, producers=producers)
