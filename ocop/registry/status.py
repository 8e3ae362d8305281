"""Document status from dates: valid, expiring (within OCOP_DOCUMENT_EXPIRING_DAYS) or expired.

Never stored: a pure function for one document, and the same rule as a queryset annotation for
lists and filters. Boundaries: a document is still valid on its expiry date (expired from the day
after); it is "expiring" when 0 ≤ days left ≤ the setting; no expiry date means valid.
"""

from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Case, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class DocumentStatus(models.TextChoices):
    VALID = "valid", _("Còn hiệu lực")
    EXPIRING = "expiring", _("Sắp hết hạn")
    EXPIRED = "expired", _("Hết hạn")


def expiring_days() -> int:
    return int(getattr(settings, "OCOP_DOCUMENT_EXPIRING_DAYS", 60))


def document_status(expires_on: date | None, *, today: date, window_days: int) -> DocumentStatus:
    if expires_on is None:
        return DocumentStatus.VALID
    if expires_on < today:
        return DocumentStatus.EXPIRED
    if (expires_on - today).days <= window_days:
        return DocumentStatus.EXPIRING
    return DocumentStatus.VALID


def status_expression(*, today: date | None = None, window_days: int | None = None, field: str = "expires_on"):
    """The status as an SQL CASE, equal to document_status() row by row."""
    today = today or timezone.localdate()
    window = expiring_days() if window_days is None else window_days
    return Case(
        When(**{f"{field}__isnull": True}, then=Value(DocumentStatus.VALID.value)),
        When(**{f"{field}__lt": today}, then=Value(DocumentStatus.EXPIRED.value)),
        When(**{f"{field}__lte": today + timedelta(days=window)}, then=Value(DocumentStatus.EXPIRING.value)),
        default=Value(DocumentStatus.VALID.value),
        output_field=models.CharField(max_length=10),
    )


def with_status(queryset, *, today: date | None = None, window_days: int | None = None):
    return queryset.annotate(status=status_expression(today=today, window_days=window_days))
