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

from django.conf import settings

from ocop.core.change_cache import ChangeCounter, remembered

#: The Query.remember keys of the sources kept in the cache.
CACHED = frozenset({"certificates", "potential_5star", "producers", "ideas", "training", "funding"})
#: The records those sources read: a save or delete of one drops every cached figure.
WATCHED = (
    "registry.Producer", "registry.Product", "rating.RatingResult", "cycle.ProductIdea",
    "program.TrainingRosterEntry", "program.TrainingSession", "program.TrainingParticipant",
    "program.TrainingAttendance", "program.FundingLine", "certificates.Certificate", "certificates.Decision",
    "territory.AdminUnit",
)


COUNTER = ChangeCounter("ocop:figures-version", WATCHED)
connect_signals = COUNTER.connect_signals


def cache_seconds() -> int:
    return int(getattr(settings, "OCOP_FIGURES_CACHE_SECONDS", 300))


def figures_changed() -> None:
    """Drop every cached figure: now, and again when the current transaction commits."""
    COUNTER.changed()


def figures_version() -> int:
    return COUNTER.version()


def cached(query, key, compute):
    """compute() for the source KEY of QUERY, from the cache when the figures are unchanged."""
    if query.live or cache_seconds() <= 0 or key not in CACHED:
        return compute()
    from ocop.core.public_version import public_version

    area = (key, query.generation, query.path, query.period.starts_on.isoformat(), query.period.ends_on.isoformat(),
            query.scope_prefixes, public_version(), figures_version())
    return remembered("ocop:figures:", area, cache_seconds(), compute)
