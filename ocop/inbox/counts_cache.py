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

from django.conf import settings

from ocop.core.change_cache import ChangeCounter, remembered

#: The records the inbox sections read and show (ocop.inbox.selectors.SECTIONS and their items): a
#: save or delete of one drops every cached count and section. Role assignments change the scope,
#: which is part of the key.
WATCHED = (
    "rating.Dossier", "rating.RatingRound", "rating.Council", "rating.CouncilMember", "rating.ScoreSheet",
    "rating.RatingResult", "cycle.ProducerVerification", "certificates.Certificate", "certificates.Decision",
    "certificates.DecisionItem", "program.DepartmentTask", "program.Department", "registry.Product",
    "registry.Producer", "territory.AdminUnit",
)


COUNTER = ChangeCounter("ocop:inbox-version", WATCHED)
connect_signals = COUNTER.connect_signals


def cache_seconds() -> int:
    return int(getattr(settings, "OCOP_INBOX_CACHE_SECONDS", 60))


def inbox_changed() -> None:
    """Drop every cached count: now, and again when the current transaction commits."""
    COUNTER.changed()


def cached_counts(identity: tuple, compute):
    """compute() (the counts row of one user) from the cache while nothing it reads has changed.
    IDENTITY is everything the counts depend on besides the records: user, scope, day, sections."""
    if cache_seconds() <= 0:
        return compute()
    return remembered("ocop:inbox:", (identity, COUNTER.version()), cache_seconds(), compute)
