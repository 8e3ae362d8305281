"""The program's back-office pages: what each scope sees and may do. The status of every route as
every persona is the permission matrix's (ocop/core/tests/test_permission_matrix.py); here only
what it does not check: commune records (its records are the province's), filtered content, writes."""

import html
import re
from datetime import date
from decimal import Decimal
from urllib.parse import urlencode

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from ocop.core.testing import read_only_personas  # noqa: F401  (personas built once for the module)
from ocop.lib import spreadsheet
from ocop.program.models import ReportJob
from ocop.program.services.plans import period_close
from ocop.program.tests.factories import (
    attend,
    make_course,
    make_department,
    make_funding,
    make_plan,
    make_roster,
    make_target,
    make_task,
)
from ocop.registry.tests.factories import ProducerFactory

pytestmark = pytest.mark.django_db

PERSONAS = ["superuser", "national", "auditor", "province", "commune_a", "commune_b", "other_province"]


def login(client, personas, persona):
    if persona != "anonymous":
        client.force_login(getattr(personas, persona))


@pytest.fixture
def data(world):
    """One record of every kind at commune B (department and task at the province)."""
    p = world.personas
    plan = make_plan(world.commune_b, starts_on=date(2025, 1, 1), ends_on=date(2025, 12, 31), title="Kế hoạch xã B")
    make_target(plan, "new_producers", value_min=Decimal(3), wording="Ít nhất 3 chủ thể mới")
    province_plan = make_plan(world.dong_nai, starts_on=date(2025, 1, 1), ends_on=date(2025, 12, 31))
    make_target(province_plan, "new_producers", value_min=Decimal(10), wording="Mười chủ thể mới")
    closed = period_close(period=next(x for x in plan.periods.all() if x.spans_plan), actor=p.province)
    entry = make_roster(world.commune_b, "cb_xa")
    course, session = make_course(world.commune_b, on=date(2025, 4, 2))
    attend(session, entry)
    producer = ProducerFactory(unit=world.commune_b, joined_ocop_on=date(2025, 2, 2))
    department = make_department(world.dong_nai)
    task = make_task(department, deadline=date(2025, 6, 30))
    line = make_funding(world.commune_b, year=2025, producer=producer, disbursed=1_000_000)
    job = ReportJob.objects.create(unit=world.commune_b, generation="current", year=2025, requested_by=p.commune_b)
    return {
        "plan": plan, "province_plan": province_plan, "period": closed, "entry": entry, "course": course,
        "session": session, "department": department, "task": task, "line": line, "job": job,
        "value": closed.values.first(),
    }


def change_url(obj):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


COMMUNE_B_RECORD = {"superuser": 200, "national": 200, "auditor": 200, "province": 200, "commune_a": 404,
                    "commune_b": 200, "other_province": 404}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("key", ["plan", "job", "value"])
def test_change_pages_of_commune_records_by_persona(client, world, data, key, persona):
    """A commune's own plan, report job and frozen value: the matrix's are the province's."""
    login(client, world.personas, persona)
    assert client.get(change_url(data[key])).status_code == COMMUNE_B_RECORD[persona]


def dashboard(unit=None, **params):
    if unit is not None:
        params["unit"] = unit.pk
    return f"{reverse('admin:program_dashboard')}?{urlencode(params)}"


@pytest.mark.parametrize(
    ("place", "expected"),
    [
        ("dong_nai", {**COMMUNE_B_RECORD, "commune_b": 404}),
        ("commune_b", COMMUNE_B_RECORD),
        ("old_dong_nai", {**COMMUNE_B_RECORD, "commune_b": 404}),
        ("hcm", {"superuser": 200, "national": 200, "auditor": 200, "province": 404, "commune_a": 404,
                 "commune_b": 404, "other_province": 200}),
    ],
)
@pytest.mark.parametrize("persona", PERSONAS)
def test_dashboard_of_a_unit_by_persona(client, world, data, place, expected, persona):
    login(client, world.personas, persona)
    response = client.get(dashboard(getattr(world, place), year=2025))
    assert response.status_code == expected[persona]


@pytest.mark.parametrize("persona", PERSONAS)
def test_national_dashboard_is_for_national_roles(client, world, data, persona):
    login(client, world.personas, persona)
    status = 200 if persona in ("superuser", "national", "auditor") else 404
    assert client.get(dashboard(map="current")).status_code == status
    assert client.get(dashboard(map="legacy")).status_code == status


def test_dashboard_shows_targets_drilldown_and_closed_figures(client, world, data):
    client.force_login(world.personas.province)
    page = client.get(dashboard(world.commune_b, period=data["period"].pk))
    assert page.status_code == 200
    text = page.text
    assert "Ít nhất 3 chủ thể mới" in text and "Số liệu đã chốt" in text
    page = client.get(dashboard(world.dong_nai, year=2025))
    assert 'id="children"' in text or 'id="children"' in page.text
    assert world.commune_b.full_name in page.text and "Mười chủ thể mới" in page.text
    assert '<svg class="ocop-svg"' in page.text and 'role="img"' in page.text


@pytest.mark.parametrize("persona", PERSONAS)
def test_excel_export_by_persona(client, world, data, persona, tmp_path):
    login(client, world.personas, persona)
    response = client.get(reverse("admin:program_dashboard_export", args=["xlsx"]) + f"?unit={world.commune_b.pk}"
                          f"&period={data['period'].pk}")
    assert response.status_code == COMMUNE_B_RECORD[persona]
    if response.status_code == 200:
        path = tmp_path / "export.xlsx"
        path.write_bytes(response.content)
        sheet = openpyxl.load_workbook(path)["Chỉ tiêu"]
        assert [row[2] for row in sheet.iter_rows(min_row=2, values_only=True)] == ["Ít nhất 3 chủ thể mới"]
        wording, actual = sheet.cell(row=2, column=3), sheet.cell(row=2, column=9)
        assert wording.number_format == "@" and isinstance(actual.value, int | float)  # typed cells


def test_pdf_export_in_scope_and_out(client, world, data):
    client.force_login(world.personas.province)
    url = reverse("admin:program_dashboard_export", args=["pdf"]) + f"?unit={world.commune_b.pk}&year=2025"
    response = client.get(url)
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    from ocop.core.tests.pdfa import assert_archival

    assert_archival(response.content, title_part="Giám sát")  # a tagged PDF/A-2b (issue 17)
    client.force_login(world.personas.other_province)
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    ("persona", "status"),
    [("province", 302), ("national", 302), ("superuser", 302), ("auditor", 403), ("commune_a", 404),
     ("commune_b", 404), ("other_province", 404)],
)
def test_closing_a_period_by_persona(client, world, data, persona, status):
    period = next(p for p in data["province_plan"].periods.all() if p.spans_plan)
    login(client, world.personas, persona)
    response = client.post(reverse("admin:program_period_close", args=[period.pk]))
    assert response.status_code == status
    period.refresh_from_db()
    assert period.is_closed == (status == 302)


def test_reopening_needs_a_reason_and_a_plan_role(client, world, data):
    url = reverse("admin:program_period_reopen", args=[data["period"].pk])
    client.force_login(world.personas.auditor)
    assert client.post(url, {"reason": "x"}).status_code == 403
    client.force_login(world.personas.commune_b)
    assert client.post(url, {"reason": ""}).status_code == 302
    data["period"].refresh_from_db()
    assert data["period"].is_closed
    assert client.post(url, {"reason": "Sai số liệu xã"}).status_code == 302
    data["period"].refresh_from_db()
    assert not data["period"].is_closed


@pytest.mark.parametrize(
    ("persona", "status"),
    [("province", 302), ("superuser", 302), ("auditor", 403), ("commune_b", 404), ("other_province", 404)],
)
def test_task_buttons_by_persona(client, world, data, persona, status):
    login(client, world.personas, persona)
    task = data["task"]
    assert client.post(reverse("admin:program_task_move", args=[task.pk]), {"to": "in_progress"}).status_code == status
    note = client.post(reverse("admin:program_task_note", args=[task.pk]), {"text": "Đang làm", "progress": "10"})
    assert note.status_code == status
    task.refresh_from_db()
    assert (task.status == "in_progress") == (status == 302)


def test_task_move_form_refuses_completion_below_100_percent(client, world, data):
    """The task form (TaskMoveForm) refuses "Báo cáo hoàn thành" at 60 %, says why on the task page
    and what to do; at 100 % the same post moves the task."""
    task = data["task"]
    client.force_login(world.personas.province)
    assert client.post(reverse("admin:program_task_move", args=[task.pk]), {"to": "in_progress"}).status_code == 302
    client.post(reverse("admin:program_task_note", args=[task.pk]), {"text": "Hơn nửa", "progress": "60"})
    page = client.get(change_url(task))
    assert 'id="task-completion-hint"' in page.text and "mới đạt 60%" in page.text
    response = client.post(reverse("admin:program_task_move", args=[task.pk]), {"to": "reported"}, follow=True)
    assert "mới đạt 60%: chỉ báo cáo hoàn thành khi tiến độ đạt 100%" in response.text
    assert "Ghi nhận tiến độ" in response.text
    task.refresh_from_db()
    assert (task.status, task.progress) == ("in_progress", 60)
    # A forged status is still a 403, not a message.
    assert client.post(reverse("admin:program_task_move", args=[task.pk]), {"to": "nonsense"}).status_code == 403
    client.post(reverse("admin:program_task_note", args=[task.pk]), {"text": "Xong", "progress": "100"})
    assert client.post(reverse("admin:program_task_move", args=[task.pk]), {"to": "reported"}).status_code == 302
    task.refresh_from_db()
    assert (task.status, task.progress) == ("reported", 100)
    assert 'id="task-completion-hint"' not in client.get(change_url(task)).text


def test_task_move_form_alone():
    from ocop.program.forms import TaskMoveForm
    from ocop.program.models import DepartmentTask

    form = TaskMoveForm({"to": "reported", "reason": ""}, task=DepartmentTask(progress=99))
    assert not form.is_valid() and "mới đạt 99%" in form.non_field_errors()[0]
    assert TaskMoveForm({"to": "reported"}, task=DepartmentTask(progress=100)).is_valid()
    assert TaskMoveForm({"to": "in_progress"}, task=DepartmentTask(progress=0)).is_valid()
    assert not TaskMoveForm({"to": "finished"}, task=DepartmentTask(progress=100)).is_valid()


def test_task_page_shows_only_allowed_buttons(client, world, data):
    client.force_login(world.personas.province)
    page = client.get(change_url(data["task"]))
    assert 'id="task-panel"' in page.text and 'value="in_progress"' in page.text and 'value="done"' not in page.text
    client.force_login(world.personas.auditor)
    page = client.get(change_url(data["task"]))
    assert 'value="in_progress"' not in page.text


@pytest.mark.parametrize("persona", PERSONAS)
def test_producer_support_page_lists_only_producers_in_scope(client, world, data, persona):
    login(client, world.personas, persona)
    make_funding(world.hcm_commune, year=2025, producer=ProducerFactory(unit=world.hcm_commune,
                                                                        name="Chủ thể TP.HCM"),
                 disbursed=5)
    page = client.get(reverse("admin:program_producer_support"))
    assert page.status_code == 200
    sees_b = COMMUNE_B_RECORD[persona] == 200
    assert (data["line"].producer.name in page.text) == sees_b
    assert ("Chủ thể TP.HCM" in page.text) == (persona in ("superuser", "national", "auditor", "other_province"))


@pytest.mark.parametrize(
    ("persona", "status"),
    [("province", 302), ("commune_b", 302), ("auditor", 403), ("commune_a", 404), ("other_province", 404)],
)
def test_requesting_an_annual_report_by_persona(client, world, data, persona, status, settings, tmp_path,
                                                django_capture_on_commit_callbacks):
    settings.MEDIA_ROOT = tmp_path
    login(client, world.personas, persona)
    url = reverse("admin:program_reportjob_request")
    assert client.get(url + f"?unit={world.commune_b.pk}").status_code == (404 if status == 404 else 200)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"unit": world.commune_b.pk, "year": 2025})
    assert response.status_code == status
    if status == 302:
        job = ReportJob.objects.exclude(pk=data["job"].pk).get()
        assert response["Location"] == reverse("admin:program_reportjob_status", args=[job.pk])
        assert (job.status, job.progress) == ("done", 100)
        assert client.get(response["Location"]).status_code == 200
        download = client.get(reverse("admin:program_reportjob_download", args=[job.pk, "xlsx"]))
        assert download.status_code == 200
        # A Vietnamese file name through the export helper (issue 17), not the stored ASCII slug.
        name = spreadsheet.disposition_filename(download["Content-Disposition"])
        made_on = timezone.localdate(job.finished_at)
        assert name == f"Báo cáo OCOP năm 2025 – {world.commune_b.full_name} {made_on:%Y-%m-%d}.xlsx"
        client.force_login(world.personas.commune_a)
        assert client.get(reverse("admin:program_reportjob_download", args=[job.pk, "xlsx"])).status_code == 404
        assert client.get(reverse("admin:program_reportjob_status", args=[job.pk])).status_code == 404


def test_report_status_polls_while_running_and_stops_when_done(client, world, data):
    client.force_login(world.personas.commune_b)
    url = reverse("admin:program_reportjob_status", args=[data["job"].pk])
    partial = client.get(url, headers={"HX-Request": "true"})
    assert 'hx-trigger="every 2s"' in partial.text and "<html" not in partial.text
    ReportJob.objects.filter(pk=data["job"].pk).update(status="failed", progress=100, message="Lỗi thử")
    assert 'hx-trigger' not in client.get(url, headers={"HX-Request": "true"}).text
    assert client.get(reverse("admin:program_reportjob_download", args=[data["job"].pk, "pdf"])).status_code == 404


@pytest.mark.parametrize("name", ["plan", "department", "departmenttask", "trainingcourse", "trainingsession",
                                  "trainingrosterentry", "fundingline", "reportjob", "indicatorvalue"])
def test_change_lists_show_only_rows_in_scope(client, world, data, name):
    client.force_login(world.personas.commune_a)
    page = client.get(reverse(f"admin:program_{name}_changelist"))
    assert page.status_code == 200
    for key in ("plan", "course", "line"):
        assert str(data[key]) not in page.text


def test_dashboard_breadcrumbs_link_only_to_areas_the_user_may_open(client, world, data):
    """A commune officer's crumbs name the country and the province without linking to them
    (both would answer 404); every link on the crumbs opens."""
    login(client, world.personas, "commune_b")
    response = client.get(dashboard(world.commune_b, year=2025))
    assert response.status_code == 200
    crumbs = response.content.decode().split('class="ocop-crumbs"')[1].split("</nav>")[0]
    assert "Toàn quốc" in crumbs and world.dong_nai.full_name in crumbs
    assert f"unit={world.dong_nai.pk}&" not in crumbs and "?map=current" not in crumbs
    for href in re.findall(r'href="([^"]+)"', crumbs):
        assert client.get(html.unescape(href)).status_code == 200, href
    login(client, world.personas, "national")
    crumbs = client.get(dashboard(world.commune_b, year=2025)).content.decode().split('class="ocop-crumbs"')[1]
    assert f"unit={world.dong_nai.pk}&amp;" in crumbs.split("</nav>")[0]
