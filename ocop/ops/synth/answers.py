"""Score sheets that are valid for a criteria set and aim at a star rank (pure, no database).

A sheet answers every leaf criterion of the set with one of its options. For a target rank T the
generator starts each leaf at the cheapest option that meets every minimum marked for T stars or
fewer (so a council of such sheets is not held below T by a minimum), then raises random leaves
one option at a time until the total reaches the target average. Each member's sheet is that
consensus with a few leaves moved up or down one option, so members differ by a few points as
real councils do. The floors also keep every conditional note holding (a story, acceptable
impurities …), so every criterion applies and no sheet chooses where the sheet page would refuse. The totals, the band and the stars are then computed by ocop.criteria.scoring,
never here: the target only steers.
"""

import json
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from ocop.criteria.conditions import options_keeping_every_condition
from ocop.criteria.sheets import get_set, iter_criteria, leaf_criteria

RANKS = (0, 3, 4, 5)


@dataclass(frozen=True)
class SheetPlan:
    criteria_set: object
    codes: tuple[str, ...]  # leaf criterion codes, in sheet order
    options: tuple[tuple[str, ...], ...]  # per leaf: option codes, cheapest first
    points: tuple[tuple[float, ...], ...]  # per leaf: their points (steering only)
    floors: dict[int, tuple[int, ...]]  # rank -> per leaf: index of the cheapest acceptable option
    floor_totals: dict[int, float]
    fragments: tuple[tuple[str, ...], ...]  # per leaf and option: '"1a": "2"', to write JSON fast
    exact: tuple[tuple[Decimal, ...], ...]  # per leaf: the options' points as the criteria data give them


def _leaf_codes(criterion) -> list[str]:
    return [criterion.code] if criterion.is_leaf else [x for item in criterion.items for x in _leaf_codes(item)]


@cache
def sheet_plan(regime: str, set_code: str) -> SheetPlan:
    cs = get_set(regime, set_code)
    leaves = leaf_criteria(cs)
    codes = tuple(c.code for c in leaves)
    ordered = [sorted(c.options, key=lambda o: o.points) for c in leaves]
    options = tuple(tuple(o.code for o in opts) for opts in ordered)
    points = tuple(tuple(float(o.points) for o in opts) for opts in ordered)
    # Heading minimums of criteria with sub-items: their first sub-item must score.
    heading_first = {}
    for _part, _group, c in iter_criteria(cs):
        if c.min_stars is not None:
            first = _leaf_codes(c)[0]
            heading_first[first] = min(heading_first.get(first, 9), c.min_stars)
    keep = options_keeping_every_condition(cs)
    floors, totals = {}, {}
    for rank in RANKS:
        floor = []
        for leaf, opts in zip(leaves, ordered, strict=True):
            marked = [o for o in leaf.options if o.min_stars is not None and o.min_stars <= rank]
            must_score = heading_first.get(leaf.code, 9) <= rank
            index = 0
            for j, o in enumerate(opts):
                ok = all(o is m or o.points > m.points for m in marked) and (not must_score or o.points > 0)
                if ok:
                    index = j
                    break
            else:
                index = len(opts) - 1
            floor.append(index if rank else 0)
        for i, code in enumerate(codes):  # every conditional note holds: all criteria apply
            if code in keep:
                floor[i] = max(floor[i], min(j for j, o in enumerate(options[i]) if o in keep[code]))
        floors[rank] = tuple(floor)
        totals[rank] = sum(points[i][j] for i, j in enumerate(floor))
    fragments = tuple(tuple(f"{json.dumps(code, ensure_ascii=False)}: {json.dumps(o, ensure_ascii=False)}"
                            for o in opts) for code, opts in zip(codes, options, strict=True))
    exact = tuple(tuple(o.points for o in opts) for opts in ordered)
    return SheetPlan(cs, codes, options, points, floors, totals, fragments, exact)


def consensus(plan: SheetPlan, rng, rank: int, target: float) -> list[int]:
    """Option indexes per leaf: the floor of RANK raised at random up to TARGET points."""
    idx = list(plan.floors[rank])
    total = plan.floor_totals[rank]
    points = plan.points
    open_leaves = [i for i in range(len(idx)) if idx[i] < len(points[i]) - 1]
    while total < target and open_leaves:
        k = int(rng.random() * len(open_leaves))
        i = open_leaves[k]
        total += points[i][idx[i] + 1] - points[i][idx[i]]
        idx[i] += 1
        if idx[i] == len(points[i]) - 1:
            open_leaves[k] = open_leaves[-1]
            open_leaves.pop()
    return idx


def member(plan: SheetPlan, rng, base: list[int], rank: int, moves: int) -> list[int]:
    """A member's sheet: BASE with MOVES random leaves one option up or down (never below the
    floor of RANK)."""
    idx = list(base)
    floor = plan.floors[rank]
    n = len(idx)
    for _ in range(moves):
        i = int(rng.random() * n)
        if rng.random() < 0.5:
            if idx[i] < len(plan.points[i]) - 1:
                idx[i] += 1
        elif idx[i] > floor[i]:
            idx[i] -= 1
    return idx


def as_answers(plan: SheetPlan, idx: list[int]) -> dict[str, str]:
    options = plan.options
    return {code: options[i][j] for i, (code, j) in enumerate(zip(plan.codes, idx, strict=True))}


class RawJSON(str):
    """JSON text already serialised (the writer stores it as it is)."""


def as_json(plan: SheetPlan, idx: list[int]) -> RawJSON:
    fragments = plan.fragments
    return RawJSON("{" + ", ".join([fragments[i][j] for i, j in enumerate(idx)]) + "}")


def total_of(plan: SheetPlan, idx: list[int]) -> Decimal:
    """The total of a sheet (a producer's self-assessment; councils' sheets go through the engine)."""
    exact = plan.exact
    return sum([exact[i][j] for i, j in enumerate(idx)], Decimal(0))
