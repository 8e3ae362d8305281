"""A running preview of a scoring sheet while it is being filled in (pure, no ORM).

Unlike scoring.score_sheet, a partial sheet is allowed here: unanswered criteria count nothing
and are listed, and the star rank is only given once every criterion has a choice, since an
unanswered marked criterion may still cap the stars. A criterion whose condition fails
(ocop.criteria.conditions) counts 0, needs no answer, and an option chosen there is listed in
``refused`` with the reason.
"""

from dataclasses import dataclass
from decimal import Decimal

from ocop.criteria.conditions import condition_errors, not_applicable
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
    not_applicable: tuple[str, ...] = ()  # criteria whose condition fails (0 points, nothing to choose)
    refused: tuple[tuple[str, str], ...] = ()  # (criterion, message): an option chosen where it does not apply

    @property
    def complete(self) -> bool:
        return not self.missing

    @property
    def certifiable(self) -> bool:
        return self.stars is not None and self.stars >= 3


def sheet_preview(criteria_set: CriteriaSet, answers: dict[str, str]) -> SheetPreview:
    parts = {p.code: ZERO for p in criteria_set.parts}
    missing, valid = [], {}
    skipped = not_applicable(criteria_set, answers)
    for part, _group, criterion in iter_criteria(criteria_set):
        if not criterion.is_leaf:
            continue
        points = {NO_OPTION: ZERO, **{o.code: o.points for o in criterion.options}}
        choice = answers.get(criterion.code)
        if criterion.code in skipped:
            valid[criterion.code] = NO_OPTION
        elif choice in points:
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
        not_applicable=tuple(skipped),
        refused=tuple(condition_errors(criteria_set, answers)),
    )
