"""The inbox counts (the sidebar badges) kept briefly in the shared cache, dropped by any change to
the records they count.

Every back-office page shows the badges, so every page would run the counts query (one query of
scalar subqueries, 5–60 ms at ×10 for an office with a wide scope). The counts of one user change
only when a record they count changes, so they are kept in the default cache (Redis with
REDIS_URL: shared by every node) under the user, their scope, the day and the **inbox version**:
a counter bumped by every save or delete of a record a section reads (post_save/post_delete of the
models in WATCHED, connected in InboxConfig.ready), at once and again when the writer's
transaction commits, so a reader that counted while the change was uncommitted keeps its counts
under a number nobody asks for any more.

The landing page's sections (the first items of each, in the page's language) are kept the same way,
keyed also by the counts they go with. A bulk write that sends no signal (QuerySet.update(),
bulk_create, SQL, ``ocop synth``) is seen after OCOP_INBOX_CACHE_SECONDS at the latest (60; 0
switches the cache off).
"""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

KEY = "ocop:inbox-version"
#: The records the inbox sections read and show (ocop.inbox.selectors.SECTIONS and their items): a
#: save or delete of one drops every cached count and section. Role assignments change the scope, which is part of the key.
WATCHED = (
    "rating.Dossier", "rating.RatingRound", "rating.Council", "rating.CouncilMember", "rating.ScoreSheet",
    "rating.RatingResult", "cycle.ProducerVerification", "certificates.Certificate", "certificates.Decision",
    "certificates.DecisionItem", "program.DepartmentTask", "program.Department", "registry.Product",
    "registry.Producer", "territory.AdminUnit",
)


def cache_seconds() -> int:
    return int(getattr(settings, "OCOP_INBOX_CACHE_SECONDS", 60))


def _bump() -> None:
    try:
        cache.incr(KEY)
    except ValueError:  # not in the cache (first use, evicted, cache restarted): a number never used
        cache.set(KEY, time.time_ns(), None)


def inbox_changed() -> None:
    """Drop every cached count: now, and again when the current transaction commits."""
    _bump()
    transaction.on_commit(_bump)


def _changed(sender, **kwargs) -> None:
    inbox_changed()


def connect_signals() -> None:
    from django.apps import apps
    from django.db.models.signals import post_delete, post_save

    for label in WATCHED:
        try:
            model = apps.get_model(label)
        except LookupError:  # an optional app that is not installed
            continue
        post_save.connect(_changed, sender=model, dispatch_uid=f"ocop-inbox-{label}-save")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"ocop-inbox-{label}-delete")


def cached_counts(identity: tuple, compute):
    """compute() (the counts row of one user) from the cache while nothing it reads has changed.
    IDENTITY is everything the counts depend on besides the records: user, scope, day, sections."""
    seconds = cache_seconds()
    if seconds <= 0:
        return compute()
    version = cache.get(KEY)
    if version is None:
        cache.add(KEY, time.time_ns(), None)
        version = cache.get(KEY)
    name = "ocop:inbox:" + hashlib.sha256(repr((identity, version)).encode()).hexdigest()
    value = cache.get(name)
    if value is None:
        value = compute()
        cache.set(name, value, seconds)
    return value
