"""The default calendar of the annual cycle (../shared/docs/domain.md §1.2). Pure module.

The months are provincial practice (Quảng Ninh model), not a national rule: cycle_open() writes
these defaults and the province office adjusts them.
"""

import calendar
from dataclasses import dataclass
from datetime import date

from django.db import models
from django.utils.translation import gettext_lazy as _


class Step(models.IntegerChoices):
    PUBLICITY = 1, _("1. Tuyên truyền, hướng dẫn về OCOP")
    IDEAS = 2, _("2. Nhận đăng ký ý tưởng sản phẩm")
    PLANS = 3, _("3. Nhận phương án, dự án sản xuất kinh doanh")
    IMPLEMENTATION = 4, _("4. Triển khai phương án, dự án sản xuất kinh doanh")
    RATING = 5, _("5. Đánh giá và xếp hạng sản phẩm")
    PROMOTION = 6, _("6. Xúc tiến thương mại")


@dataclass(frozen=True)
class StepWindow:
    step: int
    starts_on: date
    ends_on: date
    focus: str


def _last_day(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def default_calendar(year: int) -> list[StepWindow]:
    """The six steps of YEAR with their usual windows, in step order."""

    def span(m1: int, m2: int) -> tuple[date, date]:
        return date(year, m1, 1), _last_day(year, m2)

    rows = [
        (Step.PUBLICITY, span(1, 12), _("Cả năm, trọng tâm tháng 3–4")),
        (Step.IDEAS, span(4, 6), _("Tháng 4–6")),
        (Step.PLANS, span(6, 8), _("Tháng 6–8")),
        (Step.IMPLEMENTATION, span(6, 12), _("Liên tục sau khi phương án được phê duyệt")),
        (Step.RATING, span(3, 8), _("Đợt 1: tháng 3–4; đợt 2: tháng 7–8")),
        (Step.PROMOTION, span(1, 12), _("Cả năm (hội chợ OCOP xuân, hè)")),
    ]
    return [StepWindow(int(step), start, end, str(focus)) for step, (start, end), focus in rows]


def step_of(windows: list[StepWindow], day: date) -> list[int]:
    """The steps whose window contains DAY (several steps overlap)."""
    return [w.step for w in windows if w.starts_on <= day <= w.ends_on]
