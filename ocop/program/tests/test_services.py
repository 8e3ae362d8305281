"""Services: department tasks (workflow, notes, reminders), plans and funding, with audit and scope."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ocop.accounts.models import Role
from ocop.core.exceptions import ImpossibleMove
from ocop.core.models import AuditEvent
from ocop.core.testing import make_user
from ocop.program.models import DepartmentTask, FundingLine, Plan, TaskReminder
from ocop.program.services.funding import funding_line_save
from ocop.program.services.plans import plan_save
from ocop.program.services.tasks import (
    task_allowed_moves,
    task_note_add,
    task_reminders_send,
    task_save,
    task_transition,
)
from ocop.program.tasks import send_task_reminders
from ocop.program.tests.factories import make_department, make_task
from ocop.registry.tests.factories import ProducerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def department_officer(world, agriculture):
    return make_user("songnn", Role.DEPARTMENT_OFFICER, world.dong_nai, department=agriculture)


@pytest.fixture
def agriculture(world):
    return make_department(world.dong_nai, email="snn@example.org")


def test_task_moves_through_its_workflow_with_history_and_audit(world, agriculture, department_officer):
    province = world.personas.province
    task = task_save(task=DepartmentTask(lead=agriculture, title="Trình đề án OCOP", deadline=date(2019, 4, 30)),
                     actor=province)
    assert task.unit == world.dong_nai and task.status == "assigned"
    assert task_allowed_moves(task, department_officer) == ["in_progress"]
    task_transition(task=task, to="in_progress", actor=department_officer)
    task_note_add(task=task, text="Đã trình dự thảo", progress=100, actor=department_officer)
    task_transition(task=task, to="reported", actor=department_officer)
    with pytest.raises(PermissionDenied):
        task_transition(task=task, to="done", actor=department_officer)  # only the office accepts
    with pytest.raises(ImpossibleMove):
        task_transition(task=task, to="assigned", actor=province)  # no such move from "reported": 422, not 403
    with pytest.raises(ValidationError) as missing:
        task_transition(task=task, to="in_progress", actor=province)  # returning needs a reason
    assert set(missing.value.error_dict) == {"reason"}
    task_transition(task=task, to="done", actor=province, today=date(2019, 4, 26))
    task.refresh_from_db()
    assert (task.status, task.completed_on, task.progress) == ("done", date(2019, 4, 26), 100)
    assert list(task.transitions.values_list("to_status", flat=True)) == ["in_progress", "reported", "done"]
    assert list(AuditEvent.objects.filter(target_id=str(task.pk), action__startswith="task.")
                .order_by("id").values_list("action", flat=True)) == ["task.in_progress", "task.reported", "task.done"]


def test_a_task_is_not_reported_complete_below_100_percent(world, agriculture, department_officer):
    """The issue: a task could be reported complete at 60 %. The service refuses, in Vietnamese,
    saying what to do; a reported task cannot be noted back below 100 %."""
    task = make_task(agriculture, deadline=date(2026, 1, 1), status="in_progress")
    task_note_add(task=task, text="Đã làm được hơn nửa", progress=60, actor=department_officer)
    with pytest.raises(ValidationError) as refused:
        task_transition(task=task, to="reported", actor=department_officer)
    assert refused.value.messages == [
        "Tiến độ nhiệm vụ mới đạt 60%: chỉ báo cáo hoàn thành khi tiến độ đạt 100%. Ghi tiến độ 100% bằng «Ghi nhận "
        "tiến độ» (kèm nội dung đã làm) rồi báo cáo lại; nếu chưa xong, để nhiệm vụ ở trạng thái đang thực hiện."]
    task.refresh_from_db()
    assert (task.status, task.progress) == ("in_progress", 60)
    assert not task.transitions.exists()
    task_note_add(task=task, text="Đã xong", progress=100, actor=department_officer)
    task_transition(task=task, to="reported", actor=department_officer)
    with pytest.raises(ValidationError) as lowered:
        task_note_add(task=task, text="Còn thiếu", progress=80, actor=department_officer)
    assert "tiến độ phải là 100%" in lowered.value.messages[0]
    task.refresh_from_db()
    assert (task.status, task.progress) == ("reported", 100)


def test_out_of_scope_and_read_only_users_cannot_move_or_note(world, agriculture):
    personas = world.personas
    task = make_task(agriculture, deadline=date(2026, 1, 1))
    for persona in (personas.other_province, personas.auditor, personas.commune_a):
        assert task_allowed_moves(task, persona) == []
        with pytest.raises(PermissionDenied):
            task_transition(task=task, to="in_progress", actor=persona)
        with pytest.raises(PermissionDenied):
            task_note_add(task=task, text="x", actor=persona)


def test_progress_notes_update_the_task(world, agriculture, department_officer):
    task = make_task(agriculture, deadline=date(2026, 1, 1), status="in_progress")
    task_note_add(task=task, text="Đã trình dự thảo", progress=60, actor=department_officer)
    task.refresh_from_db()
    assert task.progress == 60 and task.notes.get().author_repr == "songnn"
    with pytest.raises(ValidationError):
        task_note_add(task=task, text="  ", actor=department_officer)


def test_supporting_departments_must_be_of_the_same_province(world, agriculture):
    other = make_department(world.hcm, name="Sở Công Thương TP.HCM")
    with pytest.raises(ValidationError):
        task_save(task=DepartmentTask(lead=agriculture, title="X", deadline=date(2026, 1, 1)),
                  actor=world.personas.province, supporting=[other])


def test_reminders_once_a_day_for_tasks_due_within_a_week_or_overdue(world, agriculture, mailoutbox,
                                                                     django_capture_on_commit_callbacks):
    today = date(2026, 5, 10)
    soon = make_task(agriculture, deadline=today + timedelta(days=7), title="Sắp đến hạn")
    late = make_task(agriculture, deadline=today - timedelta(days=3), status="in_progress", title="Quá hạn")
    make_task(agriculture, deadline=today + timedelta(days=8), title="Còn xa")
    make_task(agriculture, deadline=today - timedelta(days=3), status="done", completed_on=today, title="Đã xong")
    with django_capture_on_commit_callbacks(execute=True):
        assert task_reminders_send(today=today) == 2
    assert {r.task_id: r.kind for r in TaskReminder.objects.all()} == {soon.pk: "due_soon", late.pk: "overdue"}
    assert len(mailoutbox) == 2 and mailoutbox[0].to == ["snn@example.org"]
    assert any("Quá hạn" in m.subject for m in mailoutbox)
    with django_capture_on_commit_callbacks(execute=True):
        assert task_reminders_send(today=today) == 0  # idempotent per day
    assert len(mailoutbox) == 2
    assert task_reminders_send(today=today + timedelta(days=1)) == 3  # "Còn xa" is now 7 days away


def test_reminder_task_is_a_daily_cron_task(world, agriculture):
    from crontask import scheduler

    assert any(job.name == send_task_reminders.name for job in scheduler.get_jobs())
    make_task(agriculture, deadline=date.today())
    result = send_task_reminders.enqueue()
    assert result.return_value == 1


def test_funding_service_refuses_disbursement_above_allocation(world):
    with pytest.raises(ValidationError) as refused:
        funding_line_save(line=FundingLine(year=2025, unit=world.commune_b, source="nsnn_tinh", title="Vượt",
                                           allocated=Decimal(50_000_000), disbursed=Decimal(60_000_000)),
                          actor=world.personas.commune_b)
    assert refused.value.message_dict["disbursed"] == [
        "Số đã giải ngân (60.000.000 đồng) lớn hơn số được phân bổ (50.000.000 đồng). Nếu đã có quyết định phân bổ "
        "bổ sung (với nguồn ngoài ngân sách: số vốn đã huy động), ghi số mới vào ô «được phân bổ»; nếu nhập nhầm, "
        "sửa lại số đã giải ngân."]
    assert not FundingLine.objects.exists()
    line = funding_line_save(line=FundingLine(year=2025, unit=world.commune_b, source="nsnn_tinh", title="Đủ",
                                              allocated=Decimal(60_000_000), disbursed=Decimal(60_000_000)),
                             actor=world.personas.commune_b)
    assert line.pk and AuditEvent.objects.filter(action="program.funding.create").count() == 1


def test_plan_services_check_scope_and_audit(world):
    personas = world.personas
    plan = plan_save(plan=Plan(unit=world.dong_nai, title="Kế hoạch 2026", starts_on=date(2026, 1, 1),
                               ends_on=date(2026, 12, 31)), actor=personas.province)
    assert AuditEvent.objects.filter(action="program.plan.create", target_id=str(plan.pk)).exists()
    with pytest.raises(PermissionDenied):
        plan_save(plan=Plan(unit=world.hcm, title="Ngoài phạm vi", starts_on=date(2026, 1, 1),
                            ends_on=date(2026, 12, 31)), actor=personas.province)
    plan.unit = world.hcm  # moving a plan out of scope is refused too
    with pytest.raises(PermissionDenied):
        plan_save(plan=plan, actor=personas.province)
    with pytest.raises(PermissionDenied):
        plan_save(plan=Plan(unit=world.dong_nai, title="Chỉ xem", starts_on=date(2026, 1, 1),
                            ends_on=date(2026, 12, 31)), actor=personas.auditor)


def test_support_for_a_producer_is_booked_at_its_commune(world):
    producer = ProducerFactory(unit=world.commune_b)
    line = funding_line_save(line=FundingLine(year=2025, source="nsnn_tinh", title="Hỗ trợ bao bì", producer=producer,
                                              allocated=Decimal(50_000_000), disbursed=Decimal(40_000_000)),
                             actor=world.personas.commune_b)
    assert line.unit == world.commune_b
    with pytest.raises(PermissionDenied):
        funding_line_save(line=FundingLine(year=2025, source="nsnn_tinh", title="x", producer=producer),
                          actor=world.personas.commune_a)
    with pytest.raises(ValidationError):
        funding_line_save(line=FundingLine(year=2025, unit=world.commune_b, source="nsnn_tinh", title="Âm",
                                           disbursed=Decimal(-1)), actor=world.personas.commune_b)
