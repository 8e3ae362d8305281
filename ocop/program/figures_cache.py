"""The dashboard's source figures kept in the shared cache, dropped by any change to their records.

Each source of the indicators (ocop.program.sources: certificates, potential 5★ results, producers,
ideas, training, funding) is one grouped query over the national records, 20–110 ms at ×10; the
dashboard, its exports, the indicator API and the trends page read the same figures again and
again between two changes. A source's result is kept in the default cache under its area, map,
period, user scope and the **figures version**:

* the public data version (ocop.core.public_version): every certificate, product and producer
  change through the services moves it, the certificate tallies with it;
* the programme's own counter (here): bumped by every save or delete of a record the sources read
  (post_save/post_delete of the models in WATCHED, connected in ProgramConfig.ready), at once and
  again when the writer's transaction commits, so a reader that counted while the change was
  uncommitted keeps its figures under a number nobody asks for any more.

A bulk write that sends no signal (QuerySet.update(), bulk_create, SQL, ``ocop synth``) is seen
when the next save happens, when ``ocop summaries`` runs (it bumps the counter) or at the latest
after OCOP_FIGURES_CACHE_SECONDS (300; 0 switches the cache off). Live evaluations (``live=True``:
the reference in tests and in ``ocop summaries --check``) never read the cache, so the check
compares what the dashboard shows — cached or not — with the records. Department tasks and cycle
years are counted on every request (a few ms; tasks depend on today).
"""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

KEY = "ocop:figures-version"
#: The Query.remember keys of the sources kept in the cache.
CACHED = frozenset({"certificates", "potential_5star", "producers", "ideas", "training", "funding"})
#: The records those sources read: a save or delete of one drops every cached figure.
WATCHED = (
    "registry.Producer", "registry.Product", "rating.RatingResult", "cycle.ProductIdea",
    "program.TrainingRosterEntry", "program.TrainingSession", "program.TrainingParticipant",
    "program.TrainingAttendance", "program.FundingLine", "certificates.Certificate", "certificates.Decision",
    "territory.AdminUnit",
)


def cache_seconds() -> int:
    return int(getattr(settings, "OCOP_FIGURES_CACHE_SECONDS", 300))


def _bump() -> None:
    try:
        cache.incr(KEY)
    except ValueError:  # not in the cache (first use, evicted, cache restarted): a number never used
        cache.set(KEY, time.time_ns(), None)


def figures_changed() -> None:
    """Drop every cached figure: now, and again when the current transaction commits."""
    _bump()
    transaction.on_commit(_bump)


def figures_version() -> int:
    value = cache.get(KEY)
    if value is None:
        cache.add(KEY, time.time_ns(), None)
        value = cache.get(KEY)
    return int(value or 0)


def _changed(sender, **kwargs) -> None:
    figures_changed()


def connect_signals() -> None:
    from django.apps import apps
    from django.db.models.signals import post_delete, post_save

    for label in WATCHED:
        try:
            model = apps.get_model(label)
        except LookupError:  # an optional app that is not installed
            continue
        post_save.connect(_changed, sender=model, dispatch_uid=f"ocop-figures-{label}-save")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"ocop-figures-{label}-delete")


def cached(query, key, compute):
    """compute() for the source KEY of QUERY, from the cache when the figures are unchanged."""
    seconds = cache_seconds()
    if query.live or seconds <= 0 or key not in CACHED:
        return compute()
    from ocop.core.public_version import public_version

    area = (key, query.generation, query.path, query.period.starts_on.isoformat(), query.period.ends_on.isoformat(),
            query.scope_prefixes, public_version(), figures_version())
    name = "ocop:figures:" + hashlib.sha256(repr(area).encode()).hexdigest()
    value = cache.get(name)
    if value is None:
        value = compute()
        cache.set(name, value, seconds)
    return value
