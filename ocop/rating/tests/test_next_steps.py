"""Results always have a next step (ocop.rating.next_steps): every (level, average band, rank)."""

from decimal import Decimal

import pytest

from ocop.criteria.scoring import FIVE_STAR_AVERAGE, band_for
from ocop.rating import council_rules
from ocop.rating.next_steps import Step, is_potential_5_star, may_recognise, next_steps, recognised_stars

# One average per band; the rank is at most the band (minimums only lower it).
AVERAGES = {1: Decimal("25"), 2: Decimal("45"), 3: Decimal("60"), 4: Decimal("80"), 5: Decimal("93")}
CA, SC, PR, MR, RA, FA = (Step.CHAIR_APPROVES, Step.SEND_TO_CENTRAL, Step.PROVINCE_RECOGNISES,
                          Step.MINISTRY_RECOGNISES, Step.PROVINCE_RATES_AGAIN, Step.FILE_AGAIN)

# (level, band, rank) → steps (before the chair's approval)
TABLE = {
    ("province", 1, 1): (FA,),
    ("province", 2, 1): (FA,), ("province", 2, 2): (FA,),
    ("province", 3, 2): (FA,), ("province", 3, 3): (PR,),
    ("province", 4, 2): (FA,), ("province", 4, 3): (PR,), ("province", 4, 4): (PR,),
    # ≥ 90: a missed minimum keeps the product at the province, recognised at its rank
    ("province", 5, 2): (FA,), ("province", 5, 3): (PR,), ("province", 5, 4): (PR,), ("province", 5, 5): (CA,),
    ("central", 1, 1): (RA, FA),
    ("central", 2, 1): (RA, FA), ("central", 2, 2): (RA, FA),
    ("central", 3, 2): (RA, FA), ("central", 3, 3): (PR, RA),
    ("central", 4, 2): (RA, FA), ("central", 4, 3): (PR, RA), ("central", 4, 4): (PR, RA),
    # a central result below 5★, whatever its average: the province recognises it or rates again
    ("central", 5, 2): (RA, FA), ("central", 5, 3): (PR, RA), ("central", 5, 4): (PR, RA), ("central", 5, 5): (MR,),
}


def test_the_table_covers_every_combination():
    expected = {(level, band, rank) for level in ("province", "central") for band in range(1, 6)
                for rank in range(2 if band >= 3 else 1, band + 1)}  # markers exist for 3★ and up
    assert set(TABLE) == expected


@pytest.mark.parametrize(("key", "steps"), TABLE.items(), ids=[f"{k[0]}-band{k[1]}-rank{k[2]}" for k in TABLE])
def test_next_steps(key, steps):
    level, band, rank = key
    average = AVERAGES[band]
    assert band_for(average) == band
    assert next_steps(level, average, rank) == steps
    assert steps  # never a dead end
    assert may_recognise("province", level, average, rank) == (PR in steps)
    assert may_recognise("central", level, average, rank) == (MR in steps)


def test_potential_5_star_is_the_average_and_the_5_star_minimums():
    assert is_potential_5_star("province", Decimal(FIVE_STAR_AVERAGE), 5)
    assert not is_potential_5_star("province", Decimal("95"), 4)  # a 5★ minimum missed
    assert not is_potential_5_star("province", Decimal("89.99"), 4)
    assert not is_potential_5_star("central", Decimal("95"), 5)


def test_after_the_chairs_approval_the_package_goes_to_the_ministry():
    assert next_steps("province", Decimal("93"), 5, approved=True) == (SC,)


def test_a_declined_potential_5_star_is_recognised_by_the_province_at_4_stars():
    steps = next_steps("province", Decimal("93"), 5, declined=True)
    assert steps == (Step.PROVINCE_RECOGNISES_4,)
    assert may_recognise("province", "province", Decimal("93"), 5, declined=True)
    assert not may_recognise("central", "province", Decimal("93"), 5, declined=True)
    assert recognised_stars("province", 5, declined=True) == 4
    assert recognised_stars("province", 5) == 5 and recognised_stars("central", 5, declined=True) == 5


def test_unknown_level():
    with pytest.raises(ValueError):
        next_steps("district", Decimal("60"), 3)


@pytest.mark.parametrize(("rule", "seats", "needed"), [
    ("two_thirds", 3, 2), ("two_thirds", 5, 4), ("two_thirds", 6, 4), ("three_quarters", 4, 3),
    ("three_quarters", 5, 4), ("half", 4, 3), ("half", 5, 3), ("all", 5, 5),
])
def test_quorum_needed(rule, seats, needed):
    assert council_rules.quorum_needed(rule, seats) == needed


def test_quorum_with_the_chair():
    assert council_rules.quorum("two_thirds", seats=3, present=2).met
    assert not council_rules.quorum("two_thirds", seats=3, present=1).met
    assert not council_rules.quorum("two_thirds", seats=3, present=3, chair_needed=True, chair_present=False).met


@pytest.mark.parametrize(("spread", "resolution", "confirmed", "block"), [
    ("10", "discussion", False, None), ("10.01", "discussion", False, "confirm"), ("13", "discussion", True, None),
    ("13", "rescore", True, "rescore"), ("9", "rescore", False, None),
])
def test_spread_rule(spread, resolution, confirmed, block):
    assert council_rules.spread_blocks(Decimal(spread), Decimal(10), resolution,
                                       discussion_confirmed=confirmed) == block
