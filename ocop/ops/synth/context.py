"""What every phase of the generator shares: the counts to make, the reference day, one seeded
random stream per phase, the writer, the map, and the records made so far (ids and the few fields
later phases need)."""

import random
import time
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from datetime import time as dtime
from functools import cache

from ocop.ops.synth.units import Geography
from ocop.ops.synth.writer import Sink

REFORM = date(2025, 7, 1)  # the two-level map and the end of districts
QD148_FROM = date(2023, 2, 24)
QD26_FROM = date(2026, 5, 22)


@dataclass(frozen=True)
class Counts:
    """How much to make. ×1 is the national scale of 2026; ×N multiplies every count."""

    producers: int
    recognised: int  # products with an OCOP certificate in force
    candidates: int  # products rated without success or still in the pipeline
    dossiers: int

    @classmethod
    def at_scale(cls, scale: float, products: int | None = None) -> "Counts":
        if products:  # tests and quick runs: keep the national proportions
            recognised = products
            factor = products / 18_000
        else:
            recognised, factor = round(18_000 * scale), scale
        return cls(
            producers=max(1, round(10_000 * factor)),
            recognised=recognised,
            candidates=max(1, round(6_000 * factor)),
            dossiers=max(1, round(30_000 * factor)),
        )


@dataclass
class Context:
    counts: Counts
    today: date
    seed: int
    geo: Geography
    sink: Sink
    log: object = print
    started: float = field(default_factory=time.monotonic)
    # Records made by earlier phases, for later ones.
    producers: list = field(default_factory=list)
    products: list = field(default_factory=list)
    recognitions: list = field(default_factory=list)  # synth.rating.Recognition
    users: dict = field(default_factory=dict)
    unusable_password: str = ""
    product_rows: list = field(default_factory=list)

    @property
    def factor(self) -> float:
        """The size relative to ×1 (18,000 recognised products)."""
        return self.counts.recognised / 18_000

    def rng(self, phase: str) -> random.Random:
        """A random stream of its own for each phase: a phase changed does not shift the others."""
        return random.Random(f"{self.seed}:{phase}")

    def progress(self, message: str) -> None:
        self.log(f"[{time.monotonic() - self.started:7.1f} s] {message}")


@cache
def at(day: date, hour: int = 9, minute: int = 0) -> datetime:
    """An aware datetime on DAY (UTC), for the *_at fields (few distinct values: cached)."""
    return datetime.combine(day, dtime(hour, minute), tzinfo=UTC)


@cache
def days(n: int) -> timedelta:
    return timedelta(days=n)


def regime_on(day: date) -> str:
    if day < QD148_FROM:
        return "qd1048-2019"
    return "qd148-2023" if day < QD26_FROM else "qd26-2026"
