"""A running preview of a scoring sheet while it is being filled in (pure, no ORM).

Unlike scoring.score_sheet, a partial sheet is allowed here: unanswered criteria count nothing
and are listed, and the star rank is only given once every criterion has a choice, since an
unanswered marked criterion may still cap the stars.
"""

from dataclasses import dataclass
from decimal import Decimal

from ocop.criteria.scoring import NO_OPTION, band_for, rank, score_sheet
from ocop.criteria.sheets import CriteriaSet, iter_criteria

ZERO = Decimal(0)


@dataclass(frozen=True)
class SheetPreview:
    parts: dict[str, Decimal]
    part_max: dict[str, Decimal]
    total: Decimal
    answered: int
    leaves: int
    missing: tuple[str, ...]
    band: int
    stars: int | None  # None until the sheet is complete
    unmet_minimums: tuple[tuple[str, int], ...]

    @property
    def complete(self) -> bool:
        return not self.missing

    @property
    def certifiable(self) -> bool:
        return self.stars is not None and self.stars >= 3


def sheet_preview(criteria_set: CriteriaSet, answers: dict[str, str]) -> SheetPreview:
    parts = {p.code: ZERO for p in criteria_set.parts}
    missing, valid = [], {}
    for part, _group, criterion in iter_criteria(criteria_set):
        if not criterion.is_leaf:
            continue
        points = {NO_OPTION: ZERO, **{o.code: o.points for o in criterion.options}}
        choice = answers.get(criterion.code)
        if choice in points:
            valid[criterion.code] = choice
            parts[part.code] += points[choice]
        else:
            missing.append(criterion.code)
    total = sum(parts.values(), ZERO)
    stars, unmet = None, ()
    if not missing:
        result = score_sheet(criteria_set, valid)
        unmet = result.unmet_minimums
        stars = rank(band_for(result.total), unmet)
    return SheetPreview(
        parts=parts,
        part_max={p.code: p.max for p in criteria_set.parts},
        total=total,
        answered=len(valid),
        leaves=len(valid) + len(missing),
        missing=tuple(missing),
        band=band_for(total),
        stars=stars,
        unmet_minimums=unmet,
    )
