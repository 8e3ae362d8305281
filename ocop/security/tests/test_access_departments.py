"""L-2: a department officer belongs to its department; it moves and annotates only the tasks its
department leads, reads the province's programme and registry, and writes no registry record."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from ocop.accounts.models import Role
from ocop.core.testing import make_user
from ocop.program.models import Department, DepartmentTask, TaskNote
from ocop.registry.models import Producer

pytestmark = pytest.mark.django_db


@pytest.fixture
def province_tasks(personas):
    dong_nai = personas.units.dong_nai
    agriculture = Department.objects.create(unit=dong_nai, name="Sở Nông nghiệp và Môi trường", short_name="Sở NN&MT")
    trade = Department.objects.create(unit=dong_nai, name="Sở Công Thương", short_name="Sở CT")
    deadline = timezone.localdate() + timedelta(days=30)
    own = DepartmentTask.objects.create(unit=dong_nai, lead=agriculture, title="Thẩm định hồ sơ", deadline=deadline)
    other = DepartmentTask.objects.create(unit=dong_nai, lead=trade, title="Xúc tiến thương mại", deadline=deadline)
    officer = make_user("songnn", Role.DEPARTMENT_OFFICER, dong_nai, department=agriculture)
    return officer, own, other


def test_l2_agriculture_cannot_move_or_annotate_the_trade_departments_task(client, province_tasks):
    officer, _own, other = province_tasks
    client.force_login(officer)
    move = client.post(reverse("admin:program_task_move", args=[other.pk]), {"to": "in_progress", "reason": ""})
    assert move.status_code == 403
    note = client.post(reverse("admin:program_task_note", args=[other.pk]), {"text": "Đã xong", "progress": 90})
    assert note.status_code == 403
    other.refresh_from_db()
    assert other.status == "assigned" and other.progress == 0
    assert not TaskNote.objects.filter(task=other).exists()
    # It still reads the task (the province's programme).
    assert client.get(reverse("admin:program_departmenttask_change", args=[other.pk])).status_code == 200


def test_l2_agriculture_moves_and_annotates_its_own_task(client, province_tasks):
    officer, own, _other = province_tasks
    client.force_login(officer)
    move = client.post(reverse("admin:program_task_move", args=[own.pk]), {"to": "in_progress", "reason": ""})
    assert move.status_code == 302
    note = client.post(reverse("admin:program_task_note", args=[own.pk]), {"text": "Đã trình dự thảo", "progress": 40})
    assert note.status_code == 302
    own.refresh_from_db()
    assert own.status == "in_progress" and own.progress == 40


def test_l2_a_department_officer_reads_but_does_not_write_the_registry(client, personas, province_tasks):
    officer, _own, _other = province_tasks
    producer = Producer.objects.create(kind="ho", name="Hộ Nguyễn Văn An", unit=personas.units.commune_a)
    client.force_login(officer)
    change = reverse("admin:registry_producer_change", args=[producer.pk])
    assert client.get(change).status_code == 200
    response = client.post(change, {"kind": "ho", "name": "Đổi tên", "unit": personas.units.commune_a.pk})
    assert response.status_code == 403
    producer.refresh_from_db()
    assert producer.name == "Hộ Nguyễn Văn An"
    add = client.post(reverse("admin:registry_producer_add"), {"kind": "ho", "name": "Hộ mới",
                                                                 "unit": personas.units.commune_a.pk})
    assert add.status_code == 403
    assert not Producer.objects.filter(name="Hộ mới").exists()


def test_l2_a_department_officer_needs_a_department_of_its_province(client, personas):
    hcm_department = Department.objects.create(unit=personas.units.hcm, name="Sở Công Thương TP HCM")
    newcomer = make_user("newcomer")
    client.force_login(personas.province)
    add = reverse("admin:accounts_roleassignment_add")
    missing = client.post(add, {"user": newcomer.pk, "role": Role.DEPARTMENT_OFFICER,
                                "unit": personas.units.dong_nai.pk, "department": "", "note": ""})
    assert missing.status_code == 200 and "phải thuộc một sở, ngành" in missing.text
    other = client.post(add, {"user": newcomer.pk, "role": Role.DEPARTMENT_OFFICER,
                              "unit": personas.units.dong_nai.pk, "department": hcm_department.pk, "note": ""})
    assert other.status_code == 200
    assert not newcomer.roles.exists()
