"""The arithmetic of indicators and targets. Pure module: plain values in, results out, no ORM.

* A Period is a closed date range; its years are the calendar years it touches.
* A Figure is a numerator with an optional denominator (counts and amounts have none).
* A Tally is the figure of an area and of each of its parts (child units, keyed by unit path;
  records filed at the area's own unit are the part keyed by the area's path).
* A target compares a value with a minimum and/or a maximum; assess() says whether it is met
  and how far along it is (0–100 %), and describe() writes it as "≥ 12", "> 100", "7–10".

Values are Decimal throughout and quantized once, when shown: counts and money to whole units
(VND has no minor unit in practice), percentages and averages to 2 decimals, ROUND_HALF_UP.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

ZERO = Decimal(0)
HUNDRED = Decimal(100)
WHOLE = Decimal(1)
CENTS = Decimal("0.01")


class Kind(StrEnum):
    COUNT = "count"  # a number of things (products, producers, tasks)
    AMOUNT = "amount"  # money, VND
    PERCENT = "percent"  # numerator / denominator × 100
    AVERAGE = "average"  # numerator / denominator


class Comparison(StrEnum):
    AT_LEAST = "gte"
    MORE_THAN = "gt"
    AT_MOST = "lte"
    RANGE = "range"


@dataclass(frozen=True)
class Period:
    starts_on: date
    ends_on: date
    label: str = ""

    def __post_init__(self):
        if self.ends_on < self.starts_on:
            raise ValueError("A period cannot end before it starts.")

    @classmethod
    def year(cls, year: int) -> "Period":
        return cls(date(year, 1, 1), date(year, 12, 31), str(year))

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(range(self.starts_on.year, self.ends_on.year + 1))

    def contains(self, day: date) -> bool:
        return self.starts_on <= day <= self.ends_on

    def elapsed_share(self, today: date) -> Decimal:
        """The part of the period already gone on TODAY, from 0 to 1."""
        if today < self.starts_on:
            return ZERO
        if today >= self.ends_on:
            return WHOLE
        total = (self.ends_on - self.starts_on).days + 1
        return Decimal((today - self.starts_on).days + 1) / Decimal(total)


def _whole_years(starts_on: date, ends_on: date) -> bool:
    return (starts_on.month, starts_on.day, ends_on.month, ends_on.day) == (1, 1, 12, 31)


def plan_share(period: Period, plan_starts_on: date, plan_ends_on: date) -> Decimal:
    """The part of a plan's span that PERIOD covers, from 0 to 1: a target summed over the plan
    ("≥ 100 products in 2021–2025") is judged on a shorter period against this share of it. Whole
    calendar years count as years (2025 is 1/5 of 2021–2025, leap years or not); otherwise days."""
    start, end = max(period.starts_on, plan_starts_on), min(period.ends_on, plan_ends_on)
    if end < start:
        return ZERO
    if _whole_years(start, end) and _whole_years(plan_starts_on, plan_ends_on):
        return Decimal(end.year - start.year + 1) / Decimal(plan_ends_on.year - plan_starts_on.year + 1)
    return Decimal((end - start).days + 1) / Decimal((plan_ends_on - plan_starts_on).days + 1)


def scale_goal(bound: Decimal | None, share: Decimal) -> Decimal | None:
    """A target bound times a plan share, to 2 decimals (1/3 of 10 is 3,33)."""
    return None if bound is None else (bound * share).quantize(CENTS, ROUND_HALF_UP)


@dataclass(frozen=True)
class Figure:
    numerator: Decimal = ZERO
    denominator: Decimal | None = None

    def __add__(self, other: "Figure") -> "Figure":
        if self.denominator is None and other.denominator is None:
            return Figure(self.numerator + other.numerator)
        return Figure(self.numerator + other.numerator, (self.denominator or ZERO) + (other.denominator or ZERO))


@dataclass(frozen=True)
class Tally:
    total: Figure
    parts: Mapping[str, Figure] = field(default_factory=dict)


def _dec(value) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(value or 0)


def value_of(figure: Figure | None, kind: Kind) -> Decimal | None:
    """The figure as the number shown to people; None when a ratio has nothing to divide by."""
    if figure is None:
        return None
    if kind in (Kind.COUNT, Kind.AMOUNT):
        return _dec(figure.numerator).quantize(WHOLE, ROUND_HALF_UP)
    if not figure.denominator:
        return None
    ratio = _dec(figure.numerator) / _dec(figure.denominator)
    if kind == Kind.PERCENT:
        ratio *= HUNDRED
    return ratio.quantize(CENTS, ROUND_HALF_UP)


# --- Building tallies from grouped rows ----------------------------------------------------------

def additive(counts: Mapping[str, object]) -> Tally:
    """Counts or amounts by part; the total is their sum."""
    parts = {key: Figure(_dec(n)) for key, n in counts.items()}
    return Tally(Figure(sum((f.numerator for f in parts.values()), ZERO)), parts)


def ratio(numerators: Mapping[str, object], denominators: Mapping[str, object]) -> Tally:
    """A ratio by part; the total divides the summed numerators by the summed denominators."""
    keys = set(numerators) | set(denominators)
    parts = {k: Figure(_dec(numerators.get(k)), _dec(denominators.get(k))) for k in keys}
    total = Figure(
        sum((f.numerator for f in parts.values()), ZERO),
        sum((f.denominator or ZERO for f in parts.values()), ZERO),
    )
    return Tally(total, parts)


def per_year(counts: Mapping[str, object], part_keys: Iterable[str], years: int) -> Tally:
    """A yearly average: each part's count, and the area's, divided by the number of years."""
    parts = {k: Figure(_dec(counts.get(k)), Decimal(years)) for k in part_keys}
    return Tally(Figure(sum((_dec(n) for n in counts.values()), ZERO), Decimal(years)), parts)


def own_share(counts: Mapping[str, object], own_key: str, part_keys: Iterable[str], out_of: int) -> Tally:
    """A share of OUT_OF computed at each unit itself, not summed (e.g. years with a cycle held
    at the unit): the total is the area's own count, each part its own."""
    parts = {k: Figure(_dec(counts.get(k)), Decimal(out_of)) for k in part_keys}
    return Tally(Figure(_dec(counts.get(own_key)), Decimal(out_of)), parts)


# --- Targets -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Assessment:
    met: bool | None  # None: nothing to compare yet
    progress: Decimal | None  # 0–100 (%), for a progress bar
    on_track: bool | None = None  # progress at least as far as the time gone by


def assess(
    value: Decimal | None,
    comparison: str,
    minimum: Decimal | None,
    maximum: Decimal | None,
    *,
    elapsed: Decimal | None = None,
) -> Assessment:
    """Whether VALUE meets the target, and the progress towards it (capped at 100 %)."""
    if value is None:
        return Assessment(None, None)
    comparison = Comparison(comparison)
    if comparison == Comparison.AT_MOST:
        met = value <= maximum
        progress = HUNDRED if met or value == 0 else (maximum / value * HUNDRED)
    else:
        goal = minimum
        if comparison == Comparison.AT_LEAST:
            met = value >= minimum
        elif comparison == Comparison.MORE_THAN:
            met = value > minimum
        else:
            met = minimum <= value <= maximum
        progress = HUNDRED if goal <= 0 else min(value / goal * HUNDRED, HUNDRED)
        if comparison == Comparison.MORE_THAN and not met:
            progress = min(progress, Decimal("99.99"))
    progress = progress.quantize(CENTS, ROUND_HALF_UP)
    on_track = None if elapsed is None else (met or progress >= elapsed * HUNDRED)
    return Assessment(met, progress, on_track)


def _plain(number: Decimal | None) -> str:
    if number is None:
        return "?"
    text = f"{number.normalize():f}"
    whole, _, decimals = text.partition(".")
    grouped = f"{int(whole):,}".replace(",", ".") if whole.lstrip("-").isdigit() else whole
    return f"{grouped},{decimals}" if decimals else grouped


def describe(comparison: str, minimum: Decimal | None, maximum: Decimal | None) -> str:
    """The target as written in a report, Vietnamese number style: "≥ 10.000", "7–10"."""
    comparison = Comparison(comparison)
    if comparison == Comparison.RANGE:
        return f"{_plain(minimum)}–{_plain(maximum)}"
    if comparison == Comparison.AT_MOST:
        return f"≤ {_plain(maximum)}"
    sign = "≥" if comparison == Comparison.AT_LEAST else ">"
    return f"{sign} {_plain(minimum)}"


def number(value: Decimal | None) -> str:
    """A value in Vietnamese number style (1.234.567 / 12,5), or an em dash."""
    return "—" if value is None else _plain(value)
