"""Builders of the program's rows for its tests: plans and targets, training, departments and their
tasks, funding lines. Plain rows written directly; producers, products and certificates come from
ocop/registry/tests/factories.py and ocop/certificates/tests/factories.py."""

from datetime import date
from decimal import Decimal

from ocop.program.models import (
    Department,
    DepartmentTask,
    FundingLine,
    Plan,
    Target,
    TrainingAttendance,
    TrainingCourse,
    TrainingParticipant,
    TrainingRosterEntry,
    TrainingSession,
)
from ocop.program.services.plans import plan_ensure_periods

_counter = {"n": 0}


def _next() -> int:
    _counter["n"] += 1
    return _counter["n"]


def make_plan(unit, *, starts_on=date(2021, 1, 1), ends_on=date(2025, 12, 31), title="Kế hoạch OCOP", **extra) -> Plan:
    plan = Plan.objects.create(unit=unit, title=title, starts_on=starts_on, ends_on=ends_on, **extra)
    plan_ensure_periods(plan=plan)
    return plan


def make_target(plan, indicator, *, comparison="gte", value_min=None, value_max=None, **extra) -> Target:
    return Target.objects.create(plan=plan, indicator=indicator, comparison=comparison, value_min=value_min,
                                 value_max=value_max, **extra)


def make_roster(unit, category, *, listed_on=date(2019, 1, 1), removed_on=None, name=None) -> TrainingRosterEntry:
    return TrainingRosterEntry.objects.create(unit=unit, category=category, full_name=name or f"Học viên {_next()}",
                                              listed_on=listed_on, removed_on=removed_on)


def make_course(unit, *, on=date(2020, 5, 10), title=None) -> tuple[TrainingCourse, TrainingSession]:
    course = TrainingCourse.objects.create(unit=unit, title=title or f"Tập huấn {_next()}", starts_on=on, ends_on=on)
    return course, TrainingSession.objects.create(course=course, date=on, topic="Chu trình OCOP")


def attend(session, entry, *, present=True) -> TrainingAttendance:
    participant, _ = TrainingParticipant.objects.get_or_create(
        course=session.course, roster_entry=entry,
        defaults={"full_name": entry.full_name, "category": entry.category, "unit": entry.unit},
    )
    return TrainingAttendance.objects.create(session=session, participant=participant, present=present)


def make_department(unit, name="Sở Nông nghiệp và Môi trường", **extra) -> Department:
    return Department.objects.create(unit=unit, name=name, **extra)


def make_task(lead, *, deadline, status="assigned", completed_on=None, title=None, **extra) -> DepartmentTask:
    return DepartmentTask.objects.create(unit=lead.unit, lead=lead, title=title or f"Nhiệm vụ {_next()}",
                                         deadline=deadline, status=status, completed_on=completed_on, **extra)


def make_funding(unit, *, year=2024, source="nsnn_tinh", planned=0, allocated=0, disbursed=0, **extra) -> FundingLine:
    return FundingLine.objects.create(unit=unit, year=year, source=source, title=f"Hỗ trợ {_next()}",
                                      planned=Decimal(planned), allocated=Decimal(allocated),
                                      disbursed=Decimal(disbursed), **extra)
