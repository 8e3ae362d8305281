"""Reads of the certificates app, always through the user's scope (ocop.accounts.scope).

A certificate's unit is its product's unit; a decision is visible to whoever sees its issuing
unit or any product it concerns (a commune officer reads the province decisions that recognise
the commune's products; a central decision has no unit and is read through its products).
*_get raise Http404 outside the scope, exactly as for a missing row. Lists carry their related
rows, so the number of queries does not grow with the number of rows.
"""

import uuid
from datetime import date, timedelta
from typing import Any

from django.core.cache import cache
from django.db import connection
from django.db.models import Exists, F, Max, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from ocop.accounts.scope import scope_for, unit_q, visible_to
from ocop.certificates.models import Certificate, Decision, DecisionItem, Notification
from ocop.certificates.status import (
    expiring_days,
    in_force_q,
    last_valid_day_between_q,
    with_live_status,
)
from ocop.core.public_version import public_version
from ocop.registry.models import Product


def _get(queryset: QuerySet, **lookup):
    try:
        return queryset.get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


# --- Certificates ------------------------------------------------------------------------------

def certificates_visible_to(user) -> QuerySet[Certificate]:
    return visible_to(Certificate.objects.all(), user, "product__unit")


def certificate_list(
    *, user, status: str | None = None, stars: int | None = None, today: date | None = None
) -> QuerySet[Certificate]:
    """In-scope certificates with their computed live `status` annotation."""
    queryset = with_live_status(certificates_visible_to(user), today=today).select_related(
        "product__producer", "product__unit__parent", "decision", "revocation_decision"
    )
    if status:
        queryset = queryset.filter(status=status)
    if stars:
        queryset = queryset.filter(stars=stars)
    return queryset


def certificate_get(*, user, pk) -> Certificate:
    return _get(certificate_list(user=user), pk=pk)


def certificate_public_get(code) -> Certificate:
    """Any certificate by its public uid or its product's OCOP code (the verification page needs
    no login)."""
    return certificate_lookup(code, queryset=Certificate.objects.select_related(
        "product__producer", "product__unit__parent", "decision__issuer_unit", "revocation_decision"
    ))


def public_certificates(*, user=None, today: date | None = None) -> QuerySet[Certificate]:
    """Every certificate issued up to TODAY, whatever its status: anyone may verify a certificate
    (the QR page, the API), so a revoked or expired one is told apart from one that never existed.
    A signed-in USER also reads the not-yet-issued ones of their scope."""
    issued = Q(issued_on__lte=today or timezone.localdate())
    if user is not None and user.is_authenticated:
        issued |= Q(pk__in=certificates_visible_to(user).values("pk"))
    return Certificate.objects.filter(issued)


def certificate_lookup(code, *, queryset: QuerySet[Certificate] | None = None) -> Certificate:
    """The certificate a member of the public typed or scanned: its verification code (uid), or the
    OCOP product code printed on the label (then the product's most recently issued certificate).
    Http404 when neither matches."""
    queryset = Certificate.objects.all() if queryset is None else queryset
    text = str(code or "").strip()[:64]
    try:
        return _get(queryset, uid=uuid.UUID(text))
    except ValueError:
        pass
    if not text:
        raise Http404
    found = queryset.filter(product__ocop_code__iexact=text).order_by("-issued_on", "-pk").first()
    if found is None:
        raise Http404
    return found


def expiring_list(
    *, user, within_days: int | None = None, unit=None, stars: int | None = None, today: date | None = None
) -> QuerySet[Certificate]:
    """Certificates that will lapse within WITHIN_DAYS (not revoked, not yet expired), soonest first."""
    today = today or timezone.localdate()
    within = expiring_days() if within_days is None else within_days
    queryset = certificate_list(user=user, stars=stars, today=today).filter(
        last_valid_day_between_q(today, today + timedelta(days=within)))
    if unit is not None:
        queryset = queryset.filter(unit_q((unit.path,), "product__unit"))
    return queryset.annotate(rerating_filed=Exists(open_rerating_dossiers())).order_by("valid_until", "id")


def open_rerating_dossiers():
    """Re-rating dossiers in progress that follow a certificate's dossier (OuterRef: certificate)."""
    from ocop.rating.models import Dossier
    from ocop.rating.workflow import DossierStatus

    return Dossier.objects.filter(previous=OuterRef("result__dossier"), kind=Dossier.Kind.RERATING).exclude(
        status__in=[DossierStatus.WITHDRAWN, DossierStatus.REJECTED]
    )


def current_certificate(product, *, today: date | None = None) -> Certificate | None:
    """The certificate PRODUCT shows today: its best in force (ocop.certificates.standing), or None."""
    return certificates_for_products([product.pk], today=today).get(product.pk)


def certificates_for_products(product_ids, *, today: date | None = None) -> dict[int, Certificate]:
    """{product id: the certificate it shows today} — its best in force: the highest stars, then the
    newest (ocop.certificates.standing.best_in_force) — with its decision, in one query. The one
    definition for every app (catalog, API, indicators)."""
    today = today or timezone.localdate()
    found: dict[int, Certificate] = {}
    queryset = Certificate.objects.filter(in_force_q(today), product_id__in=list(product_ids))
    for certificate in queryset.select_related("decision").order_by("product_id", "-stars", "-issued_on", "-pk"):
        found.setdefault(certificate.product_id, certificate)
    return found


def standings_current(today: date | None = None) -> bool:
    """True when every product's stored standing holds on TODAY: its window covers the day and no
    certificate was written around the services. Then registry.Product.standing_stars is exactly
    the stars of its best certificate in force. One query over three small index ranges."""
    today = today or timezone.localdate()
    checks = [
        Product.objects.filter(standing_until__lt=today),
        Product.objects.filter(standing_from__gt=today),
        Certificate.objects.filter(standing_applied=False),
    ]
    parts: list[str] = []
    params: list[Any] = []
    for queryset in checks:
        # No ORDER BY (the models' default ordering would make each probe find the first in order).
        sql, query_params = queryset.order_by().values("pk")[:1].query.sql_with_params()
        parts.append(f"EXISTS ({sql})")
        params.extend(query_params)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {' OR '.join(parts)}", params)
        return not cursor.fetchone()[0]


STANDINGS_MEMO_SECONDS = 60


def standings_hold(today: date | None = None) -> bool:
    """standings_current(TODAY), remembered in the cache per day and public data version for a
    minute: the public pages ask it for every list they build, and it changes only with the date, a
    certificate written by a service (which moves the version) or one written around the services
    (then at most a minute late; the daily roll stores those standings)."""
    today = today or timezone.localdate()
    key = f"ocop:standings-current:{today:%Y%m%d}:{public_version()}"
    held = cache.get(key)
    if held is None:
        held = standings_current(today)
        cache.set(key, held, STANDINGS_MEMO_SECONDS)
    return held


def standings_due(today: date | None = None) -> set[int]:
    """Ids of the products whose stored standing may not hold on TODAY (see standings_current)."""

    today = today or timezone.localdate()
    stale = Product.objects.filter(Q(standing_until__lt=today) | Q(standing_from__gt=today)).values_list("pk", flat=True)
    unapplied = Certificate.objects.filter(standing_applied=False).values_list("product_id", flat=True)
    return set(stale) | set(unapplied)


# --- Decisions ---------------------------------------------------------------------------------

def decisions_visible_to(user) -> QuerySet[Decision]:
    prefixes = scope_for(user).read_prefixes
    if user.is_superuser or "" in prefixes:
        return Decision.objects.all()
    if not prefixes:
        return Decision.objects.none()
    concerns = DecisionItem.objects.filter(unit_q(prefixes, "result__product__unit"), decision=OuterRef("pk"))
    revokes = Certificate.objects.filter(unit_q(prefixes, "product__unit"), revocation_decision=OuterRef("pk"))
    return Decision.objects.filter(unit_q(prefixes, "issuer_unit") | Q(Exists(concerns)) | Q(Exists(revokes)))


def decision_get(*, user, pk) -> Decision:
    return _get(decisions_visible_to(user).select_related("issuer_unit"), pk=pk)


# --- Notifications -----------------------------------------------------------------------------

def notifications_for(user, *, unread_only: bool = False) -> QuerySet[Notification]:
    """The user's own notifications, newest first (nobody reads anyone else's)."""
    if not getattr(user, "is_authenticated", False):
        return Notification.objects.none()
    queryset = Notification.objects.filter(user=user).select_related("certificate__product")
    return queryset.filter(read_at__isnull=True) if unread_only else queryset


def own_certificates(user, *, today: date | None = None) -> QuerySet[Certificate]:
    """Certificates of the user's own producers' products ("Giấy chứng nhận của tôi"), with status."""
    from ocop.registry.selectors import producers_of_user

    if not getattr(user, "is_authenticated", False):
        return Certificate.objects.none()
    queryset = Certificate.objects.filter(product__producer__in=producers_of_user(user).values("pk"))
    return with_live_status(queryset, today=today).select_related("product", "decision").order_by("-valid_until", "-pk")


def own_certificate_get(*, user, pk) -> Certificate:
    return _get(own_certificates(user), pk=pk)


def unread_count(user) -> int:
    return notifications_for(user, unread_only=True).count() if getattr(user, "is_authenticated", False) else 0


def with_current_certificate(queryset: QuerySet[Product], *, today: date | None = None) -> QuerySet[Product]:
    """Annotate each product with public_stars: the stars of its best certificate in force (None
    without one). Read from the product's own row while the stored standings hold today (always,
    once the daily roll has run: ocop.certificates.standing); otherwise the highest stars among its
    certificates in force, by one join and a GROUP BY — the same value, computed. The catalog's
    published products and the promotion demo read it."""
    today = today or timezone.localdate()
    if standings_hold(today):
        return queryset.annotate(public_stars=F("standing_stars"))
    return queryset.annotate(public_stars=Max("certificates__stars", filter=in_force_q(today, "certificates__")))
