"""The task inbox: the work waiting for a back-office user, by role, in their scope.

One definition serves the landing page (admin index) and the sidebar badges, so their counts
always agree. Each section is a queryset of the records to act on (cheap: filters and EXISTS on
indexed columns, no DISTINCT), ordered most urgent first; each item links to the page where the
work is done. Scope comes from each app's scoped selectors (ocop.accounts underneath).
"""

import functools
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import Exists, F, Func, OuterRef, Q, QuerySet, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from ocop.accounts import roles as role_sets
from ocop.accounts.models import Role
from ocop.accounts.scope import scope_for, unit_in
from ocop.inbox.sections import TEXTS

ITEMS_SHOWN = 8


@dataclass
class Item:
    title: str
    url: str
    detail: str = ""
    due: date | None = None
    overdue: bool = False


@dataclass
class Section:
    key: str
    title: str
    hint: str
    count: int
    items: list[Item] = field(default_factory=list)
    list_url: str = ""


# --- The querysets (one per section) -------------------------------------------------------------

def dossiers_to_review(user) -> QuerySet:
    """Commune: submitted dossiers waiting for the commune review, earliest deadline first."""
    from ocop.rating.selectors import dossiers_visible_to
    from ocop.rating.workflow import DossierStatus

    return dossiers_visible_to(user).filter(status=DossierStatus.SUBMITTED).order_by("review_due_on", "pk")


def producers_to_verify(user) -> QuerySet:
    """Commune: producers that registered themselves, waiting for the officer, oldest first."""
    from ocop.cycle.selectors import verifications_visible_to
    from ocop.cycle.workflow import VerificationStatus

    return verifications_visible_to(user).filter(status=VerificationStatus.PENDING).order_by("created_at", "pk")


def dossiers_to_accept(user) -> QuerySet:
    """Province: dossiers the communes proposed, to accept into a round (or return)."""
    from ocop.rating.selectors import dossiers_visible_to
    from ocop.rating.workflow import DossierStatus

    return dossiers_visible_to(user).filter(status=DossierStatus.PROPOSED).order_by("proposed_at", "pk")


def dossiers_without_council(user) -> QuerySet:
    """Province: accepted dossiers whose round has no council yet (or that have no round)."""
    from ocop.rating.models import Council
    from ocop.rating.selectors import dossiers_visible_to
    from ocop.rating.workflow import DossierStatus

    has_council = Exists(Council.objects.filter(round=OuterRef("round")))
    return dossiers_visible_to(user).filter(Q(status=DossierStatus.ACCEPTED), ~Q(has_council)).order_by("pk")


def results_to_finalise(user) -> QuerySet:
    """Province office, secretary: accepted dossiers whose council's scoring members have all
    submitted, with no final province result yet."""
    from ocop.rating.models import CouncilMember, RatingResult, ScoreSheet
    from ocop.rating.selectors import dossiers_visible_to
    from ocop.rating.workflow import DossierStatus

    seats = CouncilMember.objects.filter(council__round=OuterRef("round"), role__in=CouncilMember.SCORING)
    submitted = ScoreSheet.objects.filter(dossier=OuterRef(OuterRef("pk")), member=OuterRef("pk"),
                                          submitted_at__isnull=False)
    missing = seats.filter(~Exists(submitted))
    final = RatingResult.objects.filter(dossier=OuterRef("pk"), level=RatingResult.Level.PROVINCE,
                                        finalized_at__isnull=False)
    return dossiers_visible_to(user).filter(
        Q(status=DossierStatus.ACCEPTED), Q(Exists(seats)), ~Q(Exists(missing)), ~Q(Exists(final))
    ).order_by("pk")


def results_to_decide(user) -> QuerySet:
    """Province: final province results of 3★ or more that no decision has recognised yet."""
    from ocop.certificates.models import DecisionItem
    from ocop.rating.models import RatingResult
    from ocop.registry.models import Product

    recognised = DecisionItem.objects.filter(result=OuterRef("pk"))
    # The results the user may decide on: those of products in the user's units (a decision
    # recognises only products of its issuer's area), read through the products' unit column.
    results = RatingResult.objects.select_related("product")
    prefixes = scope_for(user).read_prefixes
    if not user.is_superuser and "" not in prefixes:
        results = results.filter(product__in=Product.objects.filter(unit_in(prefixes)).values("pk"))
    return results.filter(
        Q(level=RatingResult.Level.PROVINCE, is_historical=False, finalized_at__isnull=False, stars__gte=3),
        ~Q(Exists(recognised)),
    ).select_related("product").order_by("finalized_at", "pk")


def certificates_to_rerate(user, today: date | None = None) -> QuerySet:
    """Province: certificates inside the re-rating window (180 to 120 days before expiry) with no
    re-rating dossier in progress, soonest window end first."""
    from ocop.certificates.lifecycle import RERATING_CLOSES_DAYS, RERATING_OPENS_DAYS
    from ocop.certificates.selectors import certificates_visible_to, open_rerating_dossiers

    today = today or timezone.localdate()
    return certificates_visible_to(user).filter(
        Q(revoked_on__isnull=True),
        Q(valid_until__gte=today + timedelta(days=RERATING_CLOSES_DAYS)),
        Q(valid_until__lte=today + timedelta(days=RERATING_OPENS_DAYS)),
        ~Q(Exists(open_rerating_dossiers())),
    ).select_related("product").order_by("valid_until", "pk")


def findings_to_decide(user) -> QuerySet:
    """Province and national office: certificates whose revocation has started (a competent
    authority's conclusion recorded, not revoked yet) that the user's office is responsible for
    deciding (Art. 8.2, ocop.certificates.lifecycle.revocation_authority: the province office for
    3★ and 4★ in its province, the national office for 5★), the oldest conclusion (the decision due
    soonest, 15 days after it) first. Responsibility, not permission: the national office may also
    record a province's decision (certificates.services.check_can_decide), but it is not its work."""
    from ocop.certificates.lifecycle import CENTRAL_REVOCATION_STARS
    from ocop.certificates.selectors import certificates_visible_to

    certificates = certificates_visible_to(user).filter(revocation_finding_on__isnull=False, revoked_on__isnull=True)
    if not user.is_superuser:
        scope = scope_for(user)
        central = Q(stars__gte=CENTRAL_REVOCATION_STARS) if Role.NATIONAL_OFFICE in scope.roles else Q(pk__in=[])
        province = Q(stars__lt=CENTRAL_REVOCATION_STARS) & unit_in(
            scope.prefixes_of({Role.PROVINCE_OFFICE}), "product__unit")
        certificates = certificates.filter(central | province)
    return certificates.select_related("product").order_by("revocation_finding_on", "pk")


def sheets_to_fill(user) -> QuerySet:
    """Council member: dossiers waiting for this member's score sheet."""
    from ocop.rating.selectors import dossiers_with_pending_sheet

    return dossiers_with_pending_sheet(user).order_by("pk")


def department_tasks(user) -> QuerySet:
    """Open tasks waiting for this user, earliest deadline first: a department officer's are the
    tasks their own department leads (they read the rest of the programme, but act on these only);
    the province office's are every task in its scope."""
    from ocop.program.selectors import tasks_visible_to
    from ocop.program.workflow import OPEN

    tasks = tasks_visible_to(user).filter(status__in=sorted(OPEN))
    scope = scope_for(user)
    if not user.is_superuser and scope.roles.isdisjoint(role_sets.TASK_MANAGERS):
        tasks = tasks.filter(lead_id__in=scope.departments)
    return tasks.select_related("lead").order_by("deadline", "pk")


# --- Who gets which section --------------------------------------------------------------------

COMMUNE = frozenset({Role.COMMUNE_OFFICER, Role.DISTRICT_OFFICE})
PROVINCE = frozenset({Role.PROVINCE_OFFICE})
SECRETARY = frozenset({Role.PROVINCE_OFFICE, Role.COUNCIL_SECRETARY})
COUNCIL = frozenset({Role.COUNCIL_MEMBER, Role.COUNCIL_SECRETARY})
DEPARTMENT = role_sets.TASK_ACTORS
LEADER = role_sets.OVERSEERS
REVOKERS = frozenset({Role.PROVINCE_OFFICE, Role.NATIONAL_OFFICE})

#: key -> (roles that get it, queryset function); titles and hints in ocop.inbox.sections
SECTIONS = {
    "review": (COMMUNE, dossiers_to_review),
    "verify": (COMMUNE, producers_to_verify),
    "accept": (PROVINCE, dossiers_to_accept),
    "council": (PROVINCE, dossiers_without_council),
    "finalise": (SECRETARY, results_to_finalise),
    "decide": (PROVINCE, results_to_decide),
    "rerate": (PROVINCE, certificates_to_rerate),
    "revoke": (REVOKERS, findings_to_decide),
    "sheets": (COUNCIL, sheets_to_fill),
    "tasks": (DEPARTMENT, department_tasks),
}


def _roles(user) -> frozenset:
    roles = scope_for(user).roles
    return roles | PROVINCE | COMMUNE | DEPARTMENT if user.is_superuser else roles


def inbox_keys(user, *, has_seat: bool | None = None) -> list[str]:
    """The sections this user's roles give (a superuser gets every office section); a council
    seat gives the sheets without the council role."""
    if not (user.is_authenticated and user.is_active and user.is_staff):
        return []
    roles = _roles(user)
    keys = [key for key, (given_to, _queryset) in SECTIONS.items() if roles & given_to]
    if "sheets" not in keys and (_has_seat(user) if has_seat is None else has_seat):
        keys.append("sheets")
    return keys


def _has_seat(user) -> bool:
    from ocop.rating.models import CouncilMember

    return CouncilMember.objects.filter(user=user).exists()


def shows_dashboard(user) -> bool:
    return user.is_authenticated and (user.is_superuser or bool(scope_for(user).roles & LEADER))


def _count(queryset: QuerySet) -> Subquery:
    """COUNT(*) of queryset as a scalar subquery (a plain COUNT function: no GROUP BY)."""
    return Subquery(queryset.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")[:1])


def _counts_sql(user, keys: list[str]) -> tuple[str, tuple]:
    """The counts query's SQL and parameters for USER (see `_compiled_counts`)."""
    return _compiled_counts(user.pk, user.is_superuser, scope_for(user), timezone.localdate(), tuple(keys))


@functools.lru_cache(maxsize=1000)
def _compiled_counts(pk, is_superuser: bool, scope, day: date, keys: tuple[str, ...]) -> tuple[str, tuple]:
    """The counts query's SQL by (user, scope, day, sections): building the section querysets and
    compiling their subqueries cost 10-50 ms of CPU per page (more than running them), and every
    back-office page asks. The SQL depends on nothing else: the scope's prefixes, roles and
    departments and the day are its only inputs (the records themselves are read when it runs).
    The cache holds only these values and the compiled text, never the request's user: the
    querysets are built for an unsaved stand-in carrying the same key (DAY is part of the key
    only; the sections read today's date themselves)."""
    from ocop.accounts.models import User

    user: Any = User(pk=pk, is_superuser=is_superuser, is_active=True, is_staff=True)
    user._ocop_scope = scope  # scope_for(user) answers from it, as for the request's user
    sql, params = _counts_query(user, list(keys)).query.sql_with_params()
    return sql, tuple(params)


def _counts_query(user, keys: list[str]) -> QuerySet:
    """One row: whether USER holds a council seat, and each section's count (scalar subqueries)."""
    from ocop.accounts.models import User
    from ocop.rating.models import CouncilMember
    from ocop.rating.selectors import dossiers_overdue_review

    return User.objects.filter(pk=user.pk).annotate(
        _seat=Exists(CouncilMember.objects.filter(user=OuterRef("pk"))),
        _overdue=_count(dossiers_overdue_review(user=user)),
        **{f"_n_{key}": _count(SECTIONS[key][1](user)) for key in keys},
    ).values("_seat", "_overdue", *(f"_n_{key}" for key in keys))[:1]


def _counts_row(request) -> dict:
    """The counts row of the request's user (one query of scalar subqueries on the user's row,
    kept in the shared cache until a counted record changes), cached on the request."""
    cached = getattr(request, "_ocop_counts_row", None)
    if cached is not None:
        return cached
    user = request.user
    row: dict = {}
    if user.is_authenticated and user.is_active and user.is_staff:
        from django.db import connection

        from ocop.inbox.counts_cache import cached_counts

        keys = inbox_keys(user, has_seat=True)  # every possible key; the seat is read below

        def compute() -> dict:
            sql, params = _counts_sql(user, keys)
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                found = cursor.fetchone()
                return dict(zip((column[0] for column in cursor.description), found, strict=True)) if found else {}

        row = cached_counts((_identity(user), timezone.localdate().isoformat(), keys), compute)
    request._ocop_counts_row = row
    return row


def _identity(user) -> tuple:
    """What the inbox of USER depends on besides the records: the user and their scope, sorted so
    that every process makes the same key (a frozenset's order follows the string hash seed)."""
    scope = scope_for(user)
    return (user.pk, user.is_superuser, scope.read_prefixes, scope.write_prefixes, sorted(scope.roles),
            scope.grants, sorted(scope.departments))


def inbox_counts(request) -> dict[str, int]:
    """{section key: count} for the request's user, from the counts row (_counts_row): the
    sidebar badges and the landing page read this, so they always agree."""
    cached = getattr(request, "_ocop_inbox_counts", None)
    if cached is not None:
        return cached
    user, row = request.user, _counts_row(request)
    cached = {key: row.get(f"_n_{key}") or 0 for key in inbox_keys(user, has_seat=bool(row.get("_seat")))} if row else {}
    request._ocop_inbox_counts = cached
    return cached


def overdue_reviews_count(request) -> int:
    """Commune reviews past their deadline in the user's scope (the sidebar's badge on the
    dossiers), from the same counts row: the badge costs no query of its own."""
    return _counts_row(request).get("_overdue") or 0


def inbox_sections(request, today: date | None = None) -> list[Section]:
    """The sections of the landing page, each with its first items (two queries a section with
    records), kept in the shared cache with the counts they go with, until a record they show
    changes (ocop.inbox.counts_cache; in the page's language: the items hold translated text)."""
    from django.utils.translation import get_language

    from ocop.inbox.counts_cache import cached_counts

    today = today or timezone.localdate()
    counts = inbox_counts(request)

    def build() -> list[Section]:
        sections = []
        for key in counts:
            queryset_of = SECTIONS[key][1]
            title, hint = TEXTS[key]
            rows = _first_items(queryset_of(request.user), counts[key]) if counts[key] else []
            sections.append(Section(key, str(title), str(hint), counts[key],
                                    [ITEM_OF[key](row, today) for row in rows], LIST_URLS[key]()))
        return sections

    identity = ("sections", _identity(request.user), today.isoformat(), get_language(), sorted(counts.items()))
    return cached_counts(identity, build)


#: Up to this many records in a section, its first items are found from the list of all its ids.
LISTED_MAX = 2000


def _first_items(queryset: QuerySet, count: int) -> list:
    """The first ITEMS_SHOWN records of a section of COUNT records (from the counts row), with
    their product, producer, unit... joined. PostgreSQL misjudges how many records a scoped
    section holds (the scope is an OR of semi-joins: it expects every dossier of the status) and,
    asked for the first 8 in id or date order, walks that index through all 300k dossiers at ×10.
    So a section of up to LISTED_MAX records is read as the list of its ids first (the same plan
    as its count: the status and scope indexes, no order), then those ids ordered and joined; a
    bigger one is ordered and limited on its own table before the joins."""
    if count <= LISTED_MAX:
        ids = list(queryset.select_related(None).order_by().values_list("pk", flat=True))
        return list(queryset.filter(pk__in=ids)[:ITEMS_SHOWN]) if ids else []
    chosen = queryset.select_related(None).values("pk")[:ITEMS_SHOWN]
    return list(queryset.filter(pk__in=chosen))


# --- Where each item is worked on ----------------------------------------------------------------

def _dossier_title(dossier) -> str:
    return f"#{dossier.pk} – {dossier.product.name} ({dossier.product.producer.name})"


def _due(day: date | None) -> str:
    return date_format(day, "SHORT_DATE_FORMAT") if day else ""


def _review_item(dossier, today):
    overdue = bool(dossier.review_due_on and dossier.review_due_on < today)
    return Item(_dossier_title(dossier), reverse("admin:rating_dossier_review", args=[dossier.pk]),
                str(dossier.unit), dossier.review_due_on, overdue)


def _verify_item(verification, today):
    producer = verification.producer
    return Item(producer.name, reverse("admin:cycle_producerverification_change", args=[verification.pk]),
                str(producer.unit) if producer.unit_id else "")


def _dossier_item(dossier, today):
    return Item(_dossier_title(dossier), reverse("admin:rating_dossier_change", args=[dossier.pk]), str(dossier.unit))


def _council_item(dossier, today):
    if dossier.round_id:
        url = reverse("admin:rating_council_add") + f"?round={dossier.round_id}"
        detail = str(dossier.round)
    else:
        url, detail = reverse("admin:rating_dossier_change", args=[dossier.pk]), str(_("Chưa có đợt đánh giá"))
    return Item(_dossier_title(dossier), url, detail)


def _finalise_item(dossier, today):
    return Item(_dossier_title(dossier), reverse("admin:rating_dossier_result", args=[dossier.pk, "province"]),
                str(dossier.round) if dossier.round_id else "")


def _decide_item(result, today):
    return Item(f"{result.product.name} – {result.recognised_stars}★", reverse("admin:certificates_decision_issue_decision"),
                _due(result.finalized_at.date() if result.finalized_at else None))


def _rerate_item(certificate, today):
    from ocop.certificates.lifecycle import rerating_window

    closes_on = rerating_window(certificate.valid_until)[1]
    return Item(f"{certificate.product.name} – {certificate.stars}★",
                reverse("admin:certificates_certificate_change", args=[certificate.pk]),
                str(_("hết hạn %(day)s") % {"day": _due(certificate.valid_until)}), closes_on, closes_on < today)


def _revoke_item(certificate, today):
    from ocop.certificates.lifecycle import revocation_deadline

    due_on = revocation_deadline(certificate.revocation_finding_on)
    return Item(f"{certificate.product.name} – {certificate.stars}★",
                reverse("admin:certificates_certificate_change", args=[certificate.pk]),
                str(_("kết luận ngày %(day)s") % {"day": _due(certificate.revocation_finding_on)}), due_on,
                due_on < today)


def _sheet_item(dossier, today):
    return Item(_dossier_title(dossier),
                reverse("admin:rating_dossier_scoring", args=[dossier.pk, dossier.pending_level]),
                str(dossier.round if dossier.pending_level == "province" else dossier.central_round))


def _task_item(task, today):
    return Item(task.title, reverse("admin:program_departmenttask_change", args=[task.pk]), str(task.lead),
                task.deadline, task.deadline < today)


ITEM_OF = {
    "review": _review_item, "verify": _verify_item, "accept": _dossier_item, "council": _council_item,
    "finalise": _finalise_item, "decide": _decide_item, "rerate": _rerate_item, "revoke": _revoke_item,
    "sheets": _sheet_item,
    "tasks": _task_item,
}

LIST_URLS = {
    "review": lambda: reverse("admin:rating_dossier_changelist") + "?status__exact=submitted",
    "verify": lambda: reverse("admin:cycle_producerverification_changelist") + "?status__exact=pending",
    "accept": lambda: reverse("admin:rating_dossier_changelist") + "?status__exact=proposed",
    "council": lambda: reverse("admin:rating_council_changelist"),
    "finalise": lambda: reverse("admin:rating_dossier_changelist") + "?status__exact=accepted",
    "decide": lambda: reverse("admin:rating_ratingresult_changelist"),
    "rerate": lambda: reverse("admin:certificates_expiring"),
    "revoke": lambda: reverse("admin:certificates_certificate_changelist") + "?status=suspended",
    "sheets": lambda: reverse("admin:rating_scoring"),
    "tasks": lambda: reverse("admin:program_departmenttask_changelist"),
}
