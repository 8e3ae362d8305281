"""Certificate status as choices and as a queryset annotation, equal to lifecycle.certificate_status.

Never stored: lists annotate it in SQL for "today" (so filters and counts stay in the database),
single certificates compute it in Python. Both use the same boundaries (see lifecycle).
"""

from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Case, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ocop.certificates import lifecycle


class CertificateStatus(models.TextChoices):
    VALID = lifecycle.VALID, _("Còn hiệu lực")
    EXPIRING = lifecycle.EXPIRING, _("Sắp hết hạn")
    EXPIRED = lifecycle.EXPIRED, _("Hết hạn")
    REVOKED = lifecycle.REVOKED, _("Đã thu hồi")


#: Unfold label colours per status.
TONES = {
    CertificateStatus.VALID: "success",
    CertificateStatus.EXPIRING: "warning",
    CertificateStatus.EXPIRED: "danger",
    CertificateStatus.REVOKED: "danger",
}


def expiring_days() -> int:
    return int(getattr(settings, "OCOP_CERTIFICATE_EXPIRING_DAYS", lifecycle.EXPIRING_DAYS))


def certificate_months() -> int:
    return int(getattr(settings, "OCOP_CERTIFICATE_MONTHS", lifecycle.CERTIFICATE_MONTHS))


def status_of(certificate, *, today: date | None = None) -> CertificateStatus:
    value = lifecycle.certificate_status(
        certificate.issued_on, certificate.valid_until, certificate.revoked_on,
        today or timezone.localdate(), expiring_days(), certificate.extended_until,
    )
    return CertificateStatus(value)


def last_day_before(day: date, prefix: str = "") -> Q:
    """The last day in force (valid_until, or the Art. 12.3 extension, which is always later) is
    before DAY: plain comparisons, so the valid_until index still serves."""
    return Q(**{f"{prefix}valid_until__lt": day}) & (
        Q(**{f"{prefix}extended_until__isnull": True}) | Q(**{f"{prefix}extended_until__lt": day})
    )


def status_expression(*, today: date | None = None, window_days: int | None = None, prefix: str = ""):
    """The status as an SQL CASE, equal to lifecycle.certificate_status() row by row."""
    today = today or timezone.localdate()
    window = expiring_days() if window_days is None else window_days
    return Case(
        When(Q(**{f"{prefix}revoked_on__lte": today}), then=Value(CertificateStatus.REVOKED.value)),
        When(last_day_before(today, prefix), then=Value(CertificateStatus.EXPIRED.value)),
        When(last_day_before(today + timedelta(days=window + 1), prefix), then=Value(CertificateStatus.EXPIRING.value)),
        default=Value(CertificateStatus.VALID.value),
        output_field=models.CharField(max_length=10),
    )


def with_status(queryset, *, today: date | None = None, window_days: int | None = None):
    return queryset.annotate(status=status_expression(today=today, window_days=window_days))
