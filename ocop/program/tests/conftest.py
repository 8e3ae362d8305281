"""Builders for program tests: the personas' unit tree plus old Bình Phước (merged into Đồng Nai on
01/07/2025), and small helpers that write registry, rating and program rows directly."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

import pytest

from ocop.core.testing import C, L, make_unit
from ocop.program.models import (
    Department,
    DepartmentTask,
    FundingLine,
    Plan,
    Target,
    TrainingAttendance,
    TrainingCourse,
    TrainingParticipant,
    TrainingRosterEntry,
    TrainingSession,
)
from ocop.program.services.plans import plan_ensure_periods
from ocop.registry.models import Producer, Product
from ocop.territory.models import AdminUnit


@dataclass
class World:
    personas: object
    dong_nai: AdminUnit
    commune_a: AdminUnit
    commune_b: AdminUnit
    dong_phu: AdminUnit  # current Đồng Nai commune that took over an old Bình Phước commune
    old_dong_nai: AdminUnit
    old_bien_hoa: AdminUnit
    old_commune: AdminUnit
    old_binh_phuoc: AdminUnit
    old_dong_phu_district: AdminUnit
    old_tan_tien: AdminUnit  # old Bình Phước commune
    hcm: AdminUnit
    hcm_commune: AdminUnit


@pytest.fixture
def world(personas) -> World:
    u = personas.units
    P, D, X = AdminUnit.Level.PROVINCE, AdminUnit.Level.DISTRICT, AdminUnit.Level.COMMUNE
    K = AdminUnit.Kind
    dong_phu = make_unit(C, X, K.COMMUNE, "25210", "Đồng Phú", u.dong_nai)
    old_binh_phuoc = make_unit(L, P, K.PROVINCE, "70", "Bình Phước", current=u.dong_nai)
    old_district = make_unit(L, D, K.RURAL_DISTRICT, "697", "Đồng Phú", old_binh_phuoc, current=u.dong_nai)
    old_tan_tien = make_unit(L, X, K.COMMUNE, "25210", "Tân Tiến", old_district, current=dong_phu)
    return World(personas, u.dong_nai, u.commune_a, u.commune_b, dong_phu, u.old_dong_nai, u.old_bien_hoa,
                 u.old_commune, old_binh_phuoc, old_district, old_tan_tien, u.hcm, u.hcm_commune)


_counter = {"n": 0}


def _next() -> int:
    _counter["n"] += 1
    return _counter["n"]


def make_producer(unit, *, joined=None, kind=Producer.Kind.COOPERATIVE, name=None) -> Producer:
    return Producer.objects.create(kind=kind, name=name or f"Chủ thể {_next()}", unit=unit, joined_ocop_on=joined)


def make_product(producer, *, unit=None, name=None) -> Product:
    return Product.objects.create(producer=producer, unit=unit or producer.unit, name=name or f"Sản phẩm {_next()}",
                                  criteria_set="01")


def make_certificate(product, *, stars=3, issued_on=date(2024, 3, 1), level="province", revoked_on=None,
                     issuer_unit=None, applied=True):
    """A recognised result, its decision and certificate, written directly (historical-style), then
    applied as after a bulk load (APPLIED False: left for the daily task; the indicators then count
    the certificates themselves)."""
    from ocop.certificates.models import Certificate, Decision
    from ocop.rating.models import RatingResult

    n = _next()
    result = RatingResult.objects.create(
        product=product, level=level, regime="qd148-2023", year=issued_on.year, average=Decimal(50 + 10 * (stars - 3)),
        band_stars=stars, stars=stars, is_historical=True,
    )
    decision = Decision.objects.create(
        issuer_level=level, issuer_unit=None if level == "central" else issuer_unit,
        issuer_key="central" if level == "central" else f"{level}:{issuer_unit.pk}", kind="recognition",
        year=issued_on.year, number=f"{n}/QĐ-UBND", signed_on=issued_on, is_historical=True,
    )
    revocation = None
    if revoked_on:
        revocation = Decision.objects.create(
            issuer_level=level, issuer_unit=None if level == "central" else issuer_unit,
            issuer_key="central" if level == "central" else f"{level}:{issuer_unit.pk}", kind="revocation",
            year=revoked_on.year, number=f"{n}/QĐ-TH", signed_on=revoked_on, is_historical=True,
        )
    certificate = Certificate.objects.create(
        product=product, result=result, decision=decision, stars=stars, issued_on=issued_on,
        valid_until=issued_on + timedelta(days=3 * 365), revoked_on=revoked_on, revocation_decision=revocation,
    )
    if applied:  # as after a bulk load: what the product shows and the certificate tallies brought up to date
        from ocop.certificates.services import product_standings_refresh

        product_standings_refresh(product_ids=[product.pk])
    return certificate


def make_plan(unit, *, starts_on=date(2021, 1, 1), ends_on=date(2025, 12, 31), title="Kế hoạch OCOP", **extra) -> Plan:
    plan = Plan.objects.create(unit=unit, title=title, starts_on=starts_on, ends_on=ends_on, **extra)
    plan_ensure_periods(plan=plan)
    return plan


def make_target(plan, indicator, *, comparison="gte", value_min=None, value_max=None, **extra) -> Target:
    return Target.objects.create(plan=plan, indicator=indicator, comparison=comparison, value_min=value_min,
                                 value_max=value_max, **extra)


def make_roster(unit, category, *, listed_on=date(2019, 1, 1), removed_on=None, name=None) -> TrainingRosterEntry:
    return TrainingRosterEntry.objects.create(unit=unit, category=category, full_name=name or f"Học viên {_next()}",
                                              listed_on=listed_on, removed_on=removed_on)


def make_course(unit, *, on=date(2020, 5, 10), title=None) -> tuple[TrainingCourse, TrainingSession]:
    course = TrainingCourse.objects.create(unit=unit, title=title or f"Tập huấn {_next()}", starts_on=on, ends_on=on)
    return course, TrainingSession.objects.create(course=course, date=on, topic="Chu trình OCOP")


def attend(session, entry, *, present=True) -> TrainingAttendance:
    participant, _ = TrainingParticipant.objects.get_or_create(
        course=session.course, roster_entry=entry,
        defaults={"full_name": entry.full_name, "category": entry.category, "unit": entry.unit},
    )
    return TrainingAttendance.objects.create(session=session, participant=participant, present=present)


def make_department(unit, name="Sở Nông nghiệp và Môi trường", **extra) -> Department:
    return Department.objects.create(unit=unit, name=name, **extra)


def make_task(lead, *, deadline, status="assigned", completed_on=None, title=None, **extra) -> DepartmentTask:
    return DepartmentTask.objects.create(unit=lead.unit, lead=lead, title=title or f"Nhiệm vụ {_next()}",
                                         deadline=deadline, status=status, completed_on=completed_on, **extra)


def make_funding(unit, *, year=2024, source="nsnn_tinh", planned=0, allocated=0, disbursed=0, **extra) -> FundingLine:
    return FundingLine.objects.create(unit=unit, year=year, source=source, title=f"Hỗ trợ {_next()}",
                                      planned=Decimal(planned), allocated=Decimal(allocated),
                                      disbursed=Decimal(disbursed), **extra)
