"""Who may read and act on dossiers, built on ocop.accounts.scope (the one definition of scope).

Ways in:
* office roles (commune officer, province office, department, national office, auditor…)
  through their unit scope — never through the PRODUCER role's unit (a producer's assignment
  names its commune, which must not open its neighbours' dossiers);
* membership of the dossier's producer (registry.ProducerMember): the producer's own dossiers;
* a seat on the council of the dossier's round: the secretary acts (finalizes) there, members
  score there (council members' unit roles are read-only everywhere else).
"""

from django.db.models import Q

from ocop.accounts.models import Role
from ocop.accounts.scope import READ_ONLY_ROLES, unit_q
from ocop.registry.models import ProducerMember

#: What a superuser may act as.
_SUPERUSER_ROLES = frozenset(
    {Role.NATIONAL_OFFICE, Role.PROVINCE_OFFICE, Role.COMMUNE_OFFICER, Role.COUNCIL_SECRETARY}
)
#: Roles whose unit grants nothing on dossiers by itself (membership or a council seat does).
_NO_UNIT_GRANT = frozenset({Role.PRODUCER})


def _assignments(user) -> list[tuple[str, str | None]]:
    """(role, unit path) of the user's active assignments, read once per request."""
    cached = getattr(user, "_ocop_rating_assignments", None)
    if cached is None:
        cached = list(user.roles.filter(is_active=True).values_list("role", "unit__path"))
        user._ocop_rating_assignments = cached
    return cached


def read_prefixes(user) -> tuple[str, ...]:
    """Unit-path prefixes the user reads dossiers under ("" = the whole country)."""
    if not user.is_authenticated or not user.is_active:
        return ()
    if user.is_superuser:
        return ("",)
    prefixes = set()
    for role, path in _assignments(user):
        if role in _NO_UNIT_GRANT:
            continue
        if not path and role not in (Role.NATIONAL_OFFICE, Role.AUDITOR):
            continue
        prefixes.add(path or "")
    return ("",) if "" in prefixes else tuple(sorted(prefixes))


def _covers(prefix: str | None, role: str, unit) -> bool:
    if not prefix:
        return role == Role.NATIONAL_OFFICE
    return unit.path.startswith(prefix) or unit.current_path.startswith(prefix)


def office_roles_over(user, unit) -> frozenset[str]:
    """Writing office roles the user holds over UNIT."""
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    if user.is_superuser:
        return _SUPERUSER_ROLES
    return frozenset(
        role for role, path in _assignments(user)
        if role not in _NO_UNIT_GRANT and role not in READ_ONLY_ROLES
        and role != Role.COUNCIL_SECRETARY and _covers(path, role, unit)
    )


def is_member(user, producer_id: int) -> bool:
    if not user.is_authenticated:
        return False
    cache = user.__dict__.setdefault("_ocop_rating_member_of", {})
    if producer_id not in cache:
        cache[producer_id] = ProducerMember.objects.filter(user=user, producer_id=producer_id).exists()
    return cache[producer_id]


def visible_q(user, dossier_field: str = "") -> Q:
    """Dossiers (at DOSSIER_FIELD, "" for Dossier itself) that USER may read."""
    if not user.is_authenticated or not user.is_active:
        return Q(pk__in=[])
    prefix = f"{dossier_field}__" if dossier_field else ""
    prefixes = read_prefixes(user)
    if "" in prefixes:
        return Q()
    from ocop.rating.models import Council

    own = ProducerMember.objects.filter(user=user).values("producer_id")
    rounds = Council.objects.filter(members__user=user).values("round_id")
    q = (
        Q(**{f"{prefix}product__producer__in": own})
        | Q(**{f"{prefix}round__in": rounds})
        | Q(**{f"{prefix}central_round__in": rounds})
    )
    if prefixes:
        q |= unit_q(prefixes, f"{prefix}unit")
    return q


def council_seats(user, dossier) -> list:
    """The user's seats on the councils of the dossier's rounds (province and central)."""
    if not user.is_authenticated:
        return []
    from ocop.rating.models import CouncilMember

    rounds = [r for r in (dossier.round_id, dossier.central_round_id) if r]
    if not rounds:
        return []
    return list(
        CouncilMember.objects.filter(user=user, council__round_id__in=rounds).select_related("council__round")
    )


def acting_roles(user, dossier) -> frozenset[str]:
    """The roles USER may act in over DOSSIER (read-only roles excluded)."""
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    roles = set(office_roles_over(user, dossier.unit))
    if is_member(user, dossier.product.producer_id):
        roles.add(Role.PRODUCER)
    seats = council_seats(user, dossier)
    if any(seat.role == seat.Role.SECRETARY for seat in seats):
        roles.add(Role.COUNCIL_SECRETARY)
    if any(seat.role == seat.Role.CHAIR and not seat.absent for seat in seats):
        roles.add("council_chair")  # ocop.rating.workflow.COUNCIL_CHAIR (a seat, not an account role)
    return frozenset(roles)


def can_read(user, dossier) -> bool:
    if not user.is_authenticated:
        return False
    prefixes = read_prefixes(user)
    unit = dossier.unit
    if any(unit.path.startswith(p) or unit.current_path.startswith(p) for p in prefixes):
        return True
    return is_member(user, dossier.product.producer_id) or bool(council_seats(user, dossier))


#: Office roles that follow the councils' work (progress, sheets once submitted, results).
COUNCIL_WORK_READERS = frozenset({Role.PROVINCE_OFFICE, Role.NATIONAL_OFFICE, Role.AUDITOR})


def can_read_council_work(user, dossier) -> bool:
    """The province office (in scope), the national office, auditors, and seat holders."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    unit = dossier.unit
    for role, path in _assignments(user):
        if role in COUNCIL_WORK_READERS and (
            (not path and role in (Role.NATIONAL_OFFICE, Role.AUDITOR))
            or (path and (unit.path.startswith(path) or unit.current_path.startswith(path)))
        ):
            return True
    return bool(council_seats(user, dossier))
