"""Council analytics (pure module: plain rows in, statistics out; no Django, no database).

Input: one SheetRow per submitted score sheet (member, round, the dossier-and-council group it
belongs to, its total). The selector fetches them in one query.

Per member — leniency
    For each group (one dossier scored by one council) with at least two sheets, the council
    average is the mean of its totals; a member's deviation on that dossier is their total minus
    that average. Leniency is the mean of the member's deviations: positive means the member
    scores above their colleagues, negative below. Sheets in groups of one are counted but carry
    no deviation.

Per round — spreads and thresholds
    The spread of a group is its highest minus its lowest total; a round reports the minimum,
    median and maximum spread over its groups. "Just above a threshold" means a value from the
    threshold up to, but not including, 2 points above it (50 ≤ x < 52, 70 ≤ x < 72, 90 ≤ x < 92):
    its share (in per cent) among the round's sheet totals, and among its council averages (one
    per group) — bunching there suggests scores nudged over a star band.

Decimal throughout; averages are quantized to 0.01 for display only.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from statistics import median

from ocop.criteria.scoring import BANDS

#: The band thresholds of the criteria engine, above 1★/2★ (ocop.criteria.scoring.BANDS).
THRESHOLDS = tuple(sorted(threshold for threshold, stars in BANDS if stars >= 3))
NEAR = Decimal(2)
CENT = Decimal("0.01")


@dataclass(frozen=True)
class SheetRow:
    member: Hashable
    member_name: str
    round: Hashable
    round_label: str
    group: Hashable
    total: Decimal


@dataclass(frozen=True)
class MemberStat:
    member: Hashable
    name: str
    sheets: int
    compared: int
    leniency: Decimal | None


@dataclass(frozen=True)
class RoundStat:
    round: Hashable
    label: str
    sheets: int
    groups: int
    spread_min: Decimal | None
    spread_median: Decimal | None
    spread_max: Decimal | None
    near_totals: dict[int, Decimal]
    near_averages: dict[int, Decimal]


def _mean(values: list[Decimal]) -> Decimal:
    return sum(values, Decimal(0)) / len(values)


def _q(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(CENT)


def is_near(value: Decimal, threshold: int) -> bool:
    return Decimal(threshold) <= value < Decimal(threshold) + NEAR


def _shares(values: list[Decimal]) -> dict[int, Decimal]:
    """Per threshold, the percentage of VALUES just above it (0 when there are none)."""
    if not values:
        return {t: Decimal(0) for t in THRESHOLDS}
    return {t: _q(Decimal(100 * sum(1 for v in values if is_near(v, t))) / len(values)) for t in THRESHOLDS}


def _groups(rows: list[SheetRow]) -> dict[Hashable, list[SheetRow]]:
    groups: dict[Hashable, list[SheetRow]] = defaultdict(list)
    for row in rows:
        groups[row.group].append(row)
    return groups


def member_leniency(rows: Iterable[SheetRow]) -> list[MemberStat]:
    """One line per member, most lenient first (members with no comparison last)."""
    rows = list(rows)
    averages = {key: _mean([r.total for r in group]) for key, group in _groups(rows).items() if len(group) > 1}
    sheets: dict[Hashable, int] = defaultdict(int)
    deviations: dict[Hashable, list[Decimal]] = defaultdict(list)
    names: dict[Hashable, str] = {}
    for row in rows:
        names[row.member] = row.member_name
        sheets[row.member] += 1
        if row.group in averages:
            deviations[row.member].append(row.total - averages[row.group])
    stats = [
        MemberStat(member, names[member], sheets[member], len(deviations[member]),
                   _q(_mean(deviations[member])) if deviations[member] else None)
        for member in names
    ]
    return sorted(stats, key=lambda s: (s.leniency is None, -(s.leniency or 0), s.name))


def round_spreads(rows: Iterable[SheetRow]) -> list[RoundStat]:
    """One line per round, in the order rounds first appear in ROWS."""
    by_round: dict[Hashable, list[SheetRow]] = defaultdict(list)
    labels: dict[Hashable, str] = {}
    for row in rows:
        by_round[row.round].append(row)
        labels.setdefault(row.round, row.round_label)
    stats = []
    for key, round_rows in by_round.items():
        groups = _groups(round_rows)
        spreads = [max(r.total for r in g) - min(r.total for r in g) for g in groups.values() if len(g) > 1]
        stats.append(RoundStat(
            round=key, label=labels[key], sheets=len(round_rows), groups=len(groups),
            spread_min=_q(min(spreads)) if spreads else None,
            spread_median=_q(Decimal(median(spreads))) if spreads else None,
            spread_max=_q(max(spreads)) if spreads else None,
            near_totals=_shares([r.total for r in round_rows]),
            near_averages=_shares([_mean([r.total for r in g]) for g in groups.values()]),
        ))
    return stats
