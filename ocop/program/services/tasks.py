"""Departments, their tasks, the task workflow (one transition service), progress notes and the
daily reminders."""

import logging
from dataclasses import replace
from datetime import date, timedelta
from functools import partial

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop.accounts.policy import check_task, task_roles
from ocop.accounts.roles import TASK_MANAGERS
from ocop.core.audit import AuditAction, RecordActions, audit_record
from ocop.core.transitions import Binding, transition
from ocop.lib.formatting import short_date
from ocop.program import workflow
from ocop.program.models import Department, DepartmentTask, TaskNote, TaskReminder
from ocop.program.services import delete_record, save_record
from ocop.program.workflow import TaskStatus

DEPARTMENT_ACTIONS = RecordActions.of("PROGRAM_DEPARTMENT")
TASK_ACTIONS = RecordActions.of("PROGRAM_TASK")

logger = logging.getLogger(__name__)
DEPARTMENT_FIELDS = ["unit", "name", "short_name", "kind", "email", "is_active"]
TASK_FIELDS = ["plan", "title", "description", "source", "lead", "supporting", "targets", "starts_on", "deadline"]


def _unit(obj):
    return obj.unit


def department_save(*, department: Department, actor) -> Department:
    return save_record(department, actor=actor, unit_of=_unit, actions=DEPARTMENT_ACTIONS, roles=TASK_MANAGERS)


def department_delete(*, department: Department, actor) -> None:
    if department.led_tasks.exists():
        raise ValidationError(_("Sở, ngành đang chủ trì nhiệm vụ, không thể xoá."))
    delete_record(department, actor=actor, unit_of=_unit, actions=DEPARTMENT_ACTIONS, roles=TASK_MANAGERS)


def task_save(*, task: DepartmentTask, actor, supporting=None, targets=None) -> DepartmentTask:
    """Create or update a task (not its status: see task_transition). Its province is its lead's."""
    with transaction.atomic():
        if task.lead is not None:
            task.unit = task.lead.unit
        plan_unit = task.plan.unit if task.plan is not None else None
        if plan_unit is not None and task.unit is not None and plan_unit.current_path != task.unit.current_path:
            raise ValidationError({"plan": _("Kế hoạch phải của cùng tỉnh với cơ quan chủ trì.")})
        save_record(task, actor=actor, unit_of=_unit, actions=TASK_ACTIONS, roles=TASK_MANAGERS)
        if supporting is not None:
            others = [d for d in supporting if d.pk != task.lead_id]
            if any(d.unit_id != task.unit_id for d in others):
                raise ValidationError({"supporting": _("Cơ quan phối hợp phải cùng tỉnh với cơ quan chủ trì.")})
            task.supporting.set(others)
        if targets is not None:
            task.targets.set(targets)
    return task


def task_delete(*, task: DepartmentTask, actor) -> None:
    if task.transitions.exists():
        raise ValidationError(_("Nhiệm vụ đã có lịch sử xử lý, hãy huỷ thay vì xoá."))
    delete_record(task, actor=actor, unit_of=_unit, actions=TASK_ACTIONS, roles=TASK_MANAGERS)


def task_allowed_moves(task: DepartmentTask, user) -> list[str]:
    """The target statuses USER may move TASK to now (buttons on the task page)."""
    return workflow.TASK.allowed(task.status, task_roles(user, task))


def _check(task: DepartmentTask, to: str) -> None:
    refusal = workflow.completion_refusal(to, task.progress)
    if refusal:
        raise ValidationError(refusal)


def _stamp(task: DepartmentTask, to: str, actor, *, today: date) -> dict:
    if to == TaskStatus.DONE:
        return {"completed_on": task.completed_on or today, "progress": 100}
    if to in (TaskStatus.IN_PROGRESS, TaskStatus.ASSIGNED):
        return {"completed_on": None}
    return {}


TASK_MOVES = Binding(workflow=workflow.TASK, roles=lambda actor, task: frozenset(check_task(actor, task)),
                     unit=lambda task: task.unit, related=("unit",), check=_check,
                     audited=("completed_on", "progress"), note_field="")


def task_transition(*, task: DepartmentTask, to: str, actor, reason: str = "", today: date | None = None):
    """Move TASK to status TO, if the declaration lets the actor's roles do it (ocop.core.transitions)."""
    binding = replace(TASK_MOVES, stamp=partial(_stamp, today=today or timezone.localdate()))
    return transition(binding, task, to=to, actor=actor, reason=reason).record


def task_note_add(*, task: DepartmentTask, text: str, actor, progress: int | None = None) -> TaskNote:
    if not (text or "").strip():
        raise ValidationError({"text": _("Nhập nội dung tiến độ.")})
    if progress is not None and not 0 <= progress <= 100:
        raise ValidationError({"progress": _("Tiến độ từ 0 đến 100%.")})
    with transaction.atomic():
        task = DepartmentTask.objects.select_for_update().select_related("unit").get(pk=task.pk)
        check_task(actor, task)
        if task.status not in workflow.OPEN:
            raise ValidationError(_("Nhiệm vụ đã kết thúc."))
        if progress is not None and workflow.completion_refusal(task.status, progress):
            raise ValidationError({"progress": _(
                "Nhiệm vụ đã báo cáo hoàn thành nên tiến độ phải là 100%. Nếu việc chưa xong, văn phòng điều phối "
                "trả lại nhiệm vụ để làm tiếp, rồi ghi tiến độ mới.")})
        note = TaskNote.objects.create(task=task, author=_user(actor), author_repr=_name(actor), text=text.strip(),
                                       progress=progress)
        if progress is not None:
            task.progress = progress
            task.save(update_fields=["progress", "updated_at"])
        audit_record(action=AuditAction.PROGRAM_TASK_NOTE, actor=actor, target=task, unit=task.unit,
                     after={"progress": progress}, message=note.text)
    return note


# --- Reminders -------------------------------------------------------------------------------------

def task_reminders_send(*, today: date | None = None) -> int:
    """Record (and e-mail) one reminder per open task due within 7 days or overdue, at most once a
    day per task: running it again the same day does nothing. Returns the reminders made."""
    today = today or timezone.localdate()
    horizon = today + timedelta(days=workflow.REMIND_DAYS_BEFORE)
    due = (DepartmentTask.objects.filter(status__in=sorted(workflow.OPEN), deadline__lte=horizon)
           .exclude(reminders__sent_on=today).select_related("lead").prefetch_related("supporting"))
    made = 0
    for task in due:
        kind = TaskReminder.Kind.OVERDUE if task.deadline < today else TaskReminder.Kind.DUE_SOON
        emails = sorted({d.email for d in [task.lead, *task.supporting.all()] if d.email})
        with transaction.atomic():
            reminder, created = TaskReminder.objects.get_or_create(
                task=task, sent_on=today, defaults={"kind": kind, "recipients": ", ".join(emails)}
            )
            if not created:
                continue
            audit_record(action=AuditAction.PROGRAM_TASK_REMIND, target=task, unit=task.unit, after={"kind": kind})
            if emails:
                transaction.on_commit(partial(_email, reminder, task, emails, today))
        made += 1
    return made


def _email(reminder: TaskReminder, task: DepartmentTask, emails: list[str], today: date) -> None:
    overdue = reminder.kind == TaskReminder.Kind.OVERDUE
    subject = (_("[OCOP] Nhiệm vụ quá hạn: %(title)s") if overdue else _("[OCOP] Nhiệm vụ sắp đến hạn: %(title)s")) % {
        "title": task.title}
    body = _("Nhiệm vụ «%(title)s» do %(lead)s chủ trì có hạn hoàn thành ngày %(deadline)s.\n"
             "Trạng thái hiện tại: %(status)s. Tiến độ: %(progress)s%%.\n%(site)s/admin/program/departmenttask/%(pk)s/") % {
        "title": task.title, "lead": task.lead.name, "deadline": short_date(task.deadline),
        "status": TaskStatus(task.status).label, "progress": task.progress, "site": settings.SITE_URL, "pk": task.pk}
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, emails)
    except Exception:  # a mail server outage must not undo the reminder or stop the others
        logger.exception("Không gửi được thư nhắc việc %s", reminder.pk)
        return
    TaskReminder.objects.filter(pk=reminder.pk).update(emailed=True)


def _user(actor):
    return actor if actor is not None and actor.is_authenticated else None


def _name(actor) -> str:
    return actor.get_username()[:200] if _user(actor) else "hệ thống"

