"""The daily certificate job: re-rating reminders at 180, 150 and 120 days, and expiry notices.

Exactly once per certificate and threshold: the ReminderSent row (unique on certificate and
threshold) is written in the same transaction as the notifications, so a second run the same day,
a run in parallel, or a run after a crash never repeats a reminder. Which threshold is due on a
given day is lifecycle.due_reminder (a missed day is caught up; a long-passed threshold is not).

No reminder is sent for a revoked certificate, for one that a newer certificate of the same
product has replaced, or once a re-rating dossier that follows it is in progress.
"""

from collections import Counter
from datetime import date, timedelta

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from ocop.certificates import lifecycle, notify
from ocop.certificates.models import Certificate, ReminderSent
from ocop.certificates.selectors import open_rerating_dossiers


def reminder_candidates(today: date):
    """Certificates whose expiry is near enough (or recent enough) for a reminder or notice."""
    newer = Certificate.objects.filter(
        product=OuterRef("product"), issued_on__gt=OuterRef("issued_on"), revoked_on__isnull=True
    )
    return (
        Certificate.objects.filter(
            valid_until__gt=today - timedelta(days=lifecycle.CATCH_UP_DAYS),
            valid_until__lte=today + timedelta(days=max(lifecycle.REMINDER_THRESHOLDS)),
        )
        .exclude(revoked_on__lte=today)
        .exclude(Exists(newer))
        .exclude(Exists(open_rerating_dossiers()))
        .select_related("product__unit", "product__producer", "decision")
    )


def lifecycle_run(*, today: date | None = None) -> dict:
    """Send what is due TODAY; returns {"sent": n, "by_threshold": {threshold: n}}."""
    today = today or timezone.localdate()
    candidates = list(reminder_candidates(today))
    sent = set(
        ReminderSent.objects.filter(certificate__in=[c.pk for c in candidates]).values_list("certificate_id", "threshold")
    )
    due = []
    for certificate in candidates:
        threshold = lifecycle.due_reminder(certificate.valid_until, today)
        if threshold is not None and (certificate.pk, threshold) not in sent:
            due.append((certificate, threshold))
    users = notify.recipients([certificate for certificate, _ in due])
    counts: Counter = Counter()
    for certificate, threshold in due:
        with transaction.atomic():
            _, created = ReminderSent.objects.get_or_create(certificate=certificate, threshold=threshold)
            if not created:
                continue  # another run got there first
            notify.certificate_reminder(certificate, threshold, today, users[certificate.pk])
        counts[threshold] += 1
    return {"sent": sum(counts.values()), "by_threshold": {str(k): v for k, v in sorted(counts.items())}}
