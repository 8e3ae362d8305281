"""Who may act on a producer's records: its office roles (ocop.accounts.policy) and membership of the
producer (registry.ProducerMember), which opens the producer's own records in the portal. The access
policy is one: this module only adds the membership that accounts, below registry, cannot read."""

from django.db.models import Q

from ocop.accounts.models import Role
from ocop.accounts.policy import office_roles_over, signed_in
from ocop.accounts.scope import can_read_unit, scope_for, unit_in
from ocop.registry.models import ProducerMember

# --- Producers -----------------------------------------------------------------------------------

def is_member(user, producer_id: int) -> bool:
    """Is USER a portal account of the producer (registry.ProducerMember)?"""
    if not signed_in(user) or not producer_id:
        return False
    cache = user.__dict__.setdefault("_ocop_member_of", {})
    if producer_id not in cache:
        cache[producer_id] = ProducerMember.objects.filter(user=user, producer_id=producer_id).exists()
    return cache[producer_id]


def member_producers(user):
    """A subquery of the ids of USER's producers."""
    return ProducerMember.objects.filter(user=user).values("producer_id")


def producer_roles(user, producer) -> frozenset[str]:
    """The roles USER may act in over PRODUCER's records (read-only roles excluded)."""
    if not signed_in(user):
        return frozenset()
    roles = set(office_roles_over(user, producer.unit))
    if is_member(user, producer.pk):
        roles.add(Role.PRODUCER)
    return frozenset(roles)


def can_read_producer(user, producer) -> bool:
    if not signed_in(user):
        return False
    return can_read_unit(user, producer.unit) or is_member(user, producer.pk)


def producer_records_q(user, producer_field: str) -> Q:
    """Records (whose producer is at PRODUCER_FIELD, "" for Producer itself) that USER may read."""
    if not signed_in(user):
        return Q(pk__in=[])
    unit_field = f"{producer_field}__unit" if producer_field else "unit"
    prefixes = scope_for(user).read_prefixes
    if "" in prefixes:
        return Q()  # the whole country (note: Q() | x would narrow to x)
    by_member = Q(**{f"{producer_field}__in" if producer_field else "pk__in": member_producers(user)})
    if not prefixes:
        return by_member
    return unit_in(prefixes, unit_field) | by_member  # a semi-join: no join inside the OR
