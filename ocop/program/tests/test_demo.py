"""The demo step: the seed article's targets, departments, tasks, training and funding; idempotent."""

from decimal import Decimal

import pytest
from django.urls import reverse

from ocop.program import demo
from ocop.program.models import DepartmentTask, FundingLine, Plan, Target, TrainingAttendance

pytestmark = pytest.mark.django_db


def test_demo_is_idempotent_and_carries_the_seed_targets(world):
    first = demo.seed(log=lambda *_: None)
    counts = (Plan.objects.count(), Target.objects.count(), DepartmentTask.objects.count(),
              FundingLine.objects.count(), TrainingAttendance.objects.count())
    second = demo.seed(log=lambda *_: None)
    assert first["plans"] == 3 and second["plans"] == 0 and second["tasks"] == 0 and second["funding"] == 0
    assert counts == (Plan.objects.count(), Target.objects.count(), DepartmentTask.objects.count(),
                      FundingLine.objects.count(), TrainingAttendance.objects.count())

    national = Plan.objects.get(unit__isnull=True)
    assert national.doc_number == "919/QĐ-TTg"
    assert national.targets.get().value_min == Decimal(10000)
    plan_2019 = Plan.objects.get(title__contains="2019–2020")
    assert plan_2019.unit == world.old_dong_nai
    assert {(t.indicator, t.value_min) for t in plan_2019.targets.all()} == {
        ("products_rated_3plus", 12), ("products_potential_5star", 3), ("training_officials_pct", 50),
        ("training_leaders_pct", 30),
    }
    plan_2021 = Plan.objects.get(title__contains="2021–2025, định hướng")
    assert "2035" in plan_2021.orientation
    ranges = {t.indicator: (t.comparison, t.value_min, t.value_max) for t in plan_2021.targets.all()}
    assert ranges["products_potential_5star"] == ("range", 7, 10)
    assert ranges["new_producers"] == ("range", 50, 60)
    assert ranges["products_rated_3plus"] == ("gt", 100, None)
    assert plan_2021.targets.filter(indicator="ideas_per_year", applies_to_each_child=True).exists()
    leads = set(DepartmentTask.objects.values_list("lead__kind", flat=True))
    assert {"nong_nghiep", "cong_thuong", "ke_hoach_dau_tu", "tai_chinh", "truyen_thong"} <= leads


def test_demo_dashboard_shows_the_seed_targets_against_actuals(client, world):
    demo.seed(log=lambda *_: None)
    client.force_login(world.personas.province)
    page = client.get(reverse("admin:program_dashboard"))
    assert page.status_code == 200
    assert "Tăng số sản phẩm 3 sao trên 100 sản phẩm" in page.text
    assert "Định hướng đến năm 2035" in page.text
    assert "Trước sắp xếp" in page.text  # the old province's plan, on the old map
