"""The certificate a product shows, and for how long (pure: plain values in, a Standing out).

A product shows its best certificate in force — the highest stars, then the newest (issued last,
then created last) — and none when no certificate is in force. What it shows changes only on the
days a certificate starts (issued_on) or stops (the day after valid_until, or the revocation day),
so it is constant over a window of days around any date. ocop.certificates.services keeps that
window on the product (registry.Product.standing_*), and the catalog sorts, filters and counts
published products on their own rows while today falls inside their window
(ocop.certificates.selectors.standings_current says when every window does).
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from ocop.certificates.status import CertificateDates

ONE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class Standing:
    certificate: int | None  # pk of the certificate shown, None when none is in force
    stars: int | None
    since: date  # first day of the window (date.min: no earlier change)
    until: date  # last day of the window (date.max: no later change)


def best_in_force(certificates: Iterable[CertificateDates], day: date) -> CertificateDates | None:
    in_force = [c for c in certificates if c.in_force_on(day)]
    return max(in_force, key=CertificateDates.rank, default=None)


def standing_on(certificates: Iterable[CertificateDates], day: date) -> Standing:
    """What the product shows on DAY and the widest window around DAY bounded by the days any of
    its certificates starts or stops being in force."""
    certificates = list(certificates)
    since, until = date.min, date.max
    for certificate in certificates:
        last = certificate.last_day_in_force
        if day < certificate.issued_on:
            until = min(until, certificate.issued_on - ONE_DAY)
        elif day > last:
            since = max(since, last + ONE_DAY)
        else:
            since = max(since, certificate.issued_on)
            until = min(until, last)
    best = best_in_force(certificates, day)
    return Standing(best.pk if best else None, best.stars if best else None, since, until)
