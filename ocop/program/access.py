"""Who may see and change program records, built on ocop.accounts.scope (the one definition).

The program is an office matter: a producer's role assignment (which names its commune) grants
nothing here, so the scope used is the one of the user's other roles.
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from ocop.accounts.models import Role
from ocop.accounts.scope import EMPTY_SCOPE, NATIONAL_ROLES, READ_ONLY_ROLES, Scope, scope_for

#: Roles that may write plans, targets, training and funding records (in their units).
WRITE_ROLES = frozenset({Role.NATIONAL_OFFICE, Role.PROVINCE_OFFICE, Role.DEPARTMENT_OFFICER, Role.COMMUNE_OFFICER})
#: Roles that manage plans, periods and department tasks (the steering committee's office).
PLAN_ROLES = frozenset({Role.NATIONAL_OFFICE, Role.PROVINCE_OFFICE, Role.COMMUNE_OFFICER})
TASK_ROLES = frozenset({Role.PROVINCE_OFFICE})


def program_scope(user) -> Scope:
    """The user's scope without the producer role (cached on the user, like scope_for)."""
    scope = scope_for(user)
    if user is None or user.is_superuser or Role.PRODUCER not in scope.roles:
        return scope
    cached = getattr(user, "_ocop_program_scope", None)
    if cached is not None:
        return cached
    rows = [(r, p or "") for r, p in user.roles.filter(is_active=True).exclude(role=Role.PRODUCER)
            .values_list("role", "unit__path") if p or r in NATIONAL_ROLES]
    if not rows:
        scope = EMPTY_SCOPE
    else:
        read = tuple(sorted({p for _, p in rows}))
        write = tuple(sorted({p for r, p in rows if r not in READ_ONLY_ROLES}))
        scope = Scope(read, write, frozenset(r for r, _ in rows))
    user._ocop_program_scope = scope
    return scope


def acting_roles(user) -> frozenset[str]:
    """Roles the user acts in; a superuser acts as every office."""
    if user is None or not user.is_authenticated:
        return frozenset()
    if user.is_superuser:
        return frozenset(Role.values) - {Role.PRODUCER}
    return program_scope(user).roles


def can_read(user, unit) -> bool:
    scope = program_scope(user)
    if unit is None:
        return scope.is_national
    return scope.can_read_path(unit.path, unit.current_path)


def can_write(user, unit, roles=WRITE_ROLES) -> bool:
    """May USER, in one of ROLES, write records of UNIT (None: national records)?"""
    if user is not None and user.is_superuser:
        return True
    scope = program_scope(user)
    if not scope.roles & set(roles):
        return False
    if unit is None:
        return "" in scope.write_prefixes
    return scope.can_write_path(unit.path, unit.current_path)


def check_write(user, unit, roles=WRITE_ROLES) -> None:
    """Raise PermissionDenied unless USER may write records of UNIT. actor=None is the system."""
    if user is None:
        return
    if not can_write(user, unit, roles):
        raise PermissionDenied(_("Đơn vị này nằm ngoài phạm vi quản lý của bạn, hoặc vai trò của bạn không được phép."))


def can_see_program(request) -> bool:
    """Sidebar: the program section is for staff with an office, department or auditor role."""
    user = request.user
    return user.is_active and user.is_staff and not program_scope(user).is_empty
