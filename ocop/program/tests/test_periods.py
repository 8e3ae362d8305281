"""Closing a reporting period freezes its figures; later data does not change them."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from ocop.core.models import AuditEvent
from ocop.program.dashboard import dashboard_build
from ocop.program.models import IndicatorValue, ReportingPeriod
from ocop.program.services.plans import period_close, period_reopen
from ocop.program.tests.factories import make_funding, make_plan, make_target
from ocop.registry.tests.factories import ProducerFactory

pytestmark = pytest.mark.django_db


def whole(plan) -> ReportingPeriod:
    return next(p for p in plan.periods.all() if p.spans_plan)


def build(user, unit, period):
    return dashboard_build(user=user, unit=unit, generation=unit.generation if unit else "current",
                           period=period.as_period, reporting_period=period, today=timezone.localdate())


def test_plan_gets_a_whole_period_and_one_per_year(world):
    plan = make_plan(world.dong_nai, starts_on=date(2021, 1, 1), ends_on=date(2025, 12, 31))
    labels = sorted((p.starts_on, p.ends_on) for p in plan.periods.all())
    assert (date(2021, 1, 1), date(2025, 12, 31)) in labels
    assert (date(2023, 1, 1), date(2023, 12, 31)) in labels
    assert len(labels) == 6


def test_closed_period_keeps_its_figures_when_later_data_arrives(world):
    personas = world.personas
    plan = make_plan(world.dong_nai, starts_on=date(2025, 1, 1), ends_on=date(2025, 12, 31))
    make_target(plan, "new_producers", value_min=Decimal(2))
    ProducerFactory(unit=world.commune_a, joined_ocop_on=date(2025, 3, 5))
    # An old Bình Phước commune, after the reform.
    ProducerFactory(unit=world.old_tan_tien, joined_ocop_on=date(2025, 8, 1))
    make_funding(world.commune_b, year=2025, disbursed=1_000_000)
    period = whole(plan)

    period_close(period=period, actor=personas.province)
    period.refresh_from_db()
    assert period.is_closed and period.closed_by == personas.province
    assert AuditEvent.objects.filter(action="program.period.close").count() == 1

    # Later data: a producer joined in the period, more money, entered after closing.
    ProducerFactory(unit=world.commune_a, joined_ocop_on=date(2025, 6, 1))
    make_funding(world.commune_b, year=2025, disbursed=5_000_000)

    frozen = build(personas.province, world.dong_nai, period)
    assert frozen.snapshot_at == period.closed_at
    assert frozen.value("new_producers") == 2
    assert frozen.value("funding_disbursed") == Decimal(1_000_000)
    assert frozen.targets[0].actual == 2 and frozen.targets[0].assessment.met is True
    children = {row.unit.pk: row for row in frozen.children}
    key_codes = [i.code for i in frozen.key_indicators]
    assert children[world.commune_a.pk].values[key_codes.index("new_producers")] == 1
    assert children[world.dong_phu.pk].values[key_codes.index("new_producers")] == 1

    # The commune's own dashboard reads the same frozen figures.
    assert build(personas.province, world.commune_a, period).value("new_producers") == 1

    # Live figures for the same dates do move.
    live = dashboard_build(user=personas.province, unit=world.dong_nai, generation="current",
                           period=period.as_period, today=timezone.localdate())
    assert live.value("new_producers") == 3 and live.snapshot_at is None

    period_reopen(period=period, actor=personas.province, reason="Bổ sung số liệu cấp xã")
    assert not IndicatorValue.objects.filter(period=period).exists()
    assert build(personas.province, world.dong_nai, whole(plan)).value("new_producers") == 3
    event = AuditEvent.objects.get(action="program.period.reopen")
    assert event.message == "Bổ sung số liệu cấp xã"


def test_closing_a_legacy_plan_keeps_every_level_of_the_old_map(world):
    plan = make_plan(world.old_dong_nai, starts_on=date(2019, 1, 1), ends_on=date(2020, 12, 31))
    ProducerFactory(unit=world.commune_a, joined_ocop_on=date(2019, 5, 1))  # reported under the old commune
    period = whole(plan)
    period_close(period=period, actor=world.personas.province)
    values = IndicatorValue.objects.filter(period=period, indicator="new_producers")
    by_unit = {v.unit_id: v.value for v in values}
    assert by_unit[world.old_dong_nai.pk] == 1
    assert by_unit[world.old_bien_hoa.pk] == 1
    assert by_unit[world.old_commune.pk] == 1
    assert {v.generation for v in values} == {"legacy"}


def test_only_plan_offices_in_scope_may_close_and_reopen(world):
    personas = world.personas
    plan = make_plan(world.dong_nai, starts_on=date(2024, 1, 1), ends_on=date(2024, 12, 31))
    period = whole(plan)
    for persona in (personas.auditor, personas.commune_a, personas.other_province):
        with pytest.raises(PermissionDenied):
            period_close(period=period, actor=persona)
    period_close(period=period, actor=personas.national)
    with pytest.raises(ValidationError):
        period_close(period=period, actor=personas.province)
    with pytest.raises(ValidationError):
        period_reopen(period=period, actor=personas.province, reason=" ")
    with pytest.raises(PermissionDenied):
        period_reopen(period=period, actor=personas.auditor, reason="thử")


def test_national_plan_snapshot_keeps_the_country_and_its_provinces(world):
    plan = make_plan(None, title="Chương trình OCOP 2021–2025")
    ProducerFactory(unit=world.commune_a, joined_ocop_on=date(2022, 2, 2))
    ProducerFactory(unit=world.hcm_commune, joined_ocop_on=date(2023, 2, 2))
    period = period_close(period=whole(plan), actor=world.personas.national)
    frozen = build(world.personas.national, None, period)
    assert frozen.snapshot_at is not None and frozen.value("new_producers") == 2
    ProducerFactory(unit=world.hcm_commune, joined_ocop_on=date(2023, 3, 3))
    assert build(world.personas.national, None, period).value("new_producers") == 2
    assert build(world.personas.national, world.hcm, period).value("new_producers") == 1
