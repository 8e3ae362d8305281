"""Who may read and act on what: the one access policy, answered from the user's Scope.

Ways in, for every app:
* office roles through the units of their assignments (ocop.accounts.scope) — never through the
  PRODUCER role's unit (a producer's assignment names its commune, which must not open its
  neighbours' records);
* membership of a producer (registry.ProducerMember): the producer's own records —
  ocop.registry.policy, since accounts sits below the domain apps (docs/architecture.md, "Layers");
* a seat on the council of a dossier's round: the secretary acts (finalizes) there, members score
  there (council members' unit roles are read-only everywhere else) — ocop.rating.policy;
* a department officer's department: the tasks that department leads.

Apps ask these functions (and the two domain policies built on them); they never read role
assignments nor spell role sets themselves (ocop.accounts.roles names them).
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from ocop.accounts.models import Role
from ocop.accounts.roles import (
    MANAGERS,
    PROGRAM_WRITERS,
    SUPERUSER_ROLES,
    TASK_ACTORS,
)
from ocop.accounts.scope import EMPTY_SCOPE, can_read_unit, can_write_unit, covers, scope_for


def signed_in(user) -> bool:
    """An authenticated, active account (None and anonymous users hold nothing)."""
    return user is not None and user.is_authenticated and user.is_active


# --- Units ---------------------------------------------------------------------------------------

def roles_over(user, unit) -> frozenset[str]:
    """Every role USER holds over UNIT (read-only ones included)."""
    return scope_for(user).roles_over(unit) if signed_in(user) else frozenset()


def office_roles_over(user, unit) -> frozenset[str]:
    """Writing office roles USER holds over UNIT (None: national records)."""
    return scope_for(user).acting_roles_over(unit) if signed_in(user) else frozenset()


def is_national(user, roles=MANAGERS) -> bool:
    """Does USER hold one of ROLES over the whole country (a genuinely unit-less grant)?"""
    return bool(office_roles_over(user, None) & set(roles))


def can_write(user, unit, roles) -> bool:
    """May USER, through a grant of one of ROLES covering UNIT, write records of UNIT?"""
    if user is not None and user.is_superuser:
        return True
    return signed_in(user) and can_write_unit(user, unit, roles)


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
    return scope_for(user) if signed_in(user) else EMPTY_SCOPE


def read_prefixes(user) -> tuple[str, ...]:
    """Unit-path prefixes USER reads under ("" = the whole country); the producer role adds none."""
    return scope_for(user).read_prefixes if signed_in(user) else ()


def prefixes_of(user, roles) -> tuple[str, ...]:
    """Unit-path prefixes of USER's grants of ROLES ("" = the whole country)."""
    return scope_for(user).prefixes_of(roles) if signed_in(user) else ()


# --- Programme -------------------------------------------------------------------------------------

def program_roles(user) -> frozenset[str]:
    """The office roles the user holds anywhere; a superuser acts as every office."""
    if not signed_in(user):
        return frozenset()
    if user.is_superuser:
        return SUPERUSER_ROLES
    return scope_for(user).office_roles


def can_read_program(user, unit) -> bool:
    return signed_in(user) and can_read_unit(user, unit)


def task_roles(user, task) -> frozenset[str]:
    """Roles USER acts in over a department TASK: the province office over its unit; a department
    officer only on the tasks its own department leads."""
    if not signed_in(user):
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
    "PROGRAM_WRITERS", "can_read_program", "signed_in", "can_write", "check_task", "check_write", "covers", "is_national",
    "office_roles_over", "office_scope", "prefixes_of", "read_prefixes", "program_roles", "roles_over",
    "task_roles",
]
