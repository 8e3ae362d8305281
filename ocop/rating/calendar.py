"""Working days for the review deadlines (pure: no ORM; the database list is merged by the caller).

QĐ 26/2026 Art. 7.2 gives the commune 15 *working days* from receiving a dossier. A working day
is Monday to Friday, except public holidays (Labour Code 2019 Art. 112 and the yearly schedule
for civil servants); a Saturday declared a make-up working day counts as a working day.

FIXED_HOLIDAYS lists the weekday days off of 2025–2027 as data. Each year the Prime Minister
decides the exact Tết and National Day days and any swaps; the office corrects or completes this
list in the admin ("Ngày nghỉ lễ"), which ocop.rating.selectors.work_calendar() merges in:
a row with is_working_day=True overrides a fixed holiday (or a weekend) as a working day.

Counting rule: the day of receipt is not counted; the deadline is the n-th working day after it
(receipt on Friday, 15 working days → the deadline is three weeks later, on a Friday, if no
holiday falls in between).
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

REVIEW_WORKING_DAYS = 15  # Art. 7.2

#: Weekday days off (weekends need no entry), with the reason. Dates marked "dự kiến" (provisional)
#: follow the usual pattern and must be checked against the year's official notice.
FIXED_HOLIDAYS: Mapping[date, str] = {
    # 2025
    date(2025, 1, 1): "Tết Dương lịch",
    date(2025, 1, 27): "Tết Nguyên đán Ất Tỵ",
    date(2025, 1, 28): "Tết Nguyên đán Ất Tỵ",
    date(2025, 1, 29): "Tết Nguyên đán Ất Tỵ (mùng 1)",
    date(2025, 1, 30): "Tết Nguyên đán Ất Tỵ",
    date(2025, 1, 31): "Tết Nguyên đán Ất Tỵ",
    date(2025, 4, 7): "Giỗ Tổ Hùng Vương (10/3 âm lịch)",
    date(2025, 4, 30): "Ngày Giải phóng miền Nam",
    date(2025, 5, 1): "Quốc tế Lao động",
    date(2025, 5, 2): "Nghỉ hoán đổi (làm bù thứ Bảy 26/4/2025)",
    date(2025, 9, 1): "Quốc khánh (ngày liền kề)",
    date(2025, 9, 2): "Quốc khánh",
    # 2026
    date(2026, 1, 1): "Tết Dương lịch",
    date(2026, 2, 16): "Tết Nguyên đán Bính Ngọ",
    date(2026, 2, 17): "Tết Nguyên đán Bính Ngọ (mùng 1)",
    date(2026, 2, 18): "Tết Nguyên đán Bính Ngọ",
    date(2026, 2, 19): "Tết Nguyên đán Bính Ngọ",
    date(2026, 2, 20): "Tết Nguyên đán Bính Ngọ",
    date(2026, 4, 27): "Giỗ Tổ Hùng Vương (nghỉ bù Chủ nhật 26/4)",
    date(2026, 4, 30): "Ngày Giải phóng miền Nam",
    date(2026, 5, 1): "Quốc tế Lao động",
    date(2026, 9, 1): "Quốc khánh (ngày liền kề, dự kiến)",
    date(2026, 9, 2): "Quốc khánh",
    # 2027 (Tết and National Day schedules provisional)
    date(2027, 1, 1): "Tết Dương lịch",
    date(2027, 2, 4): "Tết Nguyên đán Đinh Mùi (dự kiến)",
    date(2027, 2, 5): "Tết Nguyên đán Đinh Mùi (dự kiến)",
    date(2027, 2, 8): "Tết Nguyên đán Đinh Mùi (dự kiến)",
    date(2027, 2, 9): "Tết Nguyên đán Đinh Mùi (dự kiến)",
    date(2027, 2, 10): "Tết Nguyên đán Đinh Mùi (dự kiến)",
    date(2027, 4, 16): "Giỗ Tổ Hùng Vương (10/3 âm lịch)",
    date(2027, 4, 30): "Ngày Giải phóng miền Nam",
    date(2027, 5, 3): "Quốc tế Lao động (nghỉ bù thứ Bảy 1/5)",
    date(2027, 9, 2): "Quốc khánh",
    date(2027, 9, 3): "Quốc khánh (ngày liền kề, dự kiến)",
}

#: Saturdays that were make-up working days in the official schedules above.
FIXED_WORKING_DAYS: Mapping[date, str] = {
    date(2025, 4, 26): "Làm bù cho ngày 2/5/2025",
}


@dataclass(frozen=True)
class WorkCalendar:
    """Days off beyond weekends, and weekend days that are working days."""

    holidays: frozenset[date] = field(default_factory=frozenset)
    working: frozenset[date] = field(default_factory=frozenset)

    def is_working_day(self, day: date) -> bool:
        if day in self.working:
            return True
        return day.weekday() < 5 and day not in self.holidays

    def add_working_days(self, start: date, days: int) -> date:
        """The DAYS-th working day after START (START itself is not counted)."""
        if days < 0:
            raise ValueError("days must be ≥ 0")
        current = start
        remaining = days
        while remaining:
            current += timedelta(days=1)
            if self.is_working_day(current):
                remaining -= 1
        return current

    def working_days_between(self, start: date, end: date) -> int:
        """Working days in (START, END]: how many have elapsed since START by END (0 if END ≤ START)."""
        count, current = 0, start
        while current < end:
            current += timedelta(days=1)
            count += self.is_working_day(current)
        return count


def make_calendar(
    holidays: Iterable[date] = (), working: Iterable[date] = (), *, include_fixed: bool = True
) -> WorkCalendar:
    """A calendar of the fixed data plus extra HOLIDAYS and WORKING days (working wins)."""
    working = frozenset(working) | (frozenset(FIXED_WORKING_DAYS) if include_fixed else frozenset())
    off = (frozenset(FIXED_HOLIDAYS) if include_fixed else frozenset()) | frozenset(holidays)
    return WorkCalendar(holidays=off - working, working=working)


def review_due(received: date, calendar: WorkCalendar, days: int = REVIEW_WORKING_DAYS) -> date:
    """The commune's deadline for a dossier received on RECEIVED (Art. 7.2)."""
    return calendar.add_working_days(received, days)


RERATING_DAYS = 45  # Art. 7.6.g, calendar days ("ngày", not "ngày làm việc")


def rerating_due(received: date, days: int = RERATING_DAYS) -> date:
    """The last day for a re-rating whose complete proposal was received on RECEIVED (Art. 7.6.g):
    the day of receipt is not counted (Civil Code Art. 147), so 45 days after it."""
    return received + timedelta(days=days)
