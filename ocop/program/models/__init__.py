"""Program monitoring models, split by area: plans and targets, departments and their tasks,
funding, training, and the annual report jobs."""

from ocop.program.models.departments import Department, DepartmentTask, TaskNote, TaskReminder
from ocop.program.models.funding import STATE_SOURCES, FundingLine, FundingSource
from ocop.program.models.plans import IndicatorValue, Plan, ReportingPeriod, Target
from ocop.program.models.reports import ReportJob
from ocop.program.models.training import (
    HOUSEHOLDS,
    LEADERS,
    OFFICIALS,
    TraineeCategory,
    TrainingAttendance,
    TrainingCourse,
    TrainingParticipant,
    TrainingRosterEntry,
    TrainingSession,
)

__all__ = [
    "HOUSEHOLDS", "LEADERS", "OFFICIALS", "STATE_SOURCES",
    "Department", "DepartmentTask", "FundingLine", "FundingSource", "IndicatorValue", "Plan", "ReportJob",
    "ReportingPeriod", "Target", "TaskNote", "TaskReminder", "TraineeCategory",
    "TrainingAttendance", "TrainingCourse", "TrainingParticipant", "TrainingRosterEntry", "TrainingSession",
]
