"""Cumulative progress against the plan and the year-on-year trend, on hand-built data; the
server-rendered charts (accessible SVG, no script)."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from ocop.program.charts import Bar, Series, bar_chart, line_chart
from ocop.program.tests.factories import make_funding, make_plan, make_target
from ocop.program.trends import trends_build
from ocop.registry.tests.factories import ProducerFactory

D = Decimal
TODAY = date(2026, 6, 30)


@pytest.mark.django_db
def test_cumulative_progress_and_year_on_year(world):
    plan = make_plan(world.dong_nai, starts_on=date(2021, 1, 1), ends_on=date(2025, 12, 31))
    target = make_target(plan, "new_producers", value_min=10)
    for year, n in ((2021, 1), (2022, 3), (2024, 2), (2025, 1)):
        for _ in range(n):
            ProducerFactory(unit=world.commune_a, joined_ocop_on=date(year, 5, 1))
    ProducerFactory(unit=world.commune_a, joined_ocop_on=date(2026, 2, 1))  # after the plan
    make_funding(world.dong_nai, year=2024, allocated=100, disbursed=80)
    make_funding(world.dong_nai, year=2025, allocated=100, disbursed=100)
    result = trends_build(unit=world.dong_nai, generation="current", years=list(range(2021, 2026)), plan=plan,
                          targets=[target], codes=("funding_disbursement_pct",), today=TODAY)
    producers, rate = result.trends
    assert producers.indicator.code == "new_producers" and producers.goal == 10
    assert [p.value for p in producers.points] == [1, 3, 0, 2, 1]
    assert [p.change for p in producers.points] == [None, 2, -3, 2, -1]
    assert [p.change_pct for p in producers.points] == [None, D("200.0"), D("-100.0"), None, D("-50.0")]
    assert [p.cumulative for p in producers.points] == [1, 4, 4, 6, 7]
    assert [p.plan_cumulative for p in producers.points] == [2, 4, 6, 8, 10]
    assert producers.on_plan is False
    assert [p.value for p in rate.points] == [None, None, None, D("80.00"), D("100.00")]
    assert [p.change for p in rate.points] == [None, None, None, None, D("20.00")]
    assert all(p.cumulative is None for p in rate.points)  # a rate has no running total


@pytest.mark.django_db
def test_trends_page_draws_accessible_svg(client, world):
    plan = make_plan(world.dong_nai, starts_on=date(2021, 1, 1), ends_on=date(2025, 12, 31))
    make_target(plan, "new_producers", value_min=10)
    ProducerFactory(unit=world.commune_a, joined_ocop_on=date(2022, 5, 1))
    client.force_login(world.personas.province)
    page = client.get(reverse("admin:program_dashboard_trends"), {"unit": world.dong_nai.pk})
    assert page.status_code == 200
    text = page.text
    assert 'id="trend-table"' in text and 'role="img"' in text and "<desc id=" in text
    assert "Tổ chức kinh tế mới tham gia OCOP – cộng dồn so với kế hoạch" in text
    assert 'stroke-width="4"' in text and "<script" not in text.split('id="program-trends"')[1].split("</div>")[0]
    dashboard = client.get(reverse("admin:program_dashboard"), {"unit": world.dong_nai.pk})
    assert 'id="trends-link"' in dashboard.text
    # Out of scope: the same 404 as the dashboard.
    client.force_login(world.personas.other_province)
    assert client.get(reverse("admin:program_dashboard_trends"), {"unit": world.dong_nai.pk}).status_code == 404


def test_line_chart_names_and_describes_itself_and_writes_every_value():
    svg = line_chart("Sản phẩm – cộng dồn", ["2021", "2022"], [
        Series("Thực hiện", [D(3), D(7)]), Series("Kế hoạch", [D(2), D(4)], dashed=True)], unit="sản phẩm")
    assert svg.startswith("<svg") and 'role="img"' in svg
    assert "<title id=" in svg and "Sản phẩm – cộng dồn</title>" in svg
    assert "Thực hiện: 2021 3, 2022 7. Kế hoạch: 2021 2, 2022 4." in svg  # the figures in words
    assert svg.count("<circle") == 2 and svg.count("<rect") == 2  # markers differ by shape
    assert 'stroke-dasharray="10 6"' in svg and 'stroke-width="2"' not in svg
    for value in ("3", "7", "2", "4"):
        assert f">{value}</text>" in svg


def test_bar_chart_writes_values_and_goal_and_escapes_labels():
    svg = bar_chart("Kinh phí", [Bar("<Nguồn>", D(1_500_000), goal=D(2_000_000)), Bar("Khác", None)],
                    unit="đồng", goal_label="Mục tiêu")
    assert "&lt;Nguồn&gt;" in svg and "<Nguồn>" not in svg
    assert ">1.500.000</text>" in svg and "—" in svg
    assert "&lt;Nguồn&gt;: 1.500.000 đồng (Mục tiêu 2.000.000)" in svg
    assert 'stroke-width="4"' in svg
