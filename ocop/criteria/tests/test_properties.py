"""Properties of the engine over random valid sheets of every shipped set."""

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from ocop.criteria.scoring import band_for, council_result, score_sheet
from ocop.criteria.sheets import leaf_criteria, list_regimes, list_sets

ALL_SETS = [cs for r in list_regimes() if r.has_sheets for cs in list_sets(r.code)]


def random_sheet(cs, picks: list[int], allow_none: bool = True) -> dict[str, str]:
    """One answer per leaf from a list of integers (one draw for the whole sheet: fast)."""
    answers = {}
    for leaf, pick in zip(leaf_criteria(cs), picks, strict=False):
        codes = [o.code for o in leaf.options] + (["0"] if allow_none else [])
        answers[leaf.code] = codes[pick % len(codes)]
    return answers


PICKS = st.lists(st.integers(min_value=0, max_value=719), min_size=60, max_size=60)


@st.composite
def set_and_sheet(draw):
    cs = draw(st.sampled_from(ALL_SETS))
    return cs, random_sheet(cs, draw(PICKS))


@settings(max_examples=200, deadline=None)
@given(set_and_sheet())
def test_total_is_between_0_and_100(case):
    cs, answers = case
    result = score_sheet(cs, answers)
    assert Decimal(0) <= result.total <= Decimal(100)
    for part in cs.parts:
        assert Decimal(0) <= result.parts[part.code] <= part.max
    assert result.total == sum(result.parts.values())


@settings(max_examples=200, deadline=None)
@given(set_and_sheet(), st.data())
def test_upgrading_one_answer_never_lowers_total_band_or_stars(case, data):
    cs, answers = case
    leaves = leaf_criteria(cs)
    leaf = data.draw(st.sampled_from(leaves))
    current = score_sheet(cs, answers).by_criterion[leaf.code]
    better = [o.code for o in leaf.options if o.points > current]
    if not better:
        return
    upgraded = {**answers, leaf.code: data.draw(st.sampled_from(better))}
    before, after = score_sheet(cs, answers), score_sheet(cs, upgraded)
    if leaf.code in before.not_applicable:  # its condition fails: still 0 whatever is chosen
        assert after.total == before.total
    else:
        assert after.total > before.total
    assert band_for(after.total) >= band_for(before.total)
    assert set(after.unmet_minimums) <= set(before.unmet_minimums)
    assert council_result(cs, [upgraded]).stars >= council_result(cs, [answers]).stars


@settings(max_examples=50, deadline=None)
@given(st.sampled_from(ALL_SETS), st.data())
def test_council_average_is_within_member_totals(cs, data):
    n = data.draw(st.integers(min_value=1, max_value=9))
    members = [random_sheet(cs, data.draw(PICKS), allow_none=False) for _ in range(n)]
    result = council_result(cs, members)
    totals = [m.total for m in result.members]
    assert min(totals) <= result.average <= max(totals)
    assert result.spread == max(totals) - min(totals)
    assert 1 <= result.stars <= result.band_stars <= 5
    assert result.certifiable == (result.stars >= 3)


@given(st.decimals(min_value=0, max_value=100, places=4), st.decimals(min_value=0, max_value=100, places=4))
def test_band_is_monotonic(a, b):
    low, high = sorted([a, b])
    assert band_for(low) <= band_for(high)
