"""A year (or any part of a plan) is judged against its share of a plan-long target for indicators
that add up over time; levels (in force at the end, rates) are judged as the plan writes them."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

from ocop.certificates.tests.factories import certify
from ocop.program.dashboard import dashboard_build
from ocop.program.measures import Period, plan_share, scale_goal
from ocop.program.tests.factories import make_plan, make_target
from ocop.registry.tests.factories import ProducerFactory, ProductFactory

D = Decimal


@pytest.mark.parametrize(("period", "plan", "share"), [
    (Period.year(2025), (date(2021, 1, 1), date(2025, 12, 31)), D(1) / D(5)),
    (Period(date(2021, 1, 1), date(2025, 12, 31)), (date(2021, 1, 1), date(2025, 12, 31)), D(1)),
    (Period(date(2024, 1, 1), date(2025, 12, 31)), (date(2021, 1, 1), date(2025, 12, 31)), D(2) / D(5)),
    (Period.year(2026), (date(2021, 1, 1), date(2025, 12, 31)), D(0)),
    (Period.year(2024), (date(2024, 7, 1), date(2025, 6, 30)), D(184) / D(365)),  # days when not whole years
])
def test_plan_share(period, plan, share):
    assert plan_share(period, *plan) == share


def test_scale_goal_rounds_to_cents():
    assert scale_goal(D(10), D(1) / D(3)) == D("3.33")
    assert scale_goal(D(100), D(1) / D(5)) == D("20.00")
    assert scale_goal(None, D(1)) is None


@pytest.mark.django_db
def test_the_annual_dashboard_judges_a_year_against_its_share_of_the_plan(world):
    plan = make_plan(world.dong_nai, starts_on=date(2021, 1, 1), ends_on=date(2025, 12, 31))
    make_target(plan, "new_producers", value_min=10, wording="Ít nhất 10 tổ chức kinh tế mới")  # flow: 2 a year
    make_target(plan, "products_certified", value_min=3)  # level: 3 in force, as written
    make_target(plan, "funding_disbursed", comparison="range", value_min=500, value_max=1000)
    for day in (date(2025, 3, 1), date(2025, 9, 1), date(2024, 5, 5)):
        ProducerFactory(unit=world.commune_a, joined_ocop_on=day)
    producer = ProducerFactory(unit=world.commune_b, joined_ocop_on=date(2021, 2, 1))
    for stars in (3, 4):
        certify(ProductFactory(producer=producer, criteria_set="01"), stars=stars, issued_on=date(2025, 4, 1),
                issuer_unit=world.dong_nai)

    dash = dashboard_build(user=world.personas.province, unit=world.dong_nai, generation="current",
                           period=Period.year(2025), today=timezone.localdate())
    rows = {row.indicator.code: row for row in dash.targets}
    producers, certified, money = rows["new_producers"], rows["products_certified"], rows["funding_disbursed"]
    assert (producers.share, producers.goal, producers.actual) == (D(1) / D(5), "≥ 2", 2)
    assert (producers.assessment.met, producers.assessment.progress) == (True, D("100.00"))
    assert producers.share_label == "phần của kỳ này: 20% chỉ tiêu cả kế hoạch 01/01/2021–31/12/2025 (≥ 10)"
    assert (certified.share, certified.goal, certified.share_label, certified.actual) == (D(1), "≥ 3", "", 2)
    assert (certified.assessment.met, certified.assessment.progress) == (False, D("66.67"))
    assert money.goal == "100–200"  # a range scales at both ends

    whole = dashboard_build(user=world.personas.province, unit=world.dong_nai, generation="current",
                            period=Period(date(2021, 1, 1), date(2025, 12, 31)), today=timezone.localdate())
    producers = next(r for r in whole.targets if r.indicator.code == "new_producers")
    assert (producers.goal, producers.share_label, producers.actual, producers.assessment.progress) == (
        "≥ 10", "", 4, D("40.00"))


@pytest.mark.django_db
def test_the_annual_report_states_the_share_and_the_years_before(world, settings, tmp_path):
    from io import BytesIO

    from openpyxl import load_workbook

    from ocop.program.models import ReportJob
    from ocop.program.services.report_build import report_job_run

    settings.MEDIA_ROOT = tmp_path
    plan = make_plan(world.dong_nai, starts_on=date(2021, 1, 1), ends_on=date(2025, 12, 31))
    make_target(plan, "new_producers", value_min=10)
    for day in (date(2021, 3, 1), date(2024, 3, 1), date(2025, 3, 1), date(2025, 9, 1)):
        ProducerFactory(unit=world.commune_a, joined_ocop_on=day)
    job = ReportJob.objects.create(unit=world.dong_nai, year=2025, generation="current",
                                   requested_by=world.personas.province)
    job = report_job_run(job_id=job.pk)
    assert job.status == "done", job.message
    book = load_workbook(BytesIO(job.xlsx.read()))
    targets = [[c.value for c in row] for row in book["Chỉ tiêu"].iter_rows(min_row=2)]
    row = next(r for r in targets if r[1] == "Tổ chức kinh tế mới tham gia OCOP")
    assert (row[3], row[4], row[8], row[10]) == ("≥ 2", D("2.00"), 2, "Đạt")
    assert row[12] == "phần của kỳ này: 20% chỉ tiêu cả kế hoạch 01/01/2021–31/12/2025 (≥ 10)"
    years = [[c.value for c in r] for r in book["Theo năm"].iter_rows()]
    assert years[0][:7] == ["Chỉ số", "Đơn vị tính", "2021", "2022", "2023", "2024", "2025"]
    producers = next(r for r in years if r[0] == "Tổ chức kinh tế mới tham gia OCOP")
    assert producers[2:9] == [1, 0, 0, 1, 2, 4, 10]
    assert job.pdf.size > 0
