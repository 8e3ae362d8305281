"""A council: average, band boundaries, minimums (option and heading, consolidated and majority)."""

from decimal import Decimal

import pytest

from ocop.criteria.scoring import SheetError, band_for, council_result, rank
from ocop.criteria.sheets import get_set

from .helpers import sheet, synthetic

D = Decimal


@pytest.fixture(scope="module")
def s01():
    return get_set("qd148-2023", "01")


# Set 01 sheets with known totals, built from the lowest sheet (12 points) by raising some
# criteria to their best option (gains: 4a +4, 4b +4, 4c +4, 5a +5, 5b +5, 6b +5, 8 +5, 10 +5,
# 1a +4, 2a +4, 1d +3, 2b +3, 6c +3, 6d +3, 1e +1), or from the best sheet (100) by lowering.
def s01_sheet(cs, total: int) -> dict:
    if total == 29:  # 12 + 5a 5 + 5b 5 + 4a 4 + 1d 3
        return sheet(cs, "first", c5a="6", c5b="4", c4a="4", c1d="4")
    if total == 30:  # 12 + 5a 5 + 5b 5 + 4a 4 + 4b 4
        return sheet(cs, "first", c5a="6", c5b="4", c4a="4", c4b="4")
    mid = dict(c4a="4", c4b="4", c4c="5", c5a="6", c5b="4", c6b="5", c8="4", c10="5")  # +37
    if total == 49:
        return sheet(cs, "first", **mid)
    if total == 50:
        return sheet(cs, "first", **mid, c1e="2")
    high = dict(mid, c1a="3", c2a="4", c1d="4", c2b="4", c6c="4", c6d="4")  # +37 +20
    if total == 69:
        return sheet(cs, "first", **high)
    if total == 70:
        return sheet(cs, "first", **high, c1e="2")
    if total == 90:  # 100 - 10 5 - 6b 5 (not 5a: without a story 5b and 5c do not apply)
        return sheet(cs, "best", c10="1", c6b="1")
    if total == 89:
        return sheet(cs, "best", c10="1", c6b="1", c1e="1")
    raise ValueError(total)


@pytest.mark.parametrize("total", [29, 30, 49, 50, 69, 70, 89, 90])
def test_boundary_sheets_have_their_totals(s01, total):
    result = council_result(s01, [s01_sheet(s01, total)])
    assert result.members[0].total == total


@pytest.mark.parametrize(("low", "average", "band"), [
    (29, "29.99", 1), (49, "49.99", 2), (69, "69.99", 3), (89, "89.99", 4)])
def test_average_just_below_a_boundary_stays_in_the_lower_band(s01, low, average, band):
    # 100 members, 99 at the boundary and one a point below: the mean is boundary - 0.01.
    members = [s01_sheet(s01, low + 1)] * 99 + [s01_sheet(s01, low)]
    result = council_result(s01, members)
    assert result.average == D(average)
    assert result.band_stars == band


@pytest.mark.parametrize(("total", "band"), [(30, 2), (50, 3), (70, 4), (90, 5)])
def test_average_exactly_at_a_boundary_takes_the_upper_band(s01, total, band):
    result = council_result(s01, [s01_sheet(s01, total)] * 100)
    assert result.average == D(total)
    assert result.band_stars == band


def syn(option_1, option_4, option_6):
    """Synthetic sheet scoring only in 1, 4 and 6 (8.1, 8.2 and 9 at 0 points)."""
    return {"1": option_1, "4": option_4, "6": option_6, "8.1": "1", "8.2": "1", "9": "1"}


@pytest.mark.parametrize(("low", "high", "average", "band"), [
    (("3", "1", "5"), ("3", "1", "7"), "29.99", 1),   # 29.98 and 30
    (("3", "1", "7"), ("3", "1", "7"), "30", 2),
    (("5", "1", "5"), ("5", "1", "7"), "49.99", 2),   # 49.98 and 50
    (("5", "1", "7"), ("5", "1", "7"), "50", 3),
    (("5", "2", "2"), ("5", "2", "4"), "69.99", 3),   # 69.98 and 70
    (("5", "2", "4"), ("5", "2", "4"), "70", 4),
    (("5", "2", "11"), ("5", "2", "13"), "89.99", 4),  # 89.98 and 90
    (("5", "2", "13"), ("5", "2", "13"), "90", 5),
])
def test_two_members_with_decimal_points(low, high, average, band):
    result = council_result(synthetic(), [syn(*low), syn(*high)])
    assert result.average == D(average)
    assert str(result.average_display) == (average if "." in average else f"{average}.00")
    assert result.band_stars == band


def test_two_members_at_29_99_exactly():
    result = council_result(synthetic(), [syn("3", "1", "5"), syn("3", "1", "7")])
    assert (result.members[0].total, result.members[1].total) == (D("29.98"), D(30))
    assert result.average == D("29.99")
    assert result.band_stars == 1
    assert result.stars == 1
    assert result.spread == D("0.02")


def test_three_members_mean_that_does_not_terminate():
    cs = synthetic()
    ninety = syn("5", "2", "13")
    result = council_result(cs, [ninety, ninety, syn("5", "2", "12")])
    # (90 + 90 + 89.99) / 3 = 89.99666…: below 90, so 4★, and shown truncated, not rounded up.
    assert result.band_stars == 4
    assert D("89.996666") < result.average < D("89.996667")
    assert len(result.average.as_tuple().digits) == 50
    assert result.average_display == D("89.99")
    assert not result.potential_5_star


# --------------------------------------------------------------------------- band_for and rank


@pytest.mark.parametrize(("average", "band"), [
    ("0", 1), ("29.99", 1), ("29.999999", 1), ("30", 2), ("30.00", 2), ("49.99", 2), ("50", 3),
    ("69.99", 3), ("70", 4), ("89.99", 4), ("89.9999999999", 4), ("90", 5), ("100", 5)])
def test_band_for(average, band):
    assert band_for(D(average)) == band


def test_band_for_refuses_floats_and_out_of_range():
    with pytest.raises(TypeError):
        band_for(69.99)
    with pytest.raises(ValueError):
        band_for(D("100.01"))
    with pytest.raises(ValueError):
        band_for(D("-1"))
    assert band_for(70) == 4


@pytest.mark.parametrize(("band", "unmet", "stars"), [
    (5, [], 5), (5, [("1b", 5)], 4), (5, [("2a", 4), ("1b", 5)], 3), (5, [("9a", 3)], 2),
    (4, [("1b", 5)], 4), (3, [("2a", 4)], 3), (2, [("9a", 3)], 2), (1, [("9a", 3)], 1)])
def test_rank(band, unmet, stars):
    assert rank(band, unmet) == stars


# --------------------------------------------------------------------------- minimums


def test_option_minimum_caps_stars_below_the_band(s01):
    # Best sheet with 2a one step below its 4★ option: 99 points, band 5, but 3★.
    result = council_result(s01, [sheet(s01, "best", c2a="3")])
    assert result.members[0].total == 99
    assert result.band_stars == 5
    assert result.unmet_minimums == (("2a", 4),)
    assert result.stars == 3
    assert result.certifiable
    assert not result.potential_5_star  # 99 points, but a minimum is missed: the province's, at 3★


def test_the_marked_option_itself_meets_its_minimum(s01):
    # 1c: option 2 carries ****, option 3 *****. Choosing 2 meets 4★ but not 5★.
    result = council_result(s01, [sheet(s01, "best", c1c="2")])
    assert result.unmet_minimums == (("1c", 5),)
    assert result.stars == 4


def test_an_option_scoring_more_than_the_marked_one_meets_it(s01):
    # 1đ: the **** marker is on its first option (1 point); option 2 (2 points) meets it.
    result = council_result(s01, [sheet(s01, "best", c1dd="2")])
    assert result.unmet_minimums == ()
    assert result.stars == 5


def test_a_three_star_minimum_leaves_two_stars(s01):
    # 9a: *** on option 3; option 2 misses it. 99 points but not certifiable.
    result = council_result(s01, [sheet(s01, "best", c9a="2")])
    assert result.band_stars == 5
    assert result.stars == 2
    assert not result.certifiable


def test_minimums_above_the_band_do_not_lower_the_rank(s01):
    # 46 points (band 2) … raise to band 3 with 5★ minimums unmet: still 3★.
    answers = sheet(s01, "second", c5a="6", c5b="4", c9a="3", c10="3")  # 46 + 4 + 4 + 1 + 1 = 56
    result = council_result(s01, [answers])
    assert result.members[0].total == 56
    assert result.band_stars == 3
    assert all(stars > 3 for _, stars in result.unmet_minimums)
    assert result.stars == 3


def test_heading_minimum_on_a_leaf(s01):
    # 3e 'Sở hữu trí tuệ****' (heading): met when 3e scores above zero; "0" = no option applies.
    met = council_result(s01, [sheet(s01, "best", c3e="1")])
    assert met.stars == 5
    unmet = council_result(s01, [sheet(s01, "best", c3e="0")])
    assert unmet.unmet_minimums == (("3e", 4),)
    assert unmet.band_stars == 5
    assert unmet.stars == 3


def test_heading_minimum_on_a_criterion_with_sub_items():
    cs = synthetic()
    base = {"1": "5", "4": "2", "6": "13", "9": "2"}  # 90 without criterion 8
    # 8 (***) over 8.1 and 8.2: met as soon as either sub-item scores.
    assert council_result(cs, [{**base, "8.1": "2", "8.2": "1"}]).unmet_minimums == (("8.2", 5),)
    none = council_result(cs, [{**base, "8.1": "1", "8.2": "1"}])
    assert none.unmet_minimums == (("8", 3), ("8.2", 5))
    assert none.stars == 2


def test_heading_minimum_with_a_zero_option():
    cs = synthetic()
    result = council_result(cs, [{"1": "5", "4": "2", "6": "13", "8.1": "2", "8.2": "3", "9": "1"}])
    assert result.members[0].total == D(98)
    assert result.unmet_minimums == (("9", 4),)
    assert result.stars == 3


def test_majority_rule_without_consolidated_sheet(s01):
    meets = sheet(s01, "best")
    misses = sheet(s01, "best", c2a="3")
    two_of_three = council_result(s01, [meets, meets, misses])
    assert two_of_three.unmet_minimums == ()
    assert two_of_three.stars == 5
    one_of_three = council_result(s01, [meets, misses, misses])
    assert one_of_three.unmet_minimums == (("2a", 4),)
    assert one_of_three.stars == 3
    tie = council_result(s01, [meets, meets, misses, misses])  # 2 of 4 is not a strict majority
    assert tie.unmet_minimums == (("2a", 4),)
    assert tie.stars == 3
    assert tie.minimum_basis == "majority"


def test_consolidated_sheet_decides_the_minimums(s01):
    meets = sheet(s01, "best")
    misses = sheet(s01, "best", c2a="3")
    # The majority misses 2a, but the council's consolidated sheet meets it.
    up = council_result(s01, [meets, misses, misses], consolidated=meets)
    assert up.unmet_minimums == ()
    assert up.stars == 5
    assert up.minimum_basis == "consolidated"
    assert up.consolidated.total == 100
    # The majority meets 2a, but the consolidated sheet does not.
    down = council_result(s01, [meets, meets, misses], consolidated=misses)
    assert down.unmet_minimums == (("2a", 4),)
    assert down.stars == 3
    # The average still comes from the members' sheets.
    assert D("99.666666") < down.average < D("99.666667")  # 299/3, 50 significant digits


def test_council_example_from_the_readme(s01):
    # ocop/criteria/examples: totals 71, 73, 69; 2a's 4★ option met by one member of three.
    import json
    from pathlib import Path

    folder = Path(__file__).resolve().parents[1] / "examples"
    members = [json.loads((folder / f"answers-set01-member{i}.json").read_text()) for i in (1, 2, 3)]
    result = council_result(s01, members)
    assert [m.total for m in result.members] == [71, 73, 69]
    assert [m.parts for m in result.members][0] == {"A": 32, "B": 17, "C": 22}
    assert (result.average, result.spread, result.band_stars, result.stars) == (71, 4, 4, 3)
    assert ("2a", 4) in result.unmet_minimums
    consolidated = json.loads((folder / "answers-set01-consolidated.json").read_text())
    assert council_result(s01, members, consolidated).stars == 4


def test_potential_five_star_only_at_province_level(s01):
    best = sheet(s01, "best")
    assert council_result(s01, [best], level="province").potential_5_star
    central = council_result(s01, [best], level="central")
    assert not central.potential_5_star
    assert central.stars == 5
    assert not council_result(s01, [s01_sheet(s01, 89)], level="province").potential_5_star


def test_stars_never_below_one(s01):
    result = council_result(s01, [sheet(s01, "first")])
    assert result.members[0].total == 12
    assert result.band_stars == 1
    assert result.stars == 1
    assert not result.certifiable


def test_bad_member_sheet_names_member_and_criterion(s01):
    bad = sheet(s01, "best")
    del bad["7"]
    with pytest.raises(SheetError) as err:
        council_result(s01, [sheet(s01, "best"), bad])
    assert err.value.member == 1
    assert err.value.criterion == "7"


def test_bad_consolidated_sheet(s01):
    with pytest.raises(SheetError) as err:
        council_result(s01, [sheet(s01, "best")], consolidated={"1a": "1"})
    assert err.value.member == "consolidated"


def test_council_needs_members_and_a_known_level(s01):
    with pytest.raises(SheetError):
        council_result(s01, [])
    with pytest.raises(ValueError):
        council_result(s01, [sheet(s01, "best")], level="district")
