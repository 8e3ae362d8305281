"""Working days (pure): weekends, Tết, swapped days, office-added holidays. Table-driven."""

from datetime import date

import pytest

from ocop.rating.calendar import FIXED_HOLIDAYS, WorkCalendar, make_calendar, review_due

CAL = make_calendar()


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2026, 2, 13), True),   # Friday before Tết Bính Ngọ
        (date(2026, 2, 14), False),  # Saturday
        (date(2026, 2, 16), False),  # Tết
        (date(2026, 2, 17), False),  # mùng 1
        (date(2026, 2, 20), False),  # Tết
        (date(2026, 2, 23), True),   # back to work
        (date(2025, 4, 26), True),   # Saturday worked for 2/5/2025
        (date(2025, 5, 2), False),   # swapped day off
        (date(2026, 4, 27), False),  # Hùng Kings, moved from Sunday
        (date(2026, 9, 2), False),
        (date(2027, 5, 3), False),   # 1/5/2027 is a Saturday
    ],
)
def test_is_working_day(day, working):
    assert CAL.is_working_day(day) is working


@pytest.mark.parametrize(
    ("received", "days", "due"),
    [
        (date(2026, 3, 2), 15, date(2026, 3, 23)),    # Monday, three plain weeks
        (date(2026, 3, 6), 15, date(2026, 3, 27)),    # Friday → Friday three weeks later
        (date(2026, 3, 7), 1, date(2026, 3, 9)),      # received on Saturday: Monday is day 1
        (date(2026, 2, 6), 15, date(2026, 3, 6)),     # across Tết: 5 weekdays off
        (date(2026, 4, 20), 15, date(2026, 5, 14)),   # across 27/4, 30/4 and 1/5
        (date(2025, 1, 20), 15, date(2025, 2, 17)),   # across Tết Ất Tỵ
        (date(2025, 4, 21), 5, date(2025, 4, 26)),    # the Saturday 26/4/2025 is day 5
        (date(2026, 8, 24), 10, date(2026, 9, 9)),    # National Day 1–2/9
        (date(2026, 12, 28), 4, date(2027, 1, 4)),    # New Year
        (date(2026, 3, 2), 0, date(2026, 3, 2)),
    ],
)
def test_review_due(received, days, due):
    assert review_due(received, CAL, days) == due


def test_working_days_between_is_the_inverse_of_add():
    for start in (date(2026, 2, 6), date(2026, 4, 20), date(2025, 1, 20)):
        for n in (1, 5, 15, 30):
            assert CAL.working_days_between(start, CAL.add_working_days(start, n)) == n
    assert CAL.working_days_between(date(2026, 3, 9), date(2026, 3, 2)) == 0


def test_office_holiday_and_override():
    extra = make_calendar(holidays=[date(2026, 3, 10)])
    assert review_due(date(2026, 3, 2), extra, 15) == date(2026, 3, 24)
    # A working-day row overrides a fixed holiday (the office corrects the data).
    corrected = make_calendar(working=[date(2026, 9, 1)])
    assert corrected.is_working_day(date(2026, 9, 1))


def test_plain_calendar_has_only_weekends():
    plain = WorkCalendar()
    assert plain.is_working_day(date(2026, 2, 17))
    assert review_due(date(2026, 2, 6), plain, 15) == date(2026, 2, 27)


def test_fixed_data_covers_2025_to_2027_on_weekdays_only():
    assert {d.year for d in FIXED_HOLIDAYS} == {2025, 2026, 2027}
    assert all(d.weekday() < 5 for d in FIXED_HOLIDAYS)


def test_negative_days_refused():
    with pytest.raises(ValueError):
        CAL.add_working_days(date(2026, 1, 5), -1)
