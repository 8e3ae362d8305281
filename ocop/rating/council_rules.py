"""A council's own rules (Quy chế hoạt động, Art. 7.3.b and 7.4.b; domain.md §5): quorum and the
spread rule, as plain arithmetic. Pure module.

Quorum counts the council's scoring seats (chair, vice chair, members; the secretary records and
does not score): a rule "two thirds" needs at least ⌈2/3 × seats⌉ present; "half" needs more than
half. A member marked absent is not present; a present member who declared a conflict of
interest is present (counted for the quorum) but does not score the dossier.

An absent member's sheet is left out of the average and of the minimum-marker majority; the
result records them with their reason.
"""

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from math import ceil, floor

QUORUM_FRACTIONS = {"two_thirds": Fraction(2, 3), "three_quarters": Fraction(3, 4), "all": Fraction(1)}
RESCORE, DISCUSSION = "rescore", "discussion"


def quorum_needed(rule: str, seats: int) -> int:
    """The fewest scoring members present that satisfy RULE on a council of SEATS scoring seats."""
    if seats <= 0:
        return 1
    if rule == "half":
        return floor(seats / 2) + 1
    return max(1, ceil(QUORUM_FRACTIONS[rule] * seats))


@dataclass(frozen=True)
class Quorum:
    seats: int
    present: int
    needed: int
    chair_needed: bool
    chair_present: bool

    @property
    def met(self) -> bool:
        return self.present >= self.needed and (self.chair_present or not self.chair_needed)


def quorum(rule: str, *, seats: int, present: int, chair_needed: bool = False, chair_present: bool = True) -> Quorum:
    return Quorum(seats, present, quorum_needed(rule, seats), chair_needed, chair_present)


def spread_blocks(spread: Decimal | None, threshold: Decimal, resolution: str, *, discussion_confirmed: bool) -> str | None:
    """Why a result with SPREAD may not be finalised yet under the council's rule, or None:
    "rescore" — the council must rescore (the rule admits no other way); "confirm" — a recorded
    discussion confirmed by the chair is needed."""
    if spread is None or spread <= threshold:  # one sheet: no spread
        return None
    if resolution == RESCORE:
        return "rescore"
    return None if discussion_confirmed else "confirm"
