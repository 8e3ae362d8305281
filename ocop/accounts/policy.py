"""Who may read and act on what: the one access policy, answered from the user's Scope.

Ways in, for every app:
* office roles through the units of their assignments (ocop.accounts.scope) — never through the
  PRODUCER role's unit (a producer's assignment names its commune, which must not open its
  neighbours' records);
* membership of a producer (registry.ProducerMember): the producer's own records;
* a seat on the council of a dossier's round: the secretary acts (finalizes) there, members score
  there (council members' unit roles are read-only everywhere else);
* a department officer's department: the tasks that department leads.

Apps ask these functions; they never read role assignments nor spell role sets themselves
(ocop.accounts.roles names them).
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils.translation import gettext as _

from ocop.accounts.models import Role
from ocop.accounts.roles import (
    COUNCIL_CHAIR,
    MANAGERS,
    OVERSEERS,
    PROGRAM_WRITERS,
    SUPERUSER_ROLES,
    TASK_ACTORS,
)
from ocop.accounts.scope import EMPTY_SCOPE, can_read_unit, can_write_unit, covers, scope_for, unit_in


def _active(user) -> bool:
    return user is not None and user.is_authenticated and user.is_active


# --- Units ---------------------------------------------------------------------------------------

def roles_over(user, unit) -> frozenset[str]:
    """Every role USER holds over UNIT (read-only ones included)."""
    return scope_for(user).roles_over(unit) if _active(user) else frozenset()


def office_roles_over(user, unit) -> frozenset[str]:
    """Writing office roles USER holds over UNIT (None: national records)."""
    return scope_for(user).acting_roles_over(unit) if _active(user) else frozenset()


def is_national(user, roles=MANAGERS) -> bool:
    """Does USER hold one of ROLES over the whole country (a genuinely unit-less grant)?"""
    return bool(office_roles_over(user, None) & set(roles))


def can_write(user, unit, roles) -> bool:
    """May USER, through a grant of one of ROLES covering UNIT, write records of UNIT?"""
    if user is not None and user.is_superuser:
        return True
    return _active(user) and can_write_unit(user, unit, roles)


def check_write(user, unit, roles, message: str | None = None) -> None:
    """Raise PermissionDenied unless USER may write records of UNIT. user=None is the system."""
    if user is None:
        return
    if not can_write(user, unit, roles):
        raise PermissionDenied(
            message or _("Đơn vị này nằm ngoài phạm vi quản lý của bạn, hoặc vai trò của bạn không được phép.")
        )


def office_scope(user):
    """The user's unit scope (the producer role grants no unit: scope_for already leaves it out)."""
    return scope_for(user) if _active(user) else EMPTY_SCOPE


def read_prefixes(user) -> tuple[str, ...]:
    """Unit-path prefixes USER reads under ("" = the whole country); the producer role adds none."""
    return scope_for(user).read_prefixes if _active(user) else ()


def prefixes_of(user, roles) -> tuple[str, ...]:
    """Unit-path prefixes of USER's grants of ROLES ("" = the whole country)."""
    return scope_for(user).prefixes_of(roles) if _active(user) else ()


# --- Producers -----------------------------------------------------------------------------------

def is_member(user, producer_id: int) -> bool:
    """Is USER a portal account of the producer (registry.ProducerMember)?"""
    if not _active(user) or not producer_id:
        return False
    from ocop.registry.models import ProducerMember

    cache = user.__dict__.setdefault("_ocop_member_of", {})
    if producer_id not in cache:
        cache[producer_id] = ProducerMember.objects.filter(user=user, producer_id=producer_id).exists()
    return cache[producer_id]


def member_producers(user):
    """A subquery of the ids of USER's producers."""
    from ocop.registry.models import ProducerMember

    return ProducerMember.objects.filter(user=user).values("producer_id")


def producer_roles(user, producer) -> frozenset[str]:
    """The roles USER may act in over PRODUCER's records (read-only roles excluded)."""
    if not _active(user):
        return frozenset()
    roles = set(office_roles_over(user, producer.unit))
    if is_member(user, producer.pk):
        roles.add(Role.PRODUCER)
    return frozenset(roles)


def can_read_producer(user, producer) -> bool:
    if not _active(user):
        return False
    return can_read_unit(user, producer.unit) or is_member(user, producer.pk)


def producer_records_q(user, producer_field: str) -> Q:
    """Records (whose producer is at PRODUCER_FIELD, "" for Producer itself) that USER may read."""
    if not _active(user):
        return Q(pk__in=[])
    unit_field = f"{producer_field}__unit" if producer_field else "unit"
    prefixes = scope_for(user).read_prefixes
    if "" in prefixes:
        return Q()  # the whole country (note: Q() | x would narrow to x)
    by_member = Q(**{f"{producer_field}__in" if producer_field else "pk__in": member_producers(user)})
    if not prefixes:
        return by_member
    return unit_in(prefixes, unit_field) | by_member  # a semi-join: no join inside the OR


# --- Dossiers and councils -------------------------------------------------------------------------

def dossiers_q(user, dossier_field: str = "") -> Q:
    """Dossiers (at DOSSIER_FIELD, "" for Dossier itself) that USER may read: by unit, as a member
    of the producer, or through a seat on a council of the dossier's round."""
    if not _active(user):
        return Q(pk__in=[])
    prefix = f"{dossier_field}__" if dossier_field else ""
    prefixes = scope_for(user).read_prefixes
    if "" in prefixes:
        return Q()
    from ocop.rating.models import Council
    from ocop.registry.models import Product

    # Each branch a semi-join on the dossier's own columns (product, rounds, unit): no join in the
    # OR, so a count in scope reads the dossiers it counts, not every dossier (sidebar badges).
    rounds = Council.objects.filter(members__user=user).values("round_id")
    q = (
        Q(**{f"{prefix}product__in": Product.objects.filter(producer__in=member_producers(user)).values("pk")})
        | Q(**{f"{prefix}round__in": rounds})
        | Q(**{f"{prefix}central_round__in": rounds})
    )
    if prefixes:
        q |= unit_in(prefixes, f"{prefix}unit")
    return q


def council_seats(user, dossier) -> list:
    """The user's seats on the councils of the dossier's rounds (province and central)."""
    if not _active(user):
        return []
    from ocop.rating.models import CouncilMember

    rounds = [r for r in (dossier.round_id, dossier.central_round_id) if r]
    if not rounds:
        return []
    return list(
        CouncilMember.objects.filter(user=user, council__round_id__in=rounds).select_related("council__round")
    )


def dossier_roles(user, dossier) -> frozenset[str]:
    """The roles USER may act in over DOSSIER (read-only roles excluded)."""
    if not _active(user):
        return frozenset()
    roles = set(office_roles_over(user, dossier.unit))
    if is_member(user, dossier.product.producer_id):
        roles.add(Role.PRODUCER)
    seats = council_seats(user, dossier)
    if any(seat.role == seat.Role.SECRETARY for seat in seats):
        roles.add(Role.COUNCIL_SECRETARY)
    if any(seat.role == seat.Role.CHAIR and not seat.absent for seat in seats):
        roles.add(COUNCIL_CHAIR)  # a seat, not an account role (ocop.rating.workflow.COUNCIL_CHAIR)
    return frozenset(roles)


def can_read_dossier(user, dossier) -> bool:
    if not _active(user):
        return False
    if can_read_unit(user, dossier.unit):
        return True
    return is_member(user, dossier.product.producer_id) or bool(council_seats(user, dossier))


def can_read_council_work(user, dossier) -> bool:
    """The province office (in scope), the national office, auditors, and seat holders."""
    if not _active(user):
        return False
    if user.is_superuser or roles_over(user, dossier.unit) & OVERSEERS:
        return True
    return bool(council_seats(user, dossier))


def can_manage_rounds(user, unit) -> bool:
    """Province rounds (UNIT): that province's office or the national office; central rounds (None):
    the national office only, through a unit-less assignment."""
    if user is not None and user.is_superuser:
        return True
    if unit is None:
        return is_national(user, {Role.NATIONAL_OFFICE})
    return bool(office_roles_over(user, unit) & MANAGERS)


def can_write_advisory(user, dossier, level: str) -> bool:
    """The advisory team's report: the province office (or the national office) over the dossier's
    unit at province level; only a genuinely national office at central level."""
    if user is not None and user.is_superuser:
        return True
    if level == "central":
        return is_national(user, {Role.NATIONAL_OFFICE})
    return bool(office_roles_over(user, dossier.unit) & MANAGERS)


# --- Programme -------------------------------------------------------------------------------------

def program_roles(user) -> frozenset[str]:
    """The office roles the user holds anywhere; a superuser acts as every office."""
    if not _active(user):
        return frozenset()
    if user.is_superuser:
        return SUPERUSER_ROLES
    return scope_for(user).office_roles


def can_read_program(user, unit) -> bool:
    return _active(user) and can_read_unit(user, unit)


def task_roles(user, task) -> frozenset[str]:
    """Roles USER acts in over a department TASK: the province office over its unit; a department
    officer only on the tasks its own department leads."""
    if not _active(user):
        return frozenset()
    scope = scope_for(user)
    if scope.is_superuser:
        return TASK_ACTORS
    roles = set(scope.acting_roles_over(task.unit) & TASK_ACTORS)
    if task.lead_id in scope.departments and Role.DEPARTMENT_OFFICER in scope.roles_over(task.unit):
        roles.add(Role.DEPARTMENT_OFFICER)
    return frozenset(roles)


def check_task(user, task) -> frozenset[str]:
    """The roles USER acts in over TASK; PermissionDenied when none. user=None is the system."""
    if user is None:
        return TASK_ACTORS
    roles = task_roles(user, task)
    if not roles:
        raise PermissionDenied(_("Nhiệm vụ này không do sở, ngành của bạn chủ trì."))
    return roles


__all__ = [
    "PROGRAM_WRITERS", "can_manage_rounds", "can_read_council_work", "can_read_dossier", "can_read_producer",
    "can_read_program", "can_write", "check_task", "check_write", "council_seats", "covers",
    "dossier_roles", "dossiers_q", "is_member", "is_national", "member_producers", "office_roles_over",
    "office_scope", "prefixes_of", "read_prefixes", "producer_records_q", "producer_roles", "program_roles", "roles_over",
    "task_roles",
]
