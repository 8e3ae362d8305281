"""Back-office forms write through the services: audit rows, periods created, scope refused as a form
error, task choices limited to the user's province."""

from datetime import date

import pytest
from django.urls import reverse

from ocop.core.models import AuditEvent
from ocop.program.models import DepartmentTask, FundingLine, Plan
from ocop.program.tests.factories import make_department, make_plan, make_roster, make_target
from ocop.registry.tests.factories import ProducerFactory

pytestmark = pytest.mark.django_db


def management(prefix: str, total: int = 0, initial: int = 0) -> dict:
    return {f"{prefix}-TOTAL_FORMS": total, f"{prefix}-INITIAL_FORMS": initial, f"{prefix}-MIN_NUM_FORMS": 0,
            f"{prefix}-MAX_NUM_FORMS": 1000}


def _errors(response) -> str:
    """The form errors of an admin page that did not save, for the assertion message."""
    import re

    text = re.sub(r"<[^>]+>", " ", response.text)
    found = re.findall(r"[^.|\n]*(?:Trường này|không hợp lệ|phải|ngoài phạm vi|Hãy|Chọn)[^.|\n]*", text)
    return " | ".join(" ".join(f.split()) for f in found)[:2000]


def plan_post(unit, **extra) -> dict:
    return {
        "unit": unit.pk, "kind": "ke_hoach", "title": "Kế hoạch OCOP năm 2026", "starts_on": "2026-01-01",
        "ends_on": "2026-12-31", "doc_number": "12/KH-UBND", "doc_date": "2026-01-15", "doc_title": "",
        "doc_issuer": "UBND tỉnh", "orientation": "", "note": "",
        **management("targets", 1), **management("periods"),
        "targets-0-indicator": "new_producers", "targets-0-comparison": "gte", "targets-0-value_min": "10",
        "targets-0-value_max": "", "targets-0-measure": "", "targets-0-baseline_value": "",
        "targets-0-baseline_on": "", "targets-0-wording": "Ít nhất 10 tổ chức mới", "targets-0-position": "1",
        **extra,
    }


def test_province_adds_a_plan_with_a_target_through_the_services(client, world):
    client.force_login(world.personas.province)
    response = client.post(reverse("admin:program_plan_add"), plan_post(world.dong_nai))
    assert response.status_code == 302, _errors(response)
    plan = Plan.objects.get(title="Kế hoạch OCOP năm 2026")
    target = plan.targets.get()
    assert target.measure == "tổ chức"  # filled from the indicator by target_save
    assert plan.periods.count() == 1
    assert AuditEvent.objects.filter(action="program.plan.create", target_id=str(plan.pk)).exists()
    assert AuditEvent.objects.filter(action="program.target.create", target_id=str(target.pk)).exists()


def test_a_unit_out_of_scope_is_a_form_error(client, world):
    client.force_login(world.personas.province)
    response = client.post(reverse("admin:program_plan_add"), plan_post(world.hcm))
    assert response.status_code == 200 and "ngoài phạm vi" in response.text
    assert not Plan.objects.exists()


def test_target_bounds_must_match_the_comparison(client, world):
    client.force_login(world.personas.province)
    response = client.post(reverse("admin:program_plan_add"), plan_post(
        world.dong_nai, **{"targets-0-comparison": "range", "targets-0-value_max": ""}))
    assert response.status_code == 200
    assert not Plan.objects.exists()


def test_task_form_offers_only_the_users_departments_and_targets(client, world):
    mine = make_department(world.dong_nai)
    theirs = make_department(world.hcm, name="Sở Công Thương TP.HCM")
    make_target(make_plan(world.hcm), "new_producers", value_min=1, wording="Chỉ tiêu TP.HCM")
    client.force_login(world.personas.province)
    page = client.get(reverse("admin:program_departmenttask_add"))
    assert mine.name in page.text or str(mine) in page.text
    assert theirs.name not in page.text and "Chỉ tiêu TP.HCM" not in page.text
    response = client.post(reverse("admin:program_departmenttask_add"), {
        "title": "Xúc tiến thương mại", "description": "", "source": "", "plan": "", "lead": mine.pk,
        "starts_on": "", "deadline": "2026-12-31", **management("notes"),
    })
    assert response.status_code == 302, _errors(response)
    task = DepartmentTask.objects.get()
    assert task.unit == world.dong_nai and task.status == "assigned"
    response = client.post(reverse("admin:program_departmenttask_add"), {
        "title": "Ngoài tỉnh", "lead": theirs.pk, "deadline": "2026-12-31",
        **management("notes"),
    })
    assert response.status_code == 200 and DepartmentTask.objects.count() == 1


def test_funding_line_for_a_producer_is_saved_at_its_commune(client, world):
    producer = ProducerFactory(unit=world.commune_b, joined_ocop_on=date(2024, 1, 1))
    client.force_login(world.personas.commune_b)
    response = client.post(reverse("admin:program_fundingline_add"), {
        "year": 2025, "unit": "", "source": "nsnn_xa", "title": "Hỗ trợ nhãn mác", "plan": "", "task": "",
        "department": "", "producer": producer.pk, "planned": "0", "allocated": "30000000",
        "disbursed": "25000000", "note": "",
    })
    assert response.status_code == 302, _errors(response)
    assert FundingLine.objects.get().unit == world.commune_b


@pytest.mark.parametrize(("source", "allocated", "disbursed", "saved"), [
    ("nsnn_xa", "30000000", "30000000", True),  # the whole allocation
    ("nsnn_xa", "30000000", "31000000", False),  # budget beyond the allocation
    ("von_tu_co", "0", "200000000", False),  # non-budget money needs what was mobilised as "allocated"
    ("von_tu_co", "250000000", "200000000", True),
])
def test_funding_form_refuses_disbursement_above_allocation(client, world, source, allocated, disbursed, saved):
    client.force_login(world.personas.commune_b)
    response = client.post(reverse("admin:program_fundingline_add"), {
        "year": 2025, "unit": world.commune_b.pk, "source": source, "title": "Hỗ trợ nhãn mác", "plan": "",
        "task": "", "department": "", "producer": "", "planned": "0", "allocated": allocated,
        "disbursed": disbursed, "note": "",
    })
    assert FundingLine.objects.exists() == saved
    if saved:
        assert response.status_code == 302
    else:
        assert response.status_code == 200
        assert "Số đã giải ngân (" in response.text and "lớn hơn số được phân bổ" in response.text
        assert "ghi số mới vào ô «được phân bổ»" in response.text


def test_course_with_sessions_and_participants_then_attendance(client, world):
    from ocop.program.models import TrainingAttendance, TrainingCourse
    entry = make_roster(world.commune_b, "cb_xa")
    client.force_login(world.personas.commune_b)
    response = client.post(reverse("admin:program_trainingcourse_add"), {
        "unit": world.commune_b.pk, "plan": "", "title": "Tập huấn xã B", "organiser": "UBND xã",
        "starts_on": "2025-04-01", "ends_on": "2025-04-02", "note": "",
        **management("sessions", 1), "sessions-0-date": "2025-04-01", "sessions-0-topic": "Chu trình OCOP",
        "sessions-0-location": "Hội trường", "sessions-0-hours": "4",
        **management("participants", 1), "participants-0-roster_entry": entry.pk, "participants-0-full_name": "",
        "participants-0-category": "", "participants-0-unit": "",
    })
    assert response.status_code == 302, _errors(response)
    course = TrainingCourse.objects.get()
    session, participant = course.sessions.get(), course.participants.get()
    assert (participant.full_name, participant.unit) == (entry.full_name, world.commune_b)
    response = client.post(reverse("admin:program_trainingsession_change", args=[session.pk]), {
        "course": course.pk, "date": "2025-04-01", "topic": "Chu trình OCOP", "location": "Hội trường", "hours": "4",
        **management("attendance", 1), "attendance-0-participant": participant.pk, "attendance-0-present": "on",
    })
    assert response.status_code == 302, _errors(response)
    assert TrainingAttendance.objects.get().present is True
    assert AuditEvent.objects.filter(action="program.attendance.create").exists()
