"""The one definition of who sees and changes what, by administrative unit.

A role assignment covers its unit and everything below it. A record's unit may belong to
either map generation: a record filed at an old commune is covered by the officer of the
current commune (or province) that succeeded it, through AdminUnit.current_path.

Out-of-scope reads must look like missing records (404); in-scope records that the user may
only read give 403 on writes.
"""

from dataclasses import dataclass

from django.db.models import Q

from ocop.accounts.models import Role

READ_ONLY_ROLES = frozenset({Role.AUDITOR, Role.COUNCIL_MEMBER})
NATIONAL_ROLES = frozenset({Role.NATIONAL_OFFICE, Role.AUDITOR})
OFFICE_ROLES = frozenset(
    {Role.NATIONAL_OFFICE, Role.PROVINCE_OFFICE, Role.DEPARTMENT_OFFICER, Role.DISTRICT_OFFICE, Role.COMMUNE_OFFICER}
)


@dataclass(frozen=True)
class Scope:
    """What a user may read and write, as unit-path prefixes ("" means the whole country)."""

    read_prefixes: tuple[str, ...]
    write_prefixes: tuple[str, ...]
    roles: frozenset[str]

    @property
    def is_empty(self) -> bool:
        return not self.read_prefixes

    @property
    def is_national(self) -> bool:
        return "" in self.read_prefixes

    def can_read_path(self, path: str, current_path: str) -> bool:
        return _covers(self.read_prefixes, path, current_path)

    def can_write_path(self, path: str, current_path: str) -> bool:
        return _covers(self.write_prefixes, path, current_path)


def _covers(prefixes: tuple[str, ...], path: str, current_path: str) -> bool:
    return any(path.startswith(p) or current_path.startswith(p) for p in prefixes)


EMPTY_SCOPE = Scope((), (), frozenset())
SUPERUSER_SCOPE = Scope(("",), ("",), frozenset({Role.NATIONAL_OFFICE}))


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
        read, write, roles = set(), set(), set()
        for role, path in user.roles.filter(is_active=True).values_list("role", "unit__path"):
            if role == Role.PRODUCER:
                # A producer reaches its own records through ProducerMember, never its
                # neighbours' through the commune of its role assignment.
                roles.add(role)
                continue
            prefix = path or ""
            if prefix == "" and role not in NATIONAL_ROLES:
                continue  # a non-national role without a unit grants nothing
            roles.add(role)
            read.add(prefix)
            if role not in READ_ONLY_ROLES:
                write.add(prefix)
        scope = Scope(_minimal(read), _minimal(write), frozenset(roles))
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


def visible_to(queryset, user, field: str = "unit"):
    """Filter QUERYSET to the records USER may read (by the unit at FIELD)."""
    return queryset.filter(unit_q(scope_for(user).read_prefixes, field))


def writable_by(queryset, user, field: str = "unit"):
    return queryset.filter(unit_q(scope_for(user).write_prefixes, field))


def can_write_unit(user, unit) -> bool:
    scope = scope_for(user)
    if unit is None:
        return scope.is_national and "" in scope.write_prefixes
    return scope.can_write_path(unit.path, unit.current_path)


def home_province_codes(user) -> tuple[str, ...]:
    """The codes of the current provinces the user works in (from their current-map roles),
    else the site's default province: unit pickers list these first."""
    from django.conf import settings

    codes = tuple(
        dict.fromkeys(p.split("/")[1] for p in scope_for(user).read_prefixes if p.startswith("C/") and p.count("/") >= 2)
    )
    return codes or (settings.OCOP_DEFAULT_PROVINCE_CODE,)
