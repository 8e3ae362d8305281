"""Computing a council's draft result from its sheets (the engine: ocop.criteria.scoring). Called by
the sheet and declaration services (services.council) and by the finalizing ones (services.results),
which is why it sits below both.

* result_refresh — when all non-conflicted scoring members have submitted, council_result() gives
  the average, the spread, the band and the stars; a spread above the council's threshold flags the
  dossier for discussion. The row is a draft (finalized_at empty) until the secretary finalizes.
"""

from decimal import Decimal

from ocop.criteria.scoring import council_result
from ocop.rating import next_steps
from ocop.rating.models import RatingResult, RatingRound
from ocop.rating.services.common import council_for, criteria_set_of

PROVINCE = RatingRound.Level.PROVINCE
MAX_SCORE = Decimal("999.99")


def result_compute(dossier, level: str, consolidated: dict | None = None):
    """(council, progress, engine result or None) for the dossier at LEVEL."""
    from ocop.rating.selectors import council_progress

    council = council_for(dossier, level)
    progress = council_progress(dossier, council)
    if not progress.complete:
        return council, progress, None
    sheets = [progress.submitted[m.pk] for m in progress.expected]
    return council, progress, council_result(
        criteria_set_of(dossier), [s.answers for s in sheets], consolidated=consolidated, level=level
    )


def result_apply(result: RatingResult, council, engine, *, n: int) -> None:
    result.average = engine.average_display
    result.average_exact = str(engine.average)[:80]
    result.spread = min(engine.spread, MAX_SCORE)
    result.band_stars = engine.band_stars
    result.stars = engine.stars
    result.potential_5_star = next_steps.is_potential_5_star(result.level, engine.average, engine.stars)
    result.flagged_for_discussion = engine.spread > council.spread_threshold
    result.unmet_minimums = [[code, stars] for code, stars in engine.unmet_minimums]
    result.members_count = n


def result_refresh(dossier, level: str) -> RatingResult | None:
    """Create or update the draft result when the council's sheets are complete (caller holds
    the dossier lock). A final result is never touched."""
    result = RatingResult.objects.select_for_update().filter(dossier=dossier, level=level).first()
    if result is not None and result.is_final:
        return result
    council, progress, engine = result_compute(dossier, level)
    if engine is None:
        if result is not None:
            result.delete()  # a sheet was reopened: no stale draft
        return None
    if result is None:
        result = RatingResult(
            product_id=dossier.product_id, dossier=dossier, level=level, regime=dossier.regime,
            criteria_set=dossier.criteria_set, year=dossier.year,
            rated_by_unit=council.round.unit if level == PROVINCE else None,
        )
    result_apply(result, council, engine, n=len(progress.expected))
    result.save()
    return result
