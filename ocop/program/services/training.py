"""Training records: the roster, courses, sessions, participants and attendance."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ocop.core.audit import RecordActions
from ocop.program.models import (
    TrainingAttendance,
    TrainingCourse,
    TrainingParticipant,
    TrainingRosterEntry,
    TrainingSession,
)
from ocop.program.services import delete_record, save_record

ROSTER_ACTIONS = RecordActions.of("PROGRAM_ROSTER")
COURSE_ACTIONS = RecordActions.of("PROGRAM_COURSE")
SESSION_ACTIONS = RecordActions.of("PROGRAM_SESSION")
PARTICIPANT_ACTIONS = RecordActions.of("PROGRAM_PARTICIPANT")
ATTENDANCE_ACTIONS = RecordActions.of("PROGRAM_ATTENDANCE")

ROSTER_FIELDS = ["unit", "category", "full_name", "position", "organisation", "producer", "phone", "email",
                 "listed_on", "removed_on"]
COURSE_FIELDS = ["unit", "plan", "title", "organiser", "starts_on", "ends_on", "note"]


def roster_entry_save(*, entry: TrainingRosterEntry, actor) -> TrainingRosterEntry:
    if entry.producer is not None and not entry.unit_id:
        entry.unit = entry.producer.unit
    return save_record(entry, actor=actor, unit_of=lambda e: e.unit, actions=ROSTER_ACTIONS)


def roster_entry_delete(*, entry: TrainingRosterEntry, actor) -> None:
    if entry.participations.exists():
        raise ValidationError(_("Người này đã có trong danh sách học viên; hãy ghi ngày ra khỏi danh sách."))
    delete_record(entry, actor=actor, unit_of=lambda e: e.unit, actions=ROSTER_ACTIONS)


def course_save(*, course: TrainingCourse, actor) -> TrainingCourse:
    return save_record(course, actor=actor, unit_of=lambda c: c.unit, actions=COURSE_ACTIONS)


def course_delete(*, course: TrainingCourse, actor) -> None:
    delete_record(course, actor=actor, unit_of=lambda c: c.unit, actions=COURSE_ACTIONS)


def session_save(*, session: TrainingSession, actor) -> TrainingSession:
    course = session.course
    if session.date and not course.starts_on <= session.date <= course.ends_on:
        raise ValidationError({"date": _("Ngày học phải trong thời gian của khoá.")})
    return save_record(session, actor=actor, unit_of=lambda s: s.course.unit, actions=SESSION_ACTIONS)


def session_delete(*, session: TrainingSession, actor) -> None:
    delete_record(session, actor=actor, unit_of=lambda s: s.course.unit, actions=SESSION_ACTIONS)


def participant_save(*, participant: TrainingParticipant, actor) -> TrainingParticipant:
    """Enrol someone; a roster entry gives the name, category and unit when they are left empty."""
    entry = participant.roster_entry
    if entry is not None:
        participant.full_name = participant.full_name or entry.full_name
        participant.category = participant.category or entry.category
        if not participant.unit_id:
            participant.unit = entry.unit
    return save_record(participant, actor=actor, unit_of=lambda p: p.course.unit, actions=PARTICIPANT_ACTIONS)


def participant_delete(*, participant: TrainingParticipant, actor) -> None:
    delete_record(participant, actor=actor, unit_of=lambda p: p.course.unit, actions=PARTICIPANT_ACTIONS)


def attendance_save(*, attendance: TrainingAttendance, actor) -> TrainingAttendance:
    if attendance.participant.course_id != attendance.session.course_id:
        raise ValidationError({"participant": _("Học viên không thuộc khoá của buổi học này.")})
    return save_record(attendance, actor=actor, unit_of=lambda a: a.session.course.unit, actions=ATTENDANCE_ACTIONS)


def attendance_delete(*, attendance: TrainingAttendance, actor) -> None:
    delete_record(attendance, actor=actor, unit_of=lambda a: a.session.course.unit, actions=ATTENDANCE_ACTIONS)
