"""Who sees which section of the back-office sidebar: one table (config/unfold.py points here).

A rule is "scope" (any unit scope: an office, department, auditor or council role with a unit),
"any_role" (any role at all, a council seat's holder included), "office" (any role but the
producer's) or a set of roles. Every rule needs an active staff account; a superuser sees all.
The pages themselves check again (through ocop.accounts.policy)."""

from ocop.accounts.roles import OVERSEERS
from ocop.accounts.scope import scope_for

SECTIONS = {
    "cycle": "scope",
    "rating": "any_role",
    "certificates": "office",
    "analytics": OVERSEERS,
    "program": "scope",
    "promotion": "scope",
    "catalog": "scope",
}


def can_see(section: str, request) -> bool:
    user = request.user
    if not (user.is_active and user.is_staff):
        return False
    if user.is_superuser:
        return True
    scope, rule = scope_for(user), SECTIONS[section]
    if rule == "scope":
        return not scope.is_empty
    if rule == "any_role":
        return bool(scope.roles)
    if rule == "office":
        return bool(scope.office_roles)
    return bool(scope.roles & rule)


def cycle(request) -> bool:
    return can_see("cycle", request)


def rating(request) -> bool:
    return can_see("rating", request)


def certificates(request) -> bool:
    return can_see("certificates", request)


def analytics(request) -> bool:
    return can_see("analytics", request)


def program(request) -> bool:
    return can_see("program", request)


def promotion(request) -> bool:
    return can_see("promotion", request)


def catalog(request) -> bool:
    return can_see("catalog", request)
