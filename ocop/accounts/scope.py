"""The one definition of who sees and changes what, by administrative unit.

A role assignment covers its unit and everything below it. A record's unit may belong to
either map generation: a record filed at an old commune is covered by the officer of the
current commune (or province) that succeeded it, through AdminUnit.current_path.

Out-of-scope reads must look like missing records (404); in-scope records that the user may
only read give 403 on writes.

This module is the only code that reads role assignments (accounts.RoleAssignment): one Scope
per user and request, cached on the user object. Questions about producers, dossiers, councils
and the programme are answered from it in ocop.accounts.policy; role sets are named in
ocop.accounts.roles.
"""

from dataclasses import dataclass

from django.db.models import Q

from ocop.accounts.models import Role
from ocop.accounts.roles import (
    NATIONAL_ONLY,
    NATIONAL_ROLES,
    OFFICE_ROLES,
    READ_ONLY_ROLES,
    SUPERUSER_ROLES,
    WRITING_OFFICES,
)

# Re-exported for callers that name a role set together with the scope.
__all__ = [
    "NATIONAL_ROLES", "OFFICE_ROLES", "READ_ONLY_ROLES", "WRITING_OFFICES", "Scope", "scope_for", "unit_q",
    "visible_to", "writable_by", "can_write_unit", "covers",
]


def covers(prefix: str, unit) -> bool:
    """Does a grant at PREFIX ("" = the whole country) cover UNIT (None = national records)?"""
    if unit is None:
        return prefix == ""
    return unit.path.startswith(prefix) or unit.current_path.startswith(prefix)


@dataclass(frozen=True)
class Scope:
    """What a user may read and write, as unit-path prefixes ("" means the whole country).

    grants are the (role, prefix) pairs of the user's valid office assignments; the producer role
    is in roles but grants no unit (a producer reaches its own records through ProducerMember)."""

    read_prefixes: tuple[str, ...]
    write_prefixes: tuple[str, ...]
    roles: frozenset[str]
    grants: tuple[tuple[str, str], ...] = ()
    departments: frozenset[int] = frozenset()
    is_superuser: bool = False

    @property
    def is_empty(self) -> bool:
        return not self.read_prefixes

    @property
    def is_national(self) -> bool:
        return "" in self.read_prefixes

    @property
    def office_roles(self) -> frozenset[str]:
        """The roles held, without the producer role (which grants no unit)."""
        return self.roles - {Role.PRODUCER}

    def can_read_path(self, path: str, current_path: str) -> bool:
        return _covers(self.read_prefixes, path, current_path)

    def can_write_path(self, path: str, current_path: str) -> bool:
        return _covers(self.write_prefixes, path, current_path)

    def roles_over(self, unit) -> frozenset[str]:
        """Every role (read-only ones included) whose unit covers UNIT (None: national records)."""
        if self.is_superuser:
            return SUPERUSER_ROLES
        return frozenset(role for role, prefix in self.grants if covers(prefix, unit))

    def acting_roles_over(self, unit) -> frozenset[str]:
        """Roles the user acts in over UNIT: read-only roles excluded, and the council secretary too
        (a secretary acts through a seat on the council, never through a unit)."""
        return self.roles_over(unit) - READ_ONLY_ROLES - {Role.COUNCIL_SECRETARY}

    def prefixes_of(self, roles) -> tuple[str, ...]:
        """Prefixes of the grants of ROLES only."""
        if self.is_superuser:
            return ("",)
        return _minimal({prefix for role, prefix in self.grants if role in roles})


def _covers(prefixes: tuple[str, ...], path: str, current_path: str) -> bool:
    return any(path.startswith(p) or current_path.startswith(p) for p in prefixes)


EMPTY_SCOPE = Scope((), (), frozenset())
SUPERUSER_SCOPE = Scope(
    ("",), ("",), frozenset(SUPERUSER_ROLES), tuple(("", r) for r in sorted(SUPERUSER_ROLES)), is_superuser=True
)


def grant_prefix(role: str, path: str | None) -> str | None:
    """The prefix an assignment grants, or None when it grants no unit: the producer role (its
    records come through membership), a unit-bound national office, a unit-less local role.
    The last two are also refused by database constraints; this keeps old rows harmless."""
    if role == Role.PRODUCER:
        return None
    if role in NATIONAL_ONLY:
        return "" if not path else None
    if not path:
        return "" if role in NATIONAL_ROLES else None
    return path


def scope_from_rows(rows, departments=()) -> Scope:
    """A Scope from (role, unit path) rows (pure: the rows come from scope_for or a test)."""
    read, write, roles, grants = set(), set(), set(), set()
    for role, path in rows:
        if role == Role.PRODUCER:
            roles.add(role)
            continue
        prefix = grant_prefix(role, path)
        if prefix is None:
            continue
        roles.add(role)
        grants.add((role, prefix))
        read.add(prefix)
        if role not in READ_ONLY_ROLES:
            write.add(prefix)
    return Scope(_minimal(read), _minimal(write), frozenset(roles), tuple(sorted(grants)), frozenset(departments))


def _assignment_rows(user) -> list[tuple[str, str | None, int | None]]:
    """(role, unit path, department id) of USER's active assignments: the one read of them."""
    return list(user.roles.filter(is_active=True).values_list("role", "unit__path", "department_id"))


def scope_for(user) -> Scope:
    """The user's scope, computed once per request (cached on the user object)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return EMPTY_SCOPE
    cached = getattr(user, "_ocop_scope", None)
    if cached is not None:
        return cached
    if user.is_superuser:
        scope = SUPERUSER_SCOPE
    else:
        rows = _assignment_rows(user)
        departments = {d for role, _p, d in rows if role == Role.DEPARTMENT_OFFICER and d}
        scope = scope_from_rows([(r, p) for r, p, _d in rows], departments)
    user._ocop_scope = scope
    return scope


def _minimal(prefixes: set[str]) -> tuple[str, ...]:
    """Drop prefixes already covered by a shorter one (keeps the SQL small)."""
    kept = []
    for p in sorted(prefixes, key=len):
        if not any(p.startswith(k) for k in kept):
            kept.append(p)
    return tuple(kept)


def unit_q(prefixes: tuple[str, ...], field: str = "unit") -> Q:
    """A filter matching records whose unit (at FIELD) falls under any prefix."""
    if "" in prefixes:
        return Q()
    if not prefixes:
        return Q(pk__in=[])
    q = Q()
    for p in prefixes:
        q |= Q(**{f"{field}__path__startswith": p}) | Q(**{f"{field}__current_path__startswith": p})
    return q


def unit_in(prefixes: tuple[str, ...], field: str = "unit") -> Q:
    """The same records as unit_q, as ``FIELD IN (the units under any prefix)``: a semi-join on the
    record's own unit column, not a join to every record's unit. Use it where the scope is one
    branch of an OR (the join there made PostgreSQL read every record: back-office badges)."""
    from ocop.territory.models import AdminUnit

    if "" in prefixes:
        return Q()
    if not prefixes:
        return Q(pk__in=[])
    return Q(**{f"{field}__in": AdminUnit.objects.filter(path_q(prefixes)).values("pk")})


def path_q(prefixes: tuple[str, ...]) -> Q:
    """A filter on AdminUnit itself: the units under any prefix."""
    if "" in prefixes:
        return Q()
    q = Q(pk__in=[])
    for p in prefixes:
        q |= Q(path__startswith=p) | Q(current_path__startswith=p)
    return q


def visible_to(queryset, user, field: str = "unit"):
    """Filter QUERYSET to the records USER may read (by the unit at FIELD)."""
    return queryset.filter(unit_q(scope_for(user).read_prefixes, field))


def writable_by(queryset, user, field: str = "unit"):
    return queryset.filter(unit_q(scope_for(user).write_prefixes, field))


def can_read_unit(user, unit) -> bool:
    scope = scope_for(user)
    if unit is None:
        return scope.is_national
    return scope.can_read_path(unit.path, unit.current_path)


def can_write_unit(user, unit, roles=None) -> bool:
    """May USER write records of UNIT (None: national records), through a grant of one of ROLES
    that covers the unit (None: any role that writes)? A superuser may."""
    scope = scope_for(user)
    if scope.is_superuser:
        return True
    acting = scope.acting_roles_over(unit) | (scope.roles_over(unit) & {Role.COUNCIL_SECRETARY})
    return bool(acting & set(roles)) if roles is not None else bool(acting)


def home_province_codes(user) -> tuple[str, ...]:
    """The codes of the current provinces the user works in (from their current-map roles),
    else the site's default province: unit pickers list these first."""
    from django.conf import settings

    codes = tuple(
        dict.fromkeys(p.split("/")[1] for p in scope_for(user).read_prefixes if p.startswith("C/") and p.count("/") >= 2)
    )
    return codes or (settings.OCOP_DEFAULT_PROVINCE_CODE,)
