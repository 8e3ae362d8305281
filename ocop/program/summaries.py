"""The summary tables the dashboard and the indicator API read, and the proof that they hold the
same figures as the records themselves.

Today one table: the certificate tallies (ocop.certificates.models.CertificateTally, kept by the
certificate services; ocop.certificates.tally). ``manage.py summaries`` rebuilds them; ``--check``
compares the stored rows with a fresh computation and every indicator computed from the summaries
with the same indicator computed from the records (``live``), for the country and each province,
on both maps.
"""

from django.apps import apps

from ocop.program.areas import CURRENT, LEGACY
from ocop.program.indicators import REGISTRY, evaluate
from ocop.program.measures import Period

CERTIFICATES_APP = "ocop.certificates"


def summaries_rebuild() -> dict[str, int]:
    """Recompute every summary table; {table: rows stored}."""
    from ocop.program.figures_cache import figures_changed

    figures_changed()  # a rebuild follows writes that sent no signal (bulk loads, SQL)
    if not apps.is_installed(CERTIFICATES_APP):
        return {}
    from ocop.certificates.tally import tallies_rebuild

    return {"certificate_tallies": tallies_rebuild()}


def figures_differences(periods: list[Period], units=(None,), generations=(CURRENT, LEGACY)) -> list[str]:
    """Every indicator of each area, period and map, from the summaries and from the records: the
    ones that differ, described ([] when all agree)."""
    codes = list(REGISTRY)
    differences = []
    for generation in generations:
        for unit in units:
            if unit is not None and unit.generation != generation:
                continue
            for period in periods:
                summary = evaluate(codes, unit=unit, period=period, generation=generation)
                live = evaluate(codes, unit=unit, period=period, generation=generation, live=True)
                differences += [f"{code} {generation} {unit or 'toàn quốc'} {period.starts_on}–{period.ends_on}: "
                                f"{summary[code]} ≠ {live[code]}" for code in codes if summary[code] != live[code]]
    return differences


def tables_differences() -> list[str]:
    if not apps.is_installed(CERTIFICATES_APP):
        return []
    from ocop.certificates.tally import tallies_differences

    return tallies_differences()
