"""Who may read and act on a dossier: office roles over its unit (ocop.accounts.policy), membership of
its producer (ocop.registry.policy) and a seat on a council of its rounds. One access policy, in
layers: accounts answers roles over units, this module adds what only rating's records say."""

from django.db.models import Q

from ocop.accounts.models import Role
from ocop.accounts.policy import is_national, office_roles_over, roles_over, signed_in
from ocop.accounts.roles import COUNCIL_CHAIR, MANAGERS, OVERSEERS
from ocop.accounts.scope import can_read_unit, scope_for, unit_in
from ocop.rating.models import Council, CouncilMember
from ocop.registry.models import Product
from ocop.registry.policy import is_member, member_producers

# --- Dossiers and councils -------------------------------------------------------------------------

def dossiers_q(user, dossier_field: str = "") -> Q:
    """Dossiers (at DOSSIER_FIELD, "" for Dossier itself) that USER may read: by unit, as a member
    of the producer, or through a seat on a council of the dossier's round."""
    if not signed_in(user):
        return Q(pk__in=[])
    prefix = f"{dossier_field}__" if dossier_field else ""
    prefixes = scope_for(user).read_prefixes
    if "" in prefixes:
        return Q()
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
    if not signed_in(user):
        return []
    rounds = [r for r in (dossier.round_id, dossier.central_round_id) if r]
    if not rounds:
        return []
    return list(
        CouncilMember.objects.filter(user=user, council__round_id__in=rounds).select_related("council__round")
    )


def dossier_roles(user, dossier) -> frozenset[str]:
    """The roles USER may act in over DOSSIER (read-only roles excluded)."""
    if not signed_in(user):
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
    if not signed_in(user):
        return False
    if can_read_unit(user, dossier.unit):
        return True
    return is_member(user, dossier.product.producer_id) or bool(council_seats(user, dossier))


def can_read_council_work(user, dossier) -> bool:
    """The province office (in scope), the national office, auditors, and seat holders."""
    if not signed_in(user):
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
