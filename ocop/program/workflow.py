"""The workflow of a department task, declared for the one engine (ocop.core.workflow; moves made
by ocop.core.transitions through ocop.program.services.tasks.task_transition); the back office
asks TASK.allowed() which buttons to show. Pure module: no ORM access. The lead department
reports; the province OCOP office (the steering committee's standing office) accepts, returns or
cancels.
"""

from datetime import date, timedelta

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ocop.accounts.roles import TASK_ACTORS, TASK_MANAGERS
from ocop.core.workflow import Move, Workflow, register


class TaskStatus(models.TextChoices):
    ASSIGNED = "assigned", _("Đã giao")
    IN_PROGRESS = "in_progress", _("Đang thực hiện")
    REPORTED = "reported", _("Đã báo cáo hoàn thành")
    DONE = "done", _("Hoàn thành")
    CANCELLED = "cancelled", _("Huỷ bỏ")


_S = TaskStatus
DEPARTMENT = TASK_ACTORS  # the lead department's officers and the province office
OFFICE = TASK_MANAGERS

_CANCEL = _("Huỷ nhiệm vụ")

TASK = register(Workflow(
    name="task", statuses=TaskStatus, initial=_S.ASSIGNED,
    moves=(
        Move(_S.ASSIGNED, _S.IN_PROGRESS, DEPARTMENT, label=_("Bắt đầu thực hiện")),
        Move(_S.ASSIGNED, _S.CANCELLED, OFFICE, reason=True, label=_CANCEL),
        Move(_S.IN_PROGRESS, _S.REPORTED, DEPARTMENT, label=_("Báo cáo hoàn thành")),
        Move(_S.IN_PROGRESS, _S.CANCELLED, OFFICE, reason=True, label=_CANCEL),
        Move(_S.REPORTED, _S.DONE, OFFICE, label=_("Xác nhận hoàn thành")),
        Move(_S.REPORTED, _S.IN_PROGRESS, OFFICE, reason=True, label=_("Trả lại để làm tiếp")),
        Move(_S.CANCELLED, _S.ASSIGNED, OFFICE, label=_("Giao lại")),
    ),
    tones={_S.DONE: "ok", _S.REPORTED: "warn", _S.CANCELLED: "bad"},
))

#: Statuses in which a task still has work to do (and can be late).
OPEN = frozenset({_S.ASSIGNED, _S.IN_PROGRESS, _S.REPORTED})

#: A reminder goes out this many days before the deadline.
REMIND_DAYS_BEFORE = 7

#: Moves that say the work is finished: the task's progress must stand at 100 % first.
COMPLETING = frozenset({_S.REPORTED, _S.DONE})


def completion_refusal(to: str, progress: int | None) -> str | None:
    """Why a task at PROGRESS % cannot move to TO (None: it can). The task form and task_transition
    both ask this, so a task is never reported complete at 60 %."""
    if to in COMPLETING and (progress or 0) < 100:
        return str(_("Tiến độ nhiệm vụ mới đạt %(progress)s%%: chỉ báo cáo hoàn thành khi tiến độ đạt 100%%. Ghi tiến "
                     "độ 100%% bằng «Ghi nhận tiến độ» (kèm nội dung đã làm) rồi báo cáo lại; nếu chưa xong, để nhiệm vụ "
                     "ở trạng thái đang thực hiện.") % {"progress": progress or 0})
    return None


def is_overdue(status: str, deadline: date, today: date) -> bool:
    """The one overdue rule: still open (assigned, in progress, reported) and the deadline passed."""
    return status in OPEN and deadline < today


def overdue_q(today: date) -> Q:
    """is_overdue as a filter (the dashboard's count and list, the task list's filter, reminders)."""
    return Q(status__in=sorted(OPEN), deadline__lt=today)


def is_due_soon(status: str, deadline: date, today: date) -> bool:
    return status in OPEN and today <= deadline <= today + timedelta(days=REMIND_DAYS_BEFORE)


def on_time(status: str, deadline: date, completed_on: date | None) -> bool:
    return status == _S.DONE and completed_on is not None and completed_on <= deadline
