"""The one place of a certificate's status: when it is in force, its status, and its labels.

The status is never stored. It is defined once, by ``RULES``: a small table of (status, condition
over the certificate's dates and today), read in order, the first condition that holds giving the
status (``VALID`` when none does). Each condition says itself both as SQL (a ``Q``) and in Python,
so the queryset annotation (:func:`status_expression`, for lists, filters and counts in the
database) and the function (:func:`status_on`, for one certificate) are both built from the table;
``test_status.py`` checks them equal on generated dates on the real database.

    revoked  — a revocation took effect on or before today (wins over everything else);
    expired  — the last valid day (valid_until, or the Art. 12.3 extension ``extended_until``
               when there is one: it is always later) is before today;
    expiring — the last valid day is at most ``expiring_days()`` days ahead (the re-rating window
               opens 180 days before expiry; setting OCOP_CERTIFICATE_EXPIRING_DAYS);
    valid    — otherwise.

The *live status* of the display surfaces (``LIVE_RULES``: :func:`live_status_on`,
:func:`live_status_expression`, :func:`with_live_status`) adds one to the four of the law:

    suspended — "Đang xử lý thu hồi": a revocation procedure has started (a competent authority's
               conclusion, or the commune's confirmation that the producer no longer produces, is
               recorded: ``revocation_finding_on``), the decision is due within 15 days (Art. 8.4,
               :func:`revocation_due_on`); the certificate is still legally in force.

Counting (in force, the tallies, the indicators, the catalog's standing) reads RULES only: a
suspended certificate counts as the valid or expiring one it legally is.

A certificate is *in force* on a day when it is issued (issued_on ≤ day) and its status that day is
valid or expiring (``IN_FORCE``): :func:`in_force_q` (SQL) and :meth:`CertificateDates.in_force_on`
(Python), built from the same rules; :attr:`CertificateDates.last_day_in_force` is the last such
day. The validity period itself (36 months, Civil Code Art. 147–148) is ocop.certificates.lifecycle.

Labels per surface (``LABELS``, one row per status): the back office and the API
(``CertificateStatus.label``, with an Unfold tone), the public pages and the producer's portal (a
badge), the verification page's banner title, the national open-data code, and the PDF's mark.
No other module writes a status label (a test greps for it).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Protocol

from django.conf import settings
from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from ocop.certificates import lifecycle

ONE_DAY = timedelta(days=1)


class CertificateStatus(models.TextChoices):
    """The statuses (the API's enum), with the back-office label. The four of the law come from
    RULES; SUSPENDED is the live status of the display surfaces only (LIVE_RULES)."""

    VALID = "valid", _("Còn hiệu lực")
    EXPIRING = "expiring", _("Sắp hết hạn")
    EXPIRED = "expired", _("Hết hạn")
    REVOKED = "revoked", _("Đã thu hồi")
    SUSPENDED = "suspended", _("Đang xử lý thu hồi")


#: The statuses of a certificate in force (once issued).
IN_FORCE = (CertificateStatus.VALID, CertificateStatus.EXPIRING)
#: The live statuses of a certificate in force: a revocation in progress is still in force.
LIVE_IN_FORCE = (*IN_FORCE, CertificateStatus.SUSPENDED)


def expiring_days() -> int:
    return int(getattr(settings, "OCOP_CERTIFICATE_EXPIRING_DAYS", lifecycle.EXPIRING_DAYS))


def certificate_months() -> int:
    return int(getattr(settings, "OCOP_CERTIFICATE_MONTHS", lifecycle.CERTIFICATE_MONTHS))


class Dated(Protocol):
    """What the status reads of a certificate: a Certificate row or a CertificateDates."""

    @property
    def issued_on(self) -> date: ...
    @property
    def valid_until(self) -> date: ...
    @property
    def extended_until(self) -> date | None: ...
    @property
    def revoked_on(self) -> date | None: ...


class Found(Dated, Protocol):
    """What the live status reads as well: the date of a pending revocation finding (Art. 8.4)."""

    @property
    def revocation_finding_on(self) -> date | None: ...


def last_valid_day(certificate: Dated) -> date:
    """The last day in force before any revocation: valid_until, or the Art. 12.3 extension."""
    extended = certificate.extended_until
    return max(certificate.valid_until, extended) if extended else certificate.valid_until


# --- The one definition -------------------------------------------------------------------------

@dataclass(frozen=True)
class RevokedBy:
    """A revocation took effect on or before TODAY."""

    def q(self, today: date, window: int, prefix: str) -> Q:
        return Q(**{f"{prefix}revoked_on__lte": today})

    def holds(self, certificate: Dated, today: date, window: int) -> bool:
        return certificate.revoked_on is not None and certificate.revoked_on <= today


@dataclass(frozen=True)
class LastValidDayBefore:
    """The last valid day is before TODAY (+ the expiring window + 1 when WITHIN_WINDOW): plain
    comparisons of each column, so the valid_until indexes still serve."""

    within_window: bool = False

    def bound(self, today: date, window: int) -> date:
        return today + timedelta(days=window + 1) if self.within_window else today

    def q(self, today: date, window: int, prefix: str) -> Q:
        day = self.bound(today, window)
        return Q(**{f"{prefix}valid_until__lt": day}) & (
            Q(**{f"{prefix}extended_until__isnull": True}) | Q(**{f"{prefix}extended_until__lt": day})
        )

    def holds(self, certificate: Dated, today: date, window: int) -> bool:
        return last_valid_day(certificate) < self.bound(today, window)


#: (status, condition), read in order; VALID when no condition holds.
RULES = (
    (CertificateStatus.REVOKED, RevokedBy()),
    (CertificateStatus.EXPIRED, LastValidDayBefore()),
    (CertificateStatus.EXPIRING, LastValidDayBefore(within_window=True)),
)
DEFAULT = CertificateStatus.VALID
#: The conditions that end "in force" (those of the statuses not in IN_FORCE).
ENDS = tuple(condition for status, condition in RULES if status not in IN_FORCE)


@dataclass(frozen=True)
class FindingPending:
    """A competent authority's conclusion (or the commune's confirmation) dated on or before TODAY
    starts a revocation procedure; the certificate is not revoked (yet) on TODAY. Only after the
    rules that end "in force" in LIVE_RULES, so it holds of a certificate in force."""

    def q(self, today: date, window: int, prefix: str) -> Q:
        return Q(**{f"{prefix}revocation_finding_on__lte": today}) & (
            Q(**{f"{prefix}revoked_on__isnull": True}) | Q(**{f"{prefix}revoked_on__gt": today}))

    def holds(self, certificate, today: date, window: int) -> bool:
        found = certificate.revocation_finding_on
        revoked = certificate.revoked_on
        return found is not None and found <= today and (revoked is None or revoked > today)


#: The live status of the display surfaces (API, verification page, catalog, portal, admin, open
#: data): RULES with SUSPENDED between the statuses that end "in force" and those in force. A
#: suspended certificate is still in force: counting (in_force_q, the tallies, the indicators)
#: reads RULES, never these.
LIVE_RULES = (
    *((status, condition) for status, condition in RULES if status not in IN_FORCE),
    (CertificateStatus.SUSPENDED, FindingPending()),
    *((status, condition) for status, condition in RULES if status in IN_FORCE),
)


def _window(window_days: int | None) -> int:
    return expiring_days() if window_days is None else window_days


def _first_holding(rules, certificate, today: date | None, window_days: int | None) -> CertificateStatus:
    today = today or timezone.localdate()
    window = _window(window_days)
    for status, condition in rules:
        if condition.holds(certificate, today, window):
            return status
    return DEFAULT


def _case(rules, today: date | None, window_days: int | None, prefix: str) -> Case:
    today = today or timezone.localdate()
    window = _window(window_days)
    return Case(
        *[When(condition.q(today, window, prefix), then=Value(status.value)) for status, condition in rules],
        default=Value(DEFAULT.value),
        output_field=models.CharField(max_length=10),
    )


def status_on(certificate: Dated, today: date | None = None, *, window_days: int | None = None) -> CertificateStatus:
    """The status of CERTIFICATE (a row or a CertificateDates) on TODAY, from RULES."""
    return _first_holding(RULES, certificate, today, window_days)


def status_expression(*, today: date | None = None, window_days: int | None = None, prefix: str = "") -> Case:
    """The status as an SQL CASE, from RULES (equal to status_on row by row)."""
    return _case(RULES, today, window_days, prefix)


def with_status(queryset, *, today: date | None = None, window_days: int | None = None):
    return queryset.annotate(status=status_expression(today=today, window_days=window_days))


def live_status_on(certificate: Found, today: date | None = None, *,
                   window_days: int | None = None) -> CertificateStatus:
    """The live status of CERTIFICATE on TODAY, from LIVE_RULES: status_on, or SUSPENDED while a
    revocation finding is pending on a certificate in force."""
    return _first_holding(LIVE_RULES, certificate, today, window_days)


def live_status_expression(*, today: date | None = None, window_days: int | None = None, prefix: str = "") -> Case:
    """The live status as an SQL CASE, from LIVE_RULES (equal to live_status_on row by row)."""
    return _case(LIVE_RULES, today, window_days, prefix)


def with_live_status(queryset, *, today: date | None = None, window_days: int | None = None):
    """QUERYSET annotated with ``status``, the live status (for the display surfaces and their filters)."""
    return queryset.annotate(status=live_status_expression(today=today, window_days=window_days))


def revocation_due_on(certificate: Found) -> date | None:
    """The day by which the revocation decision is due (finding + 15 days, Art. 8.4), while a
    finding is recorded and the certificate is not revoked; None otherwise."""
    if certificate.revocation_finding_on is None or certificate.revoked_on is not None:
        return None
    return lifecycle.revocation_deadline(certificate.revocation_finding_on)


def in_force_q(today: date, prefix: str = "") -> Q:
    """Certificates (at PREFIX) in force on TODAY: issued, and no condition of RULES that ends
    "in force" holds (status valid or expiring; the window does not matter)."""
    q = Q(**{f"{prefix}issued_on__lte": today})
    for condition in ENDS:
        q &= ~condition.q(today, 0, prefix)
    return q


def last_valid_day_between_q(start: date, end: date, prefix: str = "") -> Q:
    """Certificates (at PREFIX) whose last valid day (valid_until, or the Art. 12.3 extension
    ``extended_until`` when later) falls in START..END with no revocation on or before it: those
    that expired in a past period, or will lapse in a coming one. Plain comparisons of each column,
    as LastValidDayBefore."""
    valid, extended, revoked = (f"{prefix}valid_until", f"{prefix}extended_until", f"{prefix}revoked_on")
    no_extension = Q(**{f"{extended}__isnull": True})
    last_from_start = Q(**{f"{valid}__gte": start}) | Q(**{f"{extended}__gte": start})
    last_to_end = Q(**{f"{valid}__lte": end}) & (no_extension | Q(**{f"{extended}__lte": end}))
    not_revoked_first = Q(**{f"{revoked}__isnull": True}) | (
        Q(**{f"{revoked}__gt": F(valid)}) & (no_extension | Q(**{f"{revoked}__gt": F(extended)})))
    return last_from_start & last_to_end & not_revoked_first


def last_valid_day_between(certificate: Dated, start: date, end: date) -> bool:
    """last_valid_day_between_q for one certificate (a row or a CertificateDates)."""
    last = last_valid_day(certificate)
    return start <= last <= end and (certificate.revoked_on is None or certificate.revoked_on > last)


def last_day_before(day: date, prefix: str = "") -> Q:
    """The last valid day is before DAY (expired on DAY, revocation aside)."""
    return LastValidDayBefore().q(day, 0, prefix)


# --- The one value ------------------------------------------------------------------------------

@dataclass(frozen=True)
class CertificateDates:
    """What the standing of a product (ocop.certificates.standing) and the tallies of the
    dashboards (ocop.certificates.tally) need of one certificate."""

    pk: int
    stars: int
    issued_on: date
    valid_until: date
    revoked_on: date | None = None
    extended_until: date | None = None  # Art. 12.3 (see lifecycle)
    product_id: int | None = None
    unit_id: int | None = None
    level: str = ""  # the decision's issuer_level
    revocation_finding_on: date | None = None  # a pending revocation finding (live status only)

    def status_on(self, day: date, *, window_days: int | None = None) -> CertificateStatus:
        return status_on(self, day, window_days=window_days)

    def in_force_on(self, day: date) -> bool:
        return self.issued_on <= day and not any(condition.holds(self, day, 0) for condition in ENDS)

    @property
    def last_day_in_force(self) -> date:
        """The last day on which in_force_on holds (from the issue day on): the last valid day, or
        the day before the revocation when that is earlier."""
        last = last_valid_day(self)
        return last if self.revoked_on is None else min(last, self.revoked_on - ONE_DAY)

    def rank(self) -> tuple:
        return (self.stars, self.issued_on, self.pk)


# --- Labels per surface -------------------------------------------------------------------------

@dataclass(frozen=True)
class Labels:
    tone: str  # back office (Unfold label colour)
    public: Promise  # catalog product page, portal
    badge: str  # CSS class of the public badge
    banner: Promise  # verification page, top
    banner_tone: str
    national: str  # national OCOP open-data layout (TRANG_THAI); "" for a certificate not listed
    pdf_mark: Promise | str = ""  # the PDF's visible mark


LABELS: dict[CertificateStatus, Labels] = {
    CertificateStatus.VALID: Labels(
        "success", _("Còn hiệu lực"), "badge-ok", _("Giấy chứng nhận còn hiệu lực"), "ok", "CON_HIEU_LUC"),
    CertificateStatus.EXPIRING: Labels(
        "warning", _("Còn hiệu lực, sắp hết hạn"), "badge-warn", _("Giấy chứng nhận còn hiệu lực, sắp hết hạn"), "warn",
        "SAP_HET_HAN"),
    CertificateStatus.EXPIRED: Labels(
        "danger", _("Hết hạn"), "badge-bad", _("GIẤY CHỨNG NHẬN ĐÃ HẾT HẠN"), "bad", ""),
    CertificateStatus.REVOKED: Labels(
        "danger", _("Đã thu hồi"), "badge-bad", _("GIẤY CHỨNG NHẬN ĐÃ BỊ THU HỒI"), "bad", "", _("ĐÃ THU HỒI")),
    # Still in force (listed in the open data, no mark on the PDF), with the procedure shown.
    CertificateStatus.SUSPENDED: Labels(
        "warning", _("Đang xử lý thu hồi"), "badge-warn",
        _("Giấy chứng nhận còn hiệu lực, đang xử lý thu hồi"), "warn", "DANG_XU_LY_THU_HOI"),
}
#: The banner of a certificate kept in force past valid_until by an Art. 12.3 extension.
EXTENDED_BANNER = _("Giấy chứng nhận còn hiệu lực (kéo dài chờ kết quả đánh giá lại)")

#: Unfold's colours for @display(label=...): {status: tone}.
TONES = {status: labels.tone for status, labels in LABELS.items()}


def admin_badge(status: str) -> tuple[CertificateStatus, Promise]:
    """The (value, label) pair Unfold's @display(label=TONES) turns into a coloured badge on a
    change list. Only for list columns: a change page shows ``admin_label``."""
    status = CertificateStatus(status)
    return status, status.label


def admin_label(status: str) -> Promise:
    return CertificateStatus(status).label


def public_badge(status: str) -> dict:
    """{"code", "label", "css"} of the public pages and the portal."""
    labels = LABELS[CertificateStatus(status)]
    return {"code": str(status), "label": labels.public, "css": labels.badge}


def national_code(status: str) -> str:
    return LABELS[CertificateStatus(status)].national


def pdf_mark(status: str) -> Promise | str:
    return LABELS[CertificateStatus(status)].pdf_mark
