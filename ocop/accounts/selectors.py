"""Reads of accounts that other apps need: who holds which role where. Role assignments are read
only here and in ocop.accounts.scope."""

from django.db.models import Q, QuerySet

from ocop.accounts.models import RoleAssignment, User
from ocop.accounts.scope import scope_for, unit_q


def active_assignments(user) -> QuerySet[RoleAssignment]:
    """USER's active role assignments (for display)."""
    if user is None or not user.pk:
        return RoleAssignment.objects.none()
    return RoleAssignment.objects.filter(user=user, is_active=True).select_related("unit", "department")


def users_with_role(role: str, unit_ids) -> dict[int, list[User]]:
    """Active users holding ROLE exactly at each of UNIT_IDS: {unit id: [users]} (one query)."""
    found: dict[int, list[User]] = {}
    for assignment in RoleAssignment.objects.filter(
        role=role, is_active=True, unit_id__in=unit_ids, user__is_active=True
    ).select_related("user"):
        if assignment.unit_id is not None:
            found.setdefault(assignment.unit_id, []).append(assignment.user)
    return found


def holders_of(role: str, unit_id: int | None) -> list[User]:
    """Active users holding ROLE (at UNIT_ID when given, anywhere otherwise), each once."""
    assignments = RoleAssignment.objects.filter(role=role, is_active=True, user__is_active=True)
    if unit_id is not None:
        assignments = assignments.filter(unit_id=unit_id)
    return list({a.user.pk: a.user for a in assignments.select_related("user")}.values())


def holds_role_at(user, unit) -> bool:
    """Does USER hold any active role at exactly UNIT?"""
    return RoleAssignment.objects.filter(user=user, unit=unit, is_active=True).exists()


def departments_in_scope(actor):
    """Departments (sở, ngành) of the provinces ACTOR writes in. The model is the one
    RoleAssignment.department points to (program.Department, named by string): accounts sits below
    the domain apps and imports none of them (docs/architecture.md, "Layers")."""
    department_model = RoleAssignment._meta.get_field("department").related_model
    departments = department_model._default_manager.select_related("unit").order_by("unit__name", "name")
    if actor is not None and actor.is_superuser:
        return departments
    return departments.filter(unit_q(scope_for(actor).write_prefixes, "unit"))


def users_in_scope(actor, *, staff_only: bool = False) -> QuerySet[User]:
    """Active accounts with a role in ACTOR's read scope (the whole country for a national scope), and
    accounts awaiting their first role (created by the system administrator, holding no active role),
    so that an office can give a newcomer a role. Accounts of other provinces are never listed."""
    users = User.objects.filter(is_active=True)
    if staff_only:
        users = users.filter(is_staff=True)
    if actor is not None and actor.is_superuser:
        return users.order_by("username")
    prefixes = scope_for(actor).read_prefixes
    if "" in prefixes:
        return users.order_by("username")
    holders = RoleAssignment.objects.filter(unit_q(prefixes, "unit"), is_active=True).values("user_id")
    assigned = RoleAssignment.objects.filter(is_active=True).values("user_id")
    return users.filter(Q(pk__in=holders) | ~Q(pk__in=assigned)).order_by("username")
