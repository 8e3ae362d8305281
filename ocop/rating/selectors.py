"""Reads of the rating app. Every user-dependent read goes through ocop.accounts.policy (scope).

Out-of-scope objects raise Http404 (existence does not leak). A council member reads only the
dossiers of their council's round on the scoring pages, and others' sheets only after
submitting their own.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Case, Exists, OuterRef, Prefetch, Q, QuerySet, Value, When
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop.accounts.models import Role
from ocop.accounts.policy import office_roles_over, prefixes_of, read_prefixes
from ocop.accounts.scope import scope_for, unit_in, unit_q
from ocop.accounts.selectors import users_in_scope
from ocop.rating import council_rules, next_steps, workflow
from ocop.rating.analytics import SheetRow
from ocop.rating.calendar import WorkCalendar, make_calendar
from ocop.rating.models import (
    ConflictDeclaration,
    Council,
    CouncilMember,
    Dossier,
    PublicHoliday,
    RatingResult,
    RatingRound,
    ScoreSheet,
)
from ocop.rating.policy import can_read_council_work, dossier_roles, dossiers_q
from ocop.registry.models import ProducerMember, Product
from ocop.registry.policy import is_member

LEVEL_PROVINCE, LEVEL_CENTRAL = RatingRound.Level.PROVINCE, RatingRound.Level.CENTRAL


# --- Calendar -------------------------------------------------------------------------------------

def work_calendar() -> WorkCalendar:
    """The fixed holidays merged with the office's PublicHoliday rows (one query)."""
    rows = list(PublicHoliday.objects.values_list("date", "is_working_day"))
    return make_calendar(
        holidays=[d for d, working in rows if not working], working=[d for d, working in rows if working]
    )


# --- Dossiers -------------------------------------------------------------------------------------

def _base() -> QuerySet[Dossier]:
    return Dossier.objects.select_related("product__producer", "unit", "round", "central_round")


def dossiers_visible_to(user) -> QuerySet[Dossier]:
    return _base().filter(dossiers_q(user))


def dossier_get(*, user, pk) -> Dossier:
    try:
        return dossiers_visible_to(user).get(pk=pk)
    except (Dossier.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def overdue_q(today: date | None = None) -> Q:
    """Dossiers still at the commune after their review deadline."""
    today = today or timezone.localdate()
    return Q(status__in=workflow.AT_COMMUNE, review_due_on__lt=today)


def dossiers_overdue_review(*, user=None, today: date | None = None) -> QuerySet[Dossier]:
    """Commune reviews past their 15 working days (in USER's scope when given)."""
    queryset = _base() if user is None else dossiers_visible_to(user)
    return queryset.filter(overdue_q(today)).order_by("review_due_on", "pk")


def dossier_list(
    *, user, status: str | None = None, round_id=None, unit=None, overdue: bool = False, year: int | None = None
) -> QuerySet[Dossier]:
    queryset = dossiers_visible_to(user)
    if status:
        queryset = queryset.filter(status=status)
    if round_id:
        queryset = queryset.filter(Q(round_id=round_id) | Q(central_round_id=round_id))
    if unit is not None:
        queryset = queryset.filter(Q(unit__path__startswith=unit.path) | Q(unit__current_path__startswith=unit.path))
    if overdue:
        queryset = queryset.filter(overdue_q())
    if year:
        queryset = queryset.filter(year=year)
    return queryset.order_by("-year", "-pk")


def portal_dossiers(user) -> QuerySet[Dossier]:
    """The producer side's list: the user's producers' dossiers, and a commune officer's commune."""
    if not user.is_authenticated:
        return Dossier.objects.none()
    own = ProducerMember.objects.filter(user=user).values("producer_id")
    q = Q(product__producer__in=own) | _commune_q(user, "unit")
    return _base().filter(q).order_by("-year", "-pk")


def _commune_q(user, field: str) -> Q:
    """Records under the communes of USER's commune-officer roles (everything for a superuser)."""
    prefixes = prefixes_of(user, {Role.COMMUNE_OFFICER})
    return Q(pk__isnull=False) if "" in prefixes else unit_in(prefixes, field)


def portal_dossier_get(*, user, pk) -> Dossier:
    try:
        return portal_dossiers(user).get(pk=pk)
    except (Dossier.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def products_fileable_by(user) -> QuerySet[Product]:
    """Products the user may file a dossier for: own producers' products; a commune officer's
    commune products (assisted mode)."""
    if not user.is_authenticated:
        return Product.objects.none()
    own = ProducerMember.objects.filter(user=user).values("producer_id")
    q = Q(producer__in=own) | _commune_q(user, "unit")
    return Product.objects.filter(q, is_active=True).select_related("producer", "unit").order_by("name")


def allowed_moves(dossier, user) -> list[str]:
    """The generic moves USER may make on DOSSIER now (buttons; the service checks again)."""
    return workflow.DOSSIER.allowed(dossier.status, dossier_roles(user, dossier))


def can_edit(dossier, user) -> bool:
    """The producer side may edit while the dossier is a draft or returned."""
    if not workflow.DOSSIER.is_editable(dossier.status):
        return False
    roles = dossier_roles(user, dossier)
    return bool(roles & workflow.PRODUCER_SIDE)


def can_review(dossier, user) -> bool:
    return workflow.DOSSIER.can(dossier.status, workflow.S.PROPOSED, office_roles_over(user, dossier.unit))


def is_own(user, dossier) -> bool:
    return is_member(user, dossier.product.producer_id)


# --- Rounds ---------------------------------------------------------------------------------------

def rounds_visible_to(user) -> QuerySet[RatingRound]:
    prefixes = read_prefixes(user)
    queryset = RatingRound.objects.select_related("unit")
    if "" in prefixes:
        return queryset
    q = Q(level=LEVEL_CENTRAL) if prefixes else Q(pk__in=[])
    for prefix in prefixes:
        province = "/".join(prefix.split("/")[:2]) + "/"  # "C/75/…" → "C/75/"
        q |= Q(unit__path=province) | Q(unit__path__startswith=prefix)
    return queryset.filter(q)


# --- Councils, sheets, results --------------------------------------------------------------------

def level_round(dossier, level: str):
    return dossier.round if level == LEVEL_PROVINCE else dossier.central_round


def council_of(dossier, level: str) -> Council | None:
    rnd_id = dossier.round_id if level == LEVEL_PROVINCE else dossier.central_round_id
    if not rnd_id:
        return None
    return Council.objects.filter(round_id=rnd_id).first()


def seat_of(user, council: Council | None) -> CouncilMember | None:
    if council is None or not user.is_authenticated:
        return None
    return CouncilMember.objects.filter(council=council, user=user).first()


def my_seats(user) -> QuerySet[CouncilMember]:
    return CouncilMember.objects.filter(user=user).select_related("council__round__unit").order_by(
        "-council__round__year", "council__round__sequence"
    )


def council_dossiers(council: Council) -> QuerySet[Dossier]:
    """Dossiers in front of COUNCIL: accepted ones of a province round, forwarded ones of a central round."""
    if council.round.level == LEVEL_PROVINCE:
        q = Q(round=council.round, status__in=workflow.SCORABLE_PROVINCE | {workflow.S.RATED, workflow.S.FORWARDED_CENTRAL,
                                                                           workflow.S.CENTRAL_RATED})
    else:
        q = Q(central_round=council.round, status__in=workflow.SCORABLE_CENTRAL | {workflow.S.CENTRAL_RATED})
    return _base().filter(q).order_by("pk")


def member_dossiers(*, user, council: Council) -> list[tuple[Dossier, ScoreSheet | None, ConflictDeclaration | None]]:
    """The scoring list of a member: each dossier with the member's own sheet and declaration."""
    seat = seat_of(user, council)
    if seat is None:
        raise Http404
    dossiers = council_dossiers(council).prefetch_related(
        Prefetch("sheets", queryset=ScoreSheet.objects.filter(member=seat), to_attr="my_sheets"),
        Prefetch("declarations", queryset=ConflictDeclaration.objects.filter(member=seat), to_attr="my_declarations"),
    )
    return [(d, next(iter(d.my_sheets), None), next(iter(d.my_declarations), None)) for d in dossiers]


def scoring_dossier_get(*, user, dossier_pk, level: str) -> tuple[Dossier, Council, CouncilMember]:
    """A dossier on a member's scoring page: 404 unless the user sits on its council at LEVEL."""
    dossier = dossier_get(user=user, pk=dossier_pk)
    council = council_of(dossier, level)
    seat = seat_of(user, council)
    if council is None or seat is None or not council_dossiers(council).filter(pk=dossier.pk).exists():
        raise Http404
    return dossier, council, seat


@dataclass(frozen=True)
class CouncilProgress:
    """Where a council stands on one dossier. Absent members (council rules) neither score nor
    count for the quorum; a conflicted member is present but does not score."""

    council: Council
    scoring: tuple[CouncilMember, ...]
    conflicted: frozenset[int]  # member ids
    declared: frozenset[int]
    submitted: dict[int, ScoreSheet]  # member id → submitted sheet

    @property
    def absent(self) -> tuple[CouncilMember, ...]:
        return tuple(m for m in self.scoring if m.absent)

    @property
    def present(self) -> tuple[CouncilMember, ...]:
        return tuple(m for m in self.scoring if not m.absent)

    @property
    def expected(self) -> tuple[CouncilMember, ...]:
        return tuple(m for m in self.present if m.pk not in self.conflicted)

    @property
    def pending(self) -> tuple[CouncilMember, ...]:
        return tuple(m for m in self.expected if m.pk not in self.submitted)

    @property
    def complete(self) -> bool:
        return bool(self.expected) and not self.pending and all(m.pk in self.declared for m in self.present)

    @property
    def quorum(self) -> council_rules.Quorum:
        chair = [m for m in self.scoring if m.role == CouncilMember.Role.CHAIR]
        return council_rules.quorum(
            self.council.quorum, seats=len(self.scoring), present=len(self.present),
            chair_needed=self.council.quorum_needs_chair, chair_present=any(not m.absent for m in chair),
        )


def council_progress(dossier, council: Council) -> CouncilProgress:
    members = tuple(m for m in council.members.select_related("user") if m.scores)
    declarations = list(ConflictDeclaration.objects.filter(dossier=dossier, member__council=council))
    sheets = ScoreSheet.objects.filter(dossier=dossier, member__council=council, submitted_at__isnull=False)
    return CouncilProgress(
        council=council,
        scoring=members,
        conflicted=frozenset(d.member_id for d in declarations if d.has_conflict),
        declared=frozenset(d.member_id for d in declarations),
        submitted={s.member_id: s for s in sheets},
    )


def sheets_visible(*, user, dossier, level: str) -> list[ScoreSheet]:
    """Submitted sheets of a dossier at LEVEL. A scoring member sees them only after submitting
    their own (404 before); the secretary and the offices in scope see them."""
    council = council_of(dossier, level)
    if council is None:
        raise Http404
    seat = seat_of(user, council)
    if seat is not None and seat.scores:
        own = ScoreSheet.objects.filter(dossier=dossier, member=seat, submitted_at__isnull=False).exists()
        if not own:
            raise Http404
    elif not can_read_council_work(user, dossier):
        raise Http404
    return list(
        ScoreSheet.objects.filter(dossier=dossier, member__council=council, submitted_at__isnull=False)
        .select_related("member__user").order_by("member__role", "member_id")
    )


def result_of(dossier, level: str) -> RatingResult | None:
    return RatingResult.objects.filter(dossier=dossier, level=level).first()


def result_next_steps(result: RatingResult | None) -> list[str]:
    """The labels of the steps open after a final council result (ocop.rating.next_steps)."""
    if result is None or not result.is_final or result.level not in (RatingResult.Level.PROVINCE,
                                                                      RatingResult.Level.CENTRAL):
        return []
    steps = next_steps.next_steps(result.level, result.average, result.stars, approved=result.approved_at is not None,
                                  declined=result.is_declined)
    return [str(next_steps.LABELS[step]) for step in steps]


def results_visible_to(user) -> QuerySet[RatingResult]:
    """Results whose dossier the user may read, and historical results of products in scope."""
    if not user.is_authenticated:
        return RatingResult.objects.none()
    prefixes = read_prefixes(user)
    queryset = RatingResult.objects.select_related("product__producer", "product__unit", "dossier", "rated_by_unit")
    if "" in prefixes:
        return queryset
    dossiers = Dossier.objects.filter(dossiers_q(user)).values("pk")
    products = Product.objects.filter(unit_in(prefixes, "unit")).values("pk")
    return queryset.filter(Q(dossier__in=dossiers) | Q(product__in=products))


def product_history(product) -> QuerySet[RatingResult]:
    """A product's ratings, newest first (historical and current)."""
    return RatingResult.objects.filter(product=product).order_by("-year", "-pk")


def dossiers_with_pending_sheet(user) -> QuerySet[Dossier]:
    """Dossiers waiting for this member's sheet, annotated with `pending_level` ("province" or
    "central"). EXISTS per level, no join fan-out and no DISTINCT (a sidebar badge counts it)."""
    if not user.is_authenticated:
        return Dossier.objects.none()
    seats = CouncilMember.objects.filter(user=user, role__in=CouncilMember.SCORING)
    # Each level's dossiers found from the member's seats (semi-joins from the seats to their rounds'
    # dossiers, through the round columns' indexes), then the dossiers by primary key: no dossier
    # is read that is not of a round the member sits on (a badge on every back-office page).
    found = []
    for field, statuses in (("round", workflow.SCORABLE_PROVINCE), ("central_round", workflow.SCORABLE_CENTRAL)):
        done = Exists(ScoreSheet.objects.filter(dossier=OuterRef("pk"), member__in=seats,
                                                member__council__round=OuterRef(field), submitted_at__isnull=False))
        seated = Dossier.objects.filter(**{f"{field}__in": seats.values("council__round")}, status__in=statuses)
        found.append(seated.filter(~Q(done)).values("pk"))
    pending = Q(pk__in=found[0].union(found[1]))
    return _base().filter(pending).annotate(
        pending_level=Case(When(status__in=workflow.SCORABLE_CENTRAL, then=Value("central")), default=Value("province"))
    )


def council_candidates(user):
    """Staff users with a role in USER's scope (who may sit on a council USER manages)."""
    return users_in_scope(user, staff_only=True)


def latest_dossiers(product_ids) -> dict[int, Dossier]:
    """{product id: its latest dossier} (the status of each product in the cycle), in one query."""
    found: dict[int, Dossier] = {}
    queryset = Dossier.objects.filter(product_id__in=list(product_ids)).order_by("product_id", "-created_at", "-pk")
    for dossier in queryset.only("pk", "product_id", "status", "year", "kind", "created_at"):
        found.setdefault(dossier.product_id, dossier)
    return found


# --- Council analytics -------------------------------------------------------------------------

def rounds_analysable_by(user) -> QuerySet[RatingRound]:
    """Rating rounds whose councils the user may analyse: their province's (or all, nationally;
    unlike rounds_visible_to, no central round for a province's reader)."""
    prefixes = scope_for(user).read_prefixes
    if user.is_superuser or "" in prefixes:
        return RatingRound.objects.all()
    return RatingRound.objects.filter(unit_q(prefixes, "unit")) if prefixes else RatingRound.objects.none()


def council_sheet_rows(*, user, year: int | None = None, round_id: int | None = None) -> list:
    """Every submitted sheet in the user's rounds as an analytics.SheetRow (one query)."""
    queryset = ScoreSheet.objects.filter(
        submitted_at__isnull=False, total__isnull=False, member__council__round__in=rounds_analysable_by(user)
    )
    if year:
        queryset = queryset.filter(member__council__round__year=year)
    if round_id:
        queryset = queryset.filter(member__council__round_id=round_id)
    values = queryset.order_by("member__council__round__year", "member__council__round__level",
                               "member__council__round__sequence", "dossier_id", "id").values_list(
        "member__user_id", "member__user__full_name", "member__user__username",
        "member__council__round_id", "member__council__round__year", "member__council__round__sequence",
        "member__council__round__unit__name", "member__council_id", "dossier_id", "total",
    )
    central = str(_("Trung ương"))
    return [
        SheetRow(
            member=user_id, member_name=full_name or username, round=round_pk,
            round_label=f"{_('Đợt')} {sequence}/{round_year} – {unit_name or central}",
            group=(council_id, dossier_id), total=total,
        )
        for (user_id, full_name, username, round_pk, round_year, sequence, unit_name, council_id, dossier_id, total)
        in values
        if total is not None  # filtered above; said again for the type checker
    ]
