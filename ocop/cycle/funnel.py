"""Conversion rates of the cycle funnel. Pure module: counts in, Decimal percentages out."""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

#: The funnel stages, in order: ideas → accepted → plans → implemented → rated.
STAGES = ("ideas", "accepted", "plans", "implemented", "rated")
_HUNDRED = Decimal(100)
_PLACES = Decimal("0.1")


def rate(part: int, whole: int) -> Decimal | None:
    """PART as a percentage of WHOLE, to one decimal place (half up); None when WHOLE is 0."""
    if not whole:
        return None
    return (Decimal(part) * _HUNDRED / Decimal(whole)).quantize(_PLACES, rounding=ROUND_HALF_UP)


@dataclass
class FunnelRow:
    """One line of the funnel (a commune, or the total)."""

    unit_id: int | None
    label: str
    counts: dict[str, int] = field(default_factory=dict)

    def count(self, stage: str) -> int:
        return self.counts.get(stage, 0)

    @property
    def rates(self) -> dict[str, Decimal | None]:
        """Each stage as a percentage of the stage before it (the first stage has none)."""
        return {
            stage: rate(self.count(stage), self.count(previous))
            for previous, stage in zip(STAGES, STAGES[1:], strict=False)
        }

    @property
    def overall(self) -> Decimal | None:
        """Rated products as a percentage of ideas."""
        return rate(self.count(STAGES[-1]), self.count(STAGES[0]))

    @property
    def cells(self) -> list[tuple[int, Decimal | None]]:
        """(count, rate from the previous stage) per stage, for tables and exports."""
        rates = self.rates
        return [(self.count(stage), rates.get(stage)) for stage in STAGES]


def total(rows: list[FunnelRow], label: str) -> FunnelRow:
    return FunnelRow(None, label, {stage: sum(r.count(stage) for r in rows) for stage in STAGES})
