"""The back office of the cycle: workflow buttons, moves, exports, what each scope sees. The status
of every route as every persona is the permission matrix's (ocop/core/tests/test_permission_matrix.py)."""

from datetime import date
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from ocop.cycle import services
from ocop.cycle.models import Cycle, ProducerVerification, PublicityActivity
from ocop.cycle.tests.factories import IdeaFactory, ImplementationFactory, PlanFactory
from ocop.cycle.workflow import IdeaStatus, PlanStatus

pytestmark = pytest.mark.django_db

STAFF_IN_SCOPE_OF_A = ["superuser", "national", "auditor", "province", "commune_a"]
STAFF_OUT_OF_SCOPE_OF_A = ["commune_b", "other_province"]


def url(obj, view="change", *args):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=[obj.pk, *args])


@pytest.fixture
def records(personas, world):
    """One record of each admin, all in commune A."""
    cycle = services.cycle_open(year=2026, unit=personas.units.commune_a, actor=personas.province)
    return {
        "cycle": cycle,
        "publicity": services.publicity_activity_save(
            activity=PublicityActivity(kind="tap_huan", title="Tập huấn xã A", date=date(2026, 3, 5),
                                       unit=personas.units.commune_a, participants=30),
            actor=personas.commune_a),
        "verification": ProducerVerification.objects.create(producer=world.a2),
        "idea": IdeaFactory(producer=world.a, status=IdeaStatus.SUBMITTED, proposed_name="Mứt chôm chôm A"),
        "plan": PlanFactory(idea__producer=world.a, status=PlanStatus.SUBMITTED),
        "implementation": ImplementationFactory(plan__idea__producer=world.a),
    }


RECORDS = ["cycle", "publicity", "verification", "idea", "plan", "implementation"]


@pytest.mark.parametrize("persona", STAFF_IN_SCOPE_OF_A + STAFF_OUT_OF_SCOPE_OF_A)
def test_a_commune_cycle_page_by_persona(client, personas, records, persona):
    """A commune's own calendar (the matrix's cycle is the province's)."""
    client.force_login(getattr(personas, persona))
    status = client.get(url(records["cycle"])).status_code
    assert status == (200 if persona in STAFF_IN_SCOPE_OF_A else 404)


def test_idea_list_shows_only_in_scope_rows(client, personas, records, world):
    IdeaFactory(producer=world.b, proposed_name="Rượu nếp Long Thành", status=IdeaStatus.SUBMITTED)
    client.force_login(personas.commune_a)
    page = client.get(reverse("admin:cycle_productidea_changelist")).text
    assert "Mứt chôm chôm A" in page and "Rượu nếp Long Thành" not in page


def test_workflow_buttons_follow_the_table(client, personas, records):
    idea = records["idea"]
    client.force_login(personas.commune_a)
    page = client.get(url(idea)).text
    assert url(idea, "move_returned") in page and url(idea, "move_accepted") in page
    assert url(idea, "move_submitted") not in page
    client.force_login(personas.auditor)
    assert url(idea, "move_returned") not in client.get(url(idea)).text


def test_officer_returns_an_idea_with_a_reason_in_the_back_office(client, personas, records):
    idea = records["idea"]
    move = url(idea, "move_returned")
    client.force_login(personas.commune_a)
    assert client.get(move).status_code == 200
    missing = client.post(move, {"reason": ""})
    assert missing.status_code == 200 and "bắt buộc" in missing.text
    done = client.post(move, {"reason": "Bổ sung nguồn nguyên liệu"})
    assert done.status_code == 302 and done["Location"] == url(idea)
    idea.refresh_from_db()
    assert (idea.status, idea.status_note) == (IdeaStatus.RETURNED, "Bổ sung nguồn nguyên liệu")
    assert "Bổ sung nguồn nguyên liệu" in client.get(url(idea)).text  # the history on the page


@pytest.mark.parametrize(("persona", "status"), [("auditor", 403), ("national", 403), ("commune_b", 404),
                                                 ("producer", 302)])
def test_others_cannot_open_a_move(client, personas, records, persona, status):
    client.force_login(getattr(personas, persona))
    assert client.post(url(records["idea"], "move_accepted"), {"reason": ""}).status_code == status
    records["idea"].refresh_from_db()
    assert records["idea"].status == IdeaStatus.SUBMITTED


def test_verification_and_plan_moves_in_the_back_office(client, personas, records):
    client.force_login(personas.commune_a)
    assert client.post(url(records["verification"], "move_verified"), {"reason": ""}).status_code == 302
    assert client.post(url(records["plan"], "move_under_review"), {"reason": ""}).status_code == 302
    client.force_login(personas.province)
    assert client.post(url(records["plan"], "move_approved"), {"reason": "Đạt"}).status_code == 302
    records["plan"].refresh_from_db()
    assert records["plan"].status == PlanStatus.APPROVED and records["plan"].implementation.pk


def test_province_office_opens_a_cycle_and_edits_dates(client, personas):
    client.force_login(personas.commune_a)
    assert client.get(reverse("admin:cycle_cycle_add")).status_code == 403
    client.force_login(personas.province)
    response = client.post(reverse("admin:cycle_cycle_add"), {"year": 2026, "unit": personas.units.dong_nai.pk})
    assert response.status_code == 302, response.text[:3000]
    cycle = Cycle.objects.get(year=2026, unit=personas.units.dong_nai)
    duplicate = client.post(reverse("admin:cycle_cycle_add"), {"year": 2026, "unit": personas.units.dong_nai.pk})
    assert duplicate.status_code == 200 and "đã có chu trình" in duplicate.text
    steps = list(cycle.steps.order_by("step"))
    data = {"steps-TOTAL_FORMS": 6, "steps-INITIAL_FORMS": 6, "steps-MIN_NUM_FORMS": 0, "steps-MAX_NUM_FORMS": 6}
    for i, step in enumerate(steps):
        data |= {f"steps-{i}-id": step.pk, f"steps-{i}-cycle": cycle.pk, f"steps-{i}-starts_on": step.starts_on,
                 f"steps-{i}-ends_on": step.ends_on, f"steps-{i}-focus": step.focus}
    data["steps-1-starts_on"] = "2026-03-20"
    response = client.post(url(cycle), data)
    assert response.status_code == 302, response.text[:3000]
    assert cycle.steps.get(step=2).starts_on == date(2026, 3, 20)
    client.force_login(personas.commune_a)
    assert client.post(url(cycle), data).status_code == 404  # the province cycle is outside commune A


def test_officer_adds_a_milestone_inline(client, personas, records):
    implementation = records["implementation"]
    client.force_login(personas.commune_a)
    data = {
        "milestones-TOTAL_FORMS": 1, "milestones-INITIAL_FORMS": 0, "milestones-MIN_NUM_FORMS": 0,
        "milestones-MAX_NUM_FORMS": 1000, "milestones-0-title": "Đăng ký nhãn hiệu",
        "milestones-0-due": "2026-10-01", "milestones-0-implementation": implementation.pk,
        "supports-TOTAL_FORMS": 0, "supports-INITIAL_FORMS": 0, "supports-MIN_NUM_FORMS": 0,
        "supports-MAX_NUM_FORMS": 1000,
    }
    response = client.post(url(implementation), data)
    assert response.status_code == 302, response.text[:3000]
    assert implementation.milestones.get().title == "Đăng ký nhãn hiệu"


def export_rows(client, model_name):
    response = client.post(reverse(f"admin:cycle_{model_name}_export"), {"format": "0", "resource": "0"})
    assert response.status_code == 200, response.text[:2000]
    sheet = load_workbook(BytesIO(response.content)).active
    return [[c.value for c in row] for row in sheet.iter_rows()]


def test_idea_export_is_scoped_excel(client, personas, records, world):
    IdeaFactory(producer=world.b, proposed_name="Rượu nếp Long Thành", status=IdeaStatus.SUBMITTED)
    client.force_login(personas.commune_a)
    rows = export_rows(client, "productidea")
    assert rows[0][:3] == ["Mã", "Năm", "Tên sản phẩm dự kiến"]
    names = [r[2] for r in rows[1:]]
    assert "Mứt chôm chôm A" in names and "Rượu nếp Long Thành" not in names
    client.force_login(personas.producer)
    assert client.post(reverse("admin:cycle_productidea_export"), {"format": "0"}).status_code == 302


@pytest.mark.parametrize("name", RECORDS)
def test_every_list_exports(client, personas, records, name):
    client.force_login(personas.province)
    model = type(records[name])
    assert len(export_rows(client, model._meta.model_name)) == 1 + model.objects.count()


def test_funnel_page_and_excel(client, personas, records):
    client.force_login(personas.province)
    page = client.get(reverse("admin:cycle_funnel"), {"year": 2026, "unit": personas.units.dong_nai.pk})
    assert page.status_code == 200
    assert "Phường Trấn Biên" in page.text and "Xã Long Thành" in page.text
    xlsx = client.get(reverse("admin:cycle_funnel"), {"year": 2026, "format": "xlsx"})
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(BytesIO(xlsx.content)).active
    assert sheet["A3"].value == "Phường Trấn Biên" and sheet["B3"].value == 3  # 1 submitted + 2 accepted
    assert sheet["B3"].number_format == "#,##0" and sheet["A3"].number_format == "@"  # typed by the helper
    client.force_login(personas.producer)
    assert client.get(reverse("admin:cycle_funnel")).status_code == 302


@pytest.mark.parametrize("model_name", ["productidea", "businessplan", "implementation"])
def test_list_query_count_does_not_grow_with_rows(client, personas, world, model_name):
    client.force_login(personas.province)
    changelist = reverse(f"admin:cycle_{model_name}_changelist")
    ImplementationFactory(plan__idea__producer=world.a)
    client.get(changelist)
    with CaptureQueriesContext(connection) as few:
        client.get(changelist)
    for producer in (world.a, world.a2, world.b) * 4:
        ImplementationFactory(plan__idea__producer=producer)
        IdeaFactory(producer=producer, status=IdeaStatus.SUBMITTED)
    with CaptureQueriesContext(connection) as many:
        client.get(changelist)
    assert len(many.captured_queries) == len(few.captured_queries)
    print(f"{model_name} changelist: {len(many.captured_queries)} queries")


@pytest.mark.parametrize("name", RECORDS)
def test_every_export_is_typed(client, personas, records, name):
    """Issue 17: numbers are numbers, dates dates, timestamps local times; Vietnamese sheet."""
    from datetime import datetime
    from decimal import Decimal

    from django.utils import timezone

    client.force_login(personas.province)
    model = type(records[name])
    response = client.post(reverse(f"admin:cycle_{model._meta.model_name}_export"), {"format": "0", "resource": "0"})
    sheet = load_workbook(BytesIO(response.content)).active
    from django.utils.text import capfirst

    assert sheet.title == capfirst(str(model._meta.verbose_name_plural))[:31]
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    header = [c.value for c in sheet[1]]
    row = dict(zip(header, [c.value for c in sheet[2]], strict=True))
    record = records[name]
    for label, attr in (("Mở lúc", "created_at"), ("Đăng ký lúc", "created_at"), ("Gửi lúc", "submitted_at")):
        stamp = getattr(record, attr) if label in row else None
        if stamp:
            assert row[label] == timezone.localtime(stamp).replace(tzinfo=None, microsecond=0)
            assert isinstance(row[label], datetime)
    if name == "publicity":
        assert row["Số người tham dự"] == 30 and row["Ngày"] == datetime(2026, 3, 5)
    if name == "plan":
        assert isinstance(row["Tổng vốn"], int | float | Decimal)
    if name == "cycle":
        assert row["Năm"] == 2026
    if "Mã" in row:
        assert record.pk in [r[0].value for r in sheet.iter_rows(min_row=2)]  # ids are numbers
