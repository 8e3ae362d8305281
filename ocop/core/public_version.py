"""The public data version: one number that changes whenever data the public sees changes.

Every service that changes public data (a certificate issued, extended or revoked, a product or a
producer's public fields, a photo, a withdrawal from the catalog, a sales point, an e-commerce link,
an event, the daily standing roll) calls public_data_changed() inside its transaction. The public
pages (ocop.catalog) key their caches by public_version(), so a change shows at once, and nothing
else (a login, a download, a dossier) makes them stale.

The number is a database row (ocop.core.models.PublicVersion), bumped in the writer's transaction:
it is shared by every worker and node and moves with the data it stands for. Readers keep it in the
default cache for OCOP_PUBLIC_VERSION_SECONDS (2 by default), so a public page reads no database
row for it: the writer drops that copy (at once and again on commit), so the process that made a
change — and, with a shared cache (REDIS_URL), every node — sees the new number at once; another
process with its own in-memory cache sees it within those seconds.
"""

import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Greatest

from ocop.core.models import PublicVersion

KEY = "ocop:public-version"
ROW = 1


def recheck_seconds() -> int:
    return int(getattr(settings, "OCOP_PUBLIC_VERSION_SECONDS", 2))


def _forget() -> None:
    cache.delete(KEY)


def public_data_changed() -> None:
    """Record that public data changed (call inside the service's transaction). The new number is
    at least the current time in microseconds, so it never repeats one used before a rollback or a
    restore from a backup."""
    bump = {"value": Greatest(F("value") + 1, Value(time.time_ns() // 1000))}
    if not PublicVersion.objects.filter(pk=ROW).update(**bump):
        PublicVersion.objects.get_or_create(pk=ROW)
        PublicVersion.objects.filter(pk=ROW).update(**bump)
    _forget()
    transaction.on_commit(_forget)


def public_version() -> int:
    """The current number: from the cache, or one primary-key read every few seconds."""
    value = cache.get(KEY)
    if value is None:
        value = PublicVersion.objects.filter(pk=ROW).values_list("value", flat=True).first() or 0
        cache.set(KEY, value, recheck_seconds())
    return value
