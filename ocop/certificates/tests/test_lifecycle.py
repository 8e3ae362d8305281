"""The pure lifecycle rules (the status: test_status.py): validity, re-rating window, reminders, revocation, authority."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ocop.certificates import lifecycle as lc

D = date


@pytest.mark.parametrize(
    ("issued", "until"),
    [
        (D(2026, 6, 15), D(2029, 6, 15)),  # same calendar day (Civil Code Art. 147–148)
        (D(2026, 1, 31), D(2029, 1, 31)),
        (D(2028, 2, 29), D(2031, 2, 28)),  # no 29/02 in 2031: the last day of the month
        (D(2025, 12, 31), D(2028, 12, 31)),
        (D(2026, 11, 30), D(2029, 11, 30)),
    ],
)
def test_valid_until_is_the_same_day_36_months_later(issued, until):
    assert lc.valid_until_for(issued) == until


def test_add_months_clamps_to_the_end_of_a_shorter_month():
    assert lc.add_months(D(2026, 1, 31), 1) == D(2026, 2, 28)
    assert lc.add_months(D(2026, 3, 31), -1) == D(2026, 2, 28)
    assert lc.add_months(D(2026, 12, 15), 1) == D(2027, 1, 15)


UNTIL = D(2029, 6, 15)
ISSUED = D(2026, 6, 15)


def test_rerating_window_is_180_to_120_days_before_expiry_inclusive():
    opens_on, closes_on = lc.rerating_window(UNTIL)
    assert (UNTIL - opens_on).days == 180 and (UNTIL - closes_on).days == 120
    assert lc.rerating_window_state(UNTIL, opens_on - timedelta(days=1)) == "before"
    assert lc.rerating_window_state(UNTIL, opens_on) == "open"
    assert lc.rerating_window_state(UNTIL, closes_on) == "open"
    assert lc.rerating_window_state(UNTIL, closes_on + timedelta(days=1)) == "closed"


@pytest.mark.parametrize(
    ("days_left", "due"),
    [
        (200, None), (181, None), (180, 180), (151, 180), (150, 150), (121, 150), (120, 120), (91, 120),
        (90, None), (1, None), (0, None), (-1, 0), (-29, 0), (-30, None),
    ],
)
def test_due_reminder_partitions_the_days_before_expiry(days_left, due):
    assert lc.due_reminder(UNTIL, UNTIL - timedelta(days=days_left)) == due


@given(st.integers(min_value=-400, max_value=400))
def test_each_day_has_at_most_one_due_threshold_and_it_is_the_nearest_above(days_left):
    due = lc.due_reminder(UNTIL, UNTIL - timedelta(days=days_left))
    if due not in (None, lc.EXPIRY_NOTICE):
        assert days_left <= due < days_left + lc.CATCH_UP_DAYS


def test_revocation_deadline_is_15_days_after_the_finding():
    finding = D(2027, 3, 1)
    assert lc.revocation_deadline(finding) == D(2027, 3, 16)
    assert not lc.revocation_is_late(finding, D(2027, 3, 16))
    assert lc.revocation_is_late(finding, D(2027, 3, 17))


@pytest.mark.parametrize(("stars", "level"), [(3, lc.PROVINCE), (4, lc.PROVINCE), (5, lc.CENTRAL)])
def test_revocation_authority(stars, level):
    assert lc.revocation_authority(stars) == level


@pytest.mark.parametrize(
    ("issuer", "result_level", "stars", "average", "potential", "historical", "refusal"),
    [
        ("province", "province", 3, "55", False, False, None),
        ("province", "province", 4, "89.99", False, False, None),
        ("province", "province", 4, "91", False, False, None),  # ≥ 90, a 5★ minimum missed: the province's
        ("province", "province", 2, "45", False, False, "below_3_stars"),
        ("province", "province", 5, "95", True, False, "province_max_4_stars"),
        ("province", "central", 4, "86", False, False, None),  # Art. 7.4.g: central below 90
        ("province", "central", 4, "90.5", False, False, None),  # central below 5★ whatever the average
        ("central", "central", 5, "93", False, False, None),
        ("central", "central", 4, "88", False, False, "central_needs_5_stars"),
        ("central", "province", 5, "95", True, False, "not_central_result"),
        ("district", "district", 3, "60", False, True, None),  # QĐ 148 district councils, recorded
        ("district", "district", 3, "60", False, False, "district_historical_only"),
        ("district", "district", 4, "75", False, True, "wrong_level"),
        ("province", "province", 4, "92", True, True, None),  # historical provincial "5★ potential" as 4★
        ("province", "district", 3, "60", False, True, "wrong_level"),
    ],
)
def test_recognition_refusal(issuer, result_level, stars, average, potential, historical, refusal):
    assert lc.recognition_refusal(
        issuer_level=issuer, result_level=result_level, stars=stars, average=Decimal(average),
        potential_5_star=potential, is_historical=historical,
    ) == refusal
