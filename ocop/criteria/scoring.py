"""The scoring engine: one score sheet, a council's sheets, the star band and the awarded rank.

Pure module (plain values in, plain values out; no Django, no database). Every score is a
:class:`~decimal.Decimal`; nothing is ever converted to float.

One sheet
    ``score_sheet(criteria_set, answers)`` takes ``{criterion code: option code}`` for every leaf
    criterion of the set (the criteria that carry options; a criterion with sub-items is answered
    through its sub-items, "6a.1", "6a.2", …). The answer ``"0"`` means "no option of this
    criterion applies" and scores 0, as an unticked criterion does on the paper sheet (many
    criteria have no 0-point box, e.g. local labour below 50%); it is an explicit choice, never a
    default. The total is the sum of the chosen options' points, also given per part (A, B, C)
    and per leaf criterion. An incomplete or wrong sheet (a leaf
    with no choice, a criterion code the set does not have, an option code the criterion does not
    have) raises :class:`SheetError` naming the criterion; a missing answer is never scored zero,
    except in a criterion whose condition fails (a conditional note of the sheet, see
    :mod:`ocop.criteria.conditions`): that criterion scores 0 whatever is chosen, needs no answer,
    and is listed in ``SheetResult.not_applicable``.

Minimums (the ``***``, ``****``, ``*****`` markers: 3★, 4★, 5★)
    - A minimum marked on an **option** is met when the option chosen in that criterion is the
      marked one or one that scores more.
    - A minimum marked on a **criterion heading** is met when that criterion scores above zero
      (for a criterion with sub-items: the sum of its sub-items).
    A criterion with two marked options carries two minimums (e.g. 4★ and 5★).

Band
    ``band_for(average)``: 1★ below 30, 2★ from 30, 3★ from 50, 4★ from 70, 5★ from 90 (100 at
    most). The comparison is exact; nothing is rounded first, so 69.99 is 3★ and 70 is 4★. (The
    legal texts do not say how to round; we do not round at all.)

A council
    ``council_result(criteria_set, member_answers, consolidated=None, level="province")`` scores
    each member's sheet and returns:

    - ``average``: the exact mean of the members' totals, S/n. It is exact whenever S/n has a
      finite decimal expansion (a council of 1, 2, 4, 5, 8, 10 … members); otherwise it carries
      50 significant digits. The band and the 90-point test compare S with threshold × n, exactly,
      so no rounding can move a product across a band. Quantize only for display
      (``average_display``: truncated, never rounded up, to 2 decimals).
    - ``spread``: highest minus lowest member total (councils rescore when it exceeds their rule,
      often 10 points; that rule is provincial, not national, and is not applied here).
    - ``band_stars`` from the average; ``stars``: the highest rank R not above the band such that
      every minimum marked for R stars or fewer is met, never below 1. Markers exist only for 3★,
      4★ and 5★, so a product whose band is 3★ or more is never ranked below 2★.
    - Which minimums are met:
        * with a ``consolidated`` sheet (the council's agreed sheet): as that sheet is answered;
        * without one: a minimum counts as met only if a **strict majority** of the members'
          sheets meet it (more than half; a tie is not met). The same rule is used for option
          and heading minimums.
    - ``unmet_minimums``: every minimum not met on that basis, as (criterion code, stars), in
      sheet order, including those above the band.
    - ``certifiable``: stars ≥ 3 (only 3★ and above are recognized and certified).
    - ``potential_5_star``: a province-level council whose average is 90 or more **and** whose
      5★ minimums hold, i.e. ranked 5★ (the province chair approves, then the province proposes
      the product to the central council, which alone recognizes 5★). At province
      level the awarded ``stars`` still follow the band and minimums (5★ included); what the
      province may *recognize* (3★, 4★) is decided by the rating workflow, not here.

Speed: each set is compiled once (``functools.cache``) into lookup tables: per leaf a dict from
option code to points, and per minimum the set of option codes that satisfy it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Context, Decimal
from fractions import Fraction
from functools import cache
from typing import NamedTuple

from ocop.criteria.conditions import conditional_leaves, not_applicable
from ocop.criteria.sheets import CriteriaSet, Criterion, iter_criteria

LEVELS = ("province", "central")
NO_OPTION = "0"  # the answer "no option of this criterion applies": 0 points, an explicit choice
#: The average from which a product is 5★ by band and may be proposed as potential 5★ (Art. 7.3.e).
FIVE_STAR_AVERAGE = 90
BANDS = ((FIVE_STAR_AVERAGE, 5), (70, 4), (50, 3), (30, 2))
ZERO = Decimal(0)
CENT = Decimal("0.01")
_MEAN = Context(prec=50)  # S/n: exact when it terminates, else 50 significant digits


class SheetError(ValueError):
    """An answer sheet that cannot be scored. ``errors`` lists (criterion code, message);
    ``criterion`` is the first one's code; ``member`` is set by :func:`council_result` (the index
    of the member sheet, or ``"consolidated"``)."""

    def __init__(self, errors: list[tuple[str, str]], member: int | str | None = None):
        self.errors = list(errors)
        self.criterion = self.errors[0][0] if self.errors else ""
        self.member = member
        super().__init__("; ".join(f"tiêu chí {c}: {m}" if c else m for c, m in self.errors))


@dataclass(frozen=True, slots=True)
class Minimum:
    """One star minimum of a set: the marker on an option (``option`` set) or on a heading."""

    criterion: str
    min_stars: int
    option: str | None
    satisfying: frozenset[str] = field(repr=False, default=frozenset())  # option codes that meet it
    leaves: tuple[str, ...] = field(repr=False, default=())  # heading: leaves that must score > 0


@dataclass(frozen=True, slots=True)
class _Table:
    """A set compiled for scoring: plain tuples and dicts, walked by comprehensions."""

    leaf_pairs: tuple[tuple[str, dict[str, Decimal]], ...]  # (leaf code, option code -> points)
    leaf_codes: frozenset[str]
    parents: dict[str, tuple[str, ...]]  # criterion with sub-items -> its leaf codes
    part_leaves: tuple[tuple[str, tuple[str, ...]], ...]  # (part code, its leaf codes)
    minimums: tuple[Minimum, ...]
    option_mins: tuple[tuple[int, str, frozenset[str]], ...]  # (position, leaf, satisfying options)
    heading_mins: tuple[tuple[int, tuple[str, ...]], ...]  # (position, leaves that must score)
    min_keys: tuple[tuple[str, int], ...]
    label: str


class SheetResult(NamedTuple):
    """One scored sheet (a named tuple: immutable and cheap to build)."""

    total: Decimal
    parts: dict[str, Decimal]  # {"A": …, "B": …, "C": …}
    by_criterion: dict[str, Decimal]  # leaf criterion code -> points, in sheet order
    unmet_minimums: tuple[tuple[str, int], ...]  # (criterion code, min stars), in sheet order
    unmet_index: tuple[int, ...]  # the same, as positions in minimums(criteria_set)
    not_applicable: tuple[str, ...] = ()  # leaves whose condition fails: scored 0, in sheet order


class CouncilResult(NamedTuple):
    """A council's result (see the module docstring)."""

    members: tuple[SheetResult, ...]
    average: Decimal
    spread: Decimal
    band_stars: int
    stars: int
    unmet_minimums: tuple[tuple[str, int], ...]
    certifiable: bool
    potential_5_star: bool
    level: str
    consolidated: SheetResult | None
    minimum_basis: str  # "consolidated" or "majority"

    @property
    def average_display(self) -> Decimal:
        """The average truncated to 2 decimals (never rounded up across a band boundary)."""
        return self.average.quantize(CENT, rounding=ROUND_DOWN)


# --------------------------------------------------------------------------- compiled tables


@cache
def _table(cs: CriteriaSet) -> _Table:
    leaves: list[tuple[str, str, dict[str, Decimal]]] = []
    parents: dict[str, tuple[str, ...]] = {}
    minimums: list[Minimum] = []

    def leaf_codes_of(c: Criterion) -> tuple[str, ...]:
        return (c.code,) if c.is_leaf else tuple(x for i in c.items for x in leaf_codes_of(i))

    for part, _group, c in iter_criteria(cs):
        if c.min_stars is not None:
            minimums.append(Minimum(c.code, c.min_stars, None, leaves=leaf_codes_of(c)))
        if not c.is_leaf:
            parents[c.code] = leaf_codes_of(c)
            continue
        points = {o.code: o.points for o in c.options}
        points.setdefault(NO_OPTION, ZERO)
        leaves.append((c.code, part.code, points))
        for marked in c.options:
            if marked.min_stars is not None:
                ok = frozenset(o.code for o in c.options if o is marked or o.points > marked.points)
                minimums.append(Minimum(c.code, marked.min_stars, marked.code, satisfying=ok))
    return _Table(
        leaf_pairs=tuple((code, points) for code, _, points in leaves),
        leaf_codes=frozenset(code for code, _, _ in leaves),
        parents=parents,
        part_leaves=tuple((p.code, tuple(code for code, part, _ in leaves if part == p.code)) for p in cs.parts),
        minimums=tuple(minimums),
        option_mins=tuple((i, m.criterion, m.satisfying) for i, m in enumerate(minimums) if m.option is not None),
        heading_mins=tuple((i, m.leaves) for i, m in enumerate(minimums) if m.option is None),
        min_keys=tuple((m.criterion, m.min_stars) for m in minimums),
        label=f"{cs.regime}/{cs.code}",
    )


def minimums(criteria_set: CriteriaSet) -> tuple[Minimum, ...]:
    """The set's star minimums, in sheet order (``SheetResult.unmet_index`` refers to it)."""
    return _table(criteria_set).minimums


# --------------------------------------------------------------------------- one sheet


def _sheet_errors(t: _Table, answers) -> list[tuple[str, str]]:
    if not isinstance(answers, Mapping):
        return [("", "phiếu chấm phải là một đối tượng {mã tiêu chí: mã phương án}")]
    errors: list[tuple[str, str]] = []
    for code in answers:
        if code in t.leaf_codes:
            continue
        if code in t.parents:
            subs = ", ".join(t.parents[code])
            errors.append((str(code), f"tiêu chí có mục con, hãy chọn phương án ở từng mục con ({subs})"))
        else:
            errors.append((str(code), f"bộ tiêu chí {t.label} không có tiêu chí này"))
    for code, points in t.leaf_pairs:
        choice = answers.get(code)
        if choice is None:
            errors.append((code, "chưa chọn phương án"))
        elif isinstance(choice, bool) or not isinstance(choice, str | int):
            errors.append((code, f"mã phương án phải là chuỗi, không phải {choice!r}"))
        elif str(choice) not in points:
            known = ", ".join(c for c in points if c != NO_OPTION)
            errors.append((code, f"không có phương án {str(choice)!r} (các phương án: {known}; "
                                 f"hoặc {NO_OPTION} nếu không phương án nào phù hợp)"))
    return errors


def _apply_conditions(criteria_set: CriteriaSet, t: _Table, answers):
    """The answers as scored: a leaf that does not apply counts as "0" (an answer there may be
    left out; a code the criterion does not have is still an error)."""
    if not isinstance(answers, Mapping) or not conditional_leaves(criteria_set):
        return answers, ()
    failed = not_applicable(criteria_set, answers)
    if not failed:
        return answers, ()
    points = dict(t.leaf_pairs)
    effective = dict(answers)
    for code in failed:
        choice = effective.get(code)
        if choice is None or (not isinstance(choice, bool) and str(choice) in points[code]):
            effective[code] = NO_OPTION
    return effective, tuple(failed)


def score_sheet(criteria_set: CriteriaSet, answers: Mapping[str, str]) -> SheetResult:
    """Score one member's sheet. Raises :class:`SheetError` if it is incomplete or wrong.
    A criterion whose condition fails scores 0 whatever is chosen (see :mod:`.conditions`)."""
    t = _table(criteria_set)
    answers, skipped = _apply_conditions(criteria_set, t, answers)
    try:
        if len(answers) != len(t.leaf_pairs):
            raise KeyError  # a leaf is missing or a code is not a leaf: find out which below
        by = {code: points[answers[code]] for code, points in t.leaf_pairs}
    except (KeyError, TypeError):
        errors = _sheet_errors(t, answers)
        if errors:
            raise SheetError(errors) from None
        # Only whole-number option codes given as JSON numbers got here: score them as strings.
        return score_sheet(criteria_set, {k: str(v) for k, v in answers.items()})
    parts = {part: sum([by[c] for c in codes], ZERO) for part, codes in t.part_leaves}
    unmet_options = [i for i, code, ok in t.option_mins if answers[code] not in ok]
    missed = [i for i, leaves in t.heading_mins if not any(by[x] > ZERO for x in leaves)]
    unmet = tuple(sorted(unmet_options + missed) if missed else unmet_options)
    keys = t.min_keys
    return SheetResult(sum(parts.values(), ZERO), parts, by, tuple([keys[i] for i in unmet]), unmet, skipped)


# --------------------------------------------------------------------------- band and rank


def band_for(average: Decimal | int | Fraction) -> int:
    """Star band of an average total: 1★ <30 ≤ 2★ <50 ≤ 3★ <70 ≤ 4★ <90 ≤ 5★. Exact comparison,
    no rounding (69.99 → 3, 70 → 4). Floats are refused: they cannot hold 69.99 exactly."""
    if isinstance(average, float | bool) or not isinstance(average, Decimal | int | Fraction):
        raise TypeError(f"điểm trung bình phải là Decimal, không phải {type(average).__name__}")
    if isinstance(average, Decimal) and not average.is_finite():
        raise ValueError(f"điểm trung bình không hợp lệ: {average}")
    if average < 0 or average > 100:
        raise ValueError(f"điểm trung bình {average} nằm ngoài 0…100")
    for threshold, stars in BANDS:
        if average >= threshold:
            return stars
    return 1


def _band_of_sum(total_sum: Decimal, n: int) -> int:
    """The band of the mean S/n, decided exactly as S ≥ threshold × n (no division)."""
    if total_sum < 0 or total_sum > 100 * n:
        raise ValueError(f"tổng điểm trung bình nằm ngoài 0…100 ({total_sum} / {n})")
    for threshold, stars in BANDS:
        if total_sum >= threshold * n:
            return stars
    return 1


def rank(band: int, unmet: Sequence[tuple[str, int]]) -> int:
    """The highest rank R ≤ band such that no unmet minimum is marked for R stars or fewer; ≥ 1."""
    lowest = min((stars for _, stars in unmet), default=None)
    stars = band if lowest is None else min(band, lowest - 1)
    return max(stars, 1)


def council_result(
    criteria_set: CriteriaSet,
    member_answers: Sequence[Mapping[str, str]],
    consolidated: Mapping[str, str] | None = None,
    level: str = "province",
) -> CouncilResult:
    """Score a council's sheets (see the module docstring for every rule)."""
    if level not in LEVELS:
        raise ValueError(f"cấp đánh giá {level!r} không hợp lệ (province hoặc central)")
    if not member_answers:
        raise SheetError([("", "hội đồng cần ít nhất một phiếu chấm của thành viên")])
    members = []
    for i, answers in enumerate(member_answers):
        try:
            members.append(score_sheet(criteria_set, answers))
        except SheetError as exc:
            raise SheetError(exc.errors, member=i) from None
    n = len(members)
    totals = [m.total for m in members]
    total_sum = sum(totals, ZERO)
    keys = _table(criteria_set).min_keys
    cons = None
    if consolidated is not None:
        try:
            cons = score_sheet(criteria_set, consolidated)
        except SheetError as exc:
            raise SheetError(exc.errors, member="consolidated") from None
        unmet = cons.unmet_minimums
    else:
        # Met by a strict majority: met on more than n/2 sheets, i.e. unmet on at least n/2.
        counts = Counter([i for m in members for i in m.unmet_index])
        unmet = tuple([keys[i] for i in sorted(counts) if 2 * counts[i] >= n])
    band = _band_of_sum(total_sum, n)
    stars = rank(band, unmet)
    return CouncilResult(
        members=tuple(members),
        average=_MEAN.divide(total_sum, Decimal(n)),
        spread=max(totals) - min(totals),
        band_stars=band,
        stars=stars,
        unmet_minimums=unmet,
        certifiable=stars >= 3,
        # Art. 7.3.e as read in domain.md §5: the average reaches 90 AND the 5★ minimums hold.
        potential_5_star=level == "province" and total_sum >= FIVE_STAR_AVERAGE * n and stars == 5,
        level=level,
        consolidated=cons,
        minimum_basis="consolidated" if cons is not None else "majority",
    )
