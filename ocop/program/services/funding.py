"""Funding lines (planned, allocated, disbursed VND by source)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ocop.core.audit import RecordActions
from ocop.program.models import FundingLine
from ocop.program.services import delete_record, save_record

FUNDING_ACTIONS = RecordActions.of("PROGRAM_FUNDING")

FUNDING_FIELDS = ["year", "unit", "source", "title", "plan", "task", "department", "producer", "planned", "allocated",
                  "disbursed", "note"]


def funding_line_save(*, line: FundingLine, actor) -> FundingLine:
    """Save a line; support for a producer is booked at the producer's commune unless told otherwise."""
    if line.producer is not None and not line.unit_id:
        line.unit = line.producer.unit
    if line.task is not None and line.department_id is None:
        line.department = line.task.lead
    if line.year and not 2000 <= line.year <= 2100:
        raise ValidationError({"year": _("Năm không hợp lệ.")})
    return save_record(line, actor=actor, unit_of=lambda x: x.unit, actions=FUNDING_ACTIONS)


def funding_line_delete(*, line: FundingLine, actor) -> None:
    delete_record(line, actor=actor, unit_of=lambda x: x.unit, actions=FUNDING_ACTIONS)
