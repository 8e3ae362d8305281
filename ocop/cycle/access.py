"""Who may act on a producer's cycle records, built on ocop.accounts.scope.

Two ways in:
* office roles (commune officer, province office, …) through their unit scope — but never the
  PRODUCER role's unit: a producer's assignment names its commune, which must not let it read
  its neighbours' records;
* membership of the producer (registry.ProducerMember): the producer's own records.
"""

from django.db.models import Q

from ocop.accounts.models import Role
from ocop.accounts.scope import EMPTY_SCOPE, OFFICE_ROLES, READ_ONLY_ROLES, Scope, scope_for, unit_q
from ocop.registry.models import ProducerMember

_SUPERUSER_ROLES = frozenset(OFFICE_ROLES)


def _assignments(user) -> list[tuple[str, str | None]]:
    """(role, unit path) of the user's active assignments, read once per request."""
    cached = getattr(user, "_ocop_cycle_assignments", None)
    if cached is None:
        cached = list(user.roles.filter(is_active=True).values_list("role", "unit__path"))
        user._ocop_cycle_assignments = cached
    return cached


def office_scope(user) -> Scope:
    """The user's scope through office roles only (the producer role grants no unit scope)."""
    scope = scope_for(user)
    if Role.PRODUCER not in scope.roles or user.is_superuser:
        return scope
    others = scope.roles - {Role.PRODUCER}
    if not others:
        return EMPTY_SCOPE
    read = tuple(sorted({path or "" for role, path in _assignments(user) if role in others}))
    write = tuple(sorted({path or "" for role, path in _assignments(user) if role in others - READ_ONLY_ROLES}))
    return Scope(read, write, frozenset(others))


def _covers(prefix: str | None, role: str, unit) -> bool:
    if not prefix:
        return role in {Role.NATIONAL_OFFICE, Role.AUDITOR}
    return unit.path.startswith(prefix) or unit.current_path.startswith(prefix)


def is_member(user, producer) -> bool:
    if not user.is_authenticated:
        return False
    cache = user.__dict__.setdefault("_ocop_member_of", {})
    if producer.pk not in cache:
        cache[producer.pk] = ProducerMember.objects.filter(user=user, producer=producer).exists()
    return cache[producer.pk]


def acting_roles(user, producer) -> frozenset[str]:
    """The roles USER may act in over PRODUCER's records (read-only roles excluded)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return frozenset()
    roles = set()
    if user.is_superuser:
        roles |= _SUPERUSER_ROLES
    else:
        for role, path in _assignments(user):
            if role != Role.PRODUCER and role not in READ_ONLY_ROLES and _covers(path, role, producer.unit):
                roles.add(role)
    if is_member(user, producer):
        roles.add(Role.PRODUCER)
    return frozenset(roles)


def can_read_producer(user, producer) -> bool:
    if not user.is_authenticated:
        return False
    scope = office_scope(user)
    return scope.can_read_path(producer.unit.path, producer.unit.current_path) or is_member(user, producer)


def visible_q(user, producer_field: str) -> Q:
    """Records (whose producer is at PRODUCER_FIELD) that USER may read."""
    if not user.is_authenticated:
        return Q(pk__in=[])
    unit_field = f"{producer_field}__unit" if producer_field else "unit"
    own = ProducerMember.objects.filter(user=user).values("producer_id")
    by_member = Q(**{f"{producer_field}__in" if producer_field else "pk__in": own})
    prefixes = office_scope(user).read_prefixes
    if "" in prefixes:
        return Q()  # the whole country (note: Q() | x would narrow to x)
    if not prefixes:
        return by_member
    return unit_q(prefixes, unit_field) | by_member
