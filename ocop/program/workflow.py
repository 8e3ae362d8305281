"""The workflow of a department task, as data. Pure module: no ORM access.

TRANSITIONS[from][to] is the set of roles that may make that move; the one service
ocop.program.services.tasks.task_transition looks moves up here, and the back office asks
allowed() which buttons to show. The lead department reports; the province OCOP office
(the steering committee's standing office) accepts, returns or cancels.
"""

from datetime import date, timedelta

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ocop.accounts.roles import TASK_ACTORS, TASK_MANAGERS


class TaskStatus(models.TextChoices):
    ASSIGNED = "assigned", _("Đã giao")
    IN_PROGRESS = "in_progress", _("Đang thực hiện")
    REPORTED = "reported", _("Đã báo cáo hoàn thành")
    DONE = "done", _("Hoàn thành")
    CANCELLED = "cancelled", _("Huỷ bỏ")


_S = TaskStatus
DEPARTMENT = TASK_ACTORS  # the lead department's officers and the province office
OFFICE = TASK_MANAGERS

TRANSITIONS: dict[str, dict[str, frozenset[str]]] = {
    _S.ASSIGNED: {_S.IN_PROGRESS: DEPARTMENT, _S.CANCELLED: OFFICE},
    _S.IN_PROGRESS: {_S.REPORTED: DEPARTMENT, _S.CANCELLED: OFFICE},
    _S.REPORTED: {_S.DONE: OFFICE, _S.IN_PROGRESS: OFFICE},
    _S.CANCELLED: {_S.ASSIGNED: OFFICE},
    _S.DONE: {},
}

#: Moves that must say why.
REASON_REQUIRED = frozenset({(_S.REPORTED, _S.IN_PROGRESS), (_S.ASSIGNED, _S.CANCELLED), (_S.IN_PROGRESS, _S.CANCELLED)})

#: Statuses in which a task still has work to do (and can be late).
OPEN = frozenset({_S.ASSIGNED, _S.IN_PROGRESS, _S.REPORTED})

#: A reminder goes out this many days before the deadline.
REMIND_DAYS_BEFORE = 7

ACTION_LABELS = {
    (_S.ASSIGNED, _S.IN_PROGRESS): _("Bắt đầu thực hiện"),
    (_S.REPORTED, _S.IN_PROGRESS): _("Trả lại để làm tiếp"),
    (_S.IN_PROGRESS, _S.REPORTED): _("Báo cáo hoàn thành"),
    (_S.REPORTED, _S.DONE): _("Xác nhận hoàn thành"),
    (_S.CANCELLED, _S.ASSIGNED): _("Giao lại"),
}


def action_label(status: str, to: str) -> str:
    return str(ACTION_LABELS.get((status, to)) or (_("Huỷ nhiệm vụ") if to == _S.CANCELLED else TaskStatus(to).label))


def allowed(status: str, roles: frozenset[str] | set[str]) -> list[str]:
    """Target statuses the holder of ROLES may move a task to from STATUS."""
    return [to for to, who in TRANSITIONS.get(status, {}).items() if who & set(roles)]


def can_move(status: str, to: str, roles) -> bool:
    return to in allowed(status, roles)


def needs_reason(status: str, to: str) -> bool:
    return (status, to) in REASON_REQUIRED


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
