"""Shared test helpers: a small administrative-unit tree and the standard personas.

The codes are fixed test values, not all real (26068 is Phường Biên Hòa in the real data): a
test that loads the real units must not also build these.

Every view and API test uses these personas (see conftest.py):
national, province (Đồng Nai), commune_a / commune_b (two Đồng Nai communes), other_province
(TP Hồ Chí Minh), producer (in commune A), auditor (national, read-only), anonymous.
"""

from dataclasses import dataclass
from datetime import date

import pytest

from ocop.accounts.demo import ensure_role
from ocop.accounts.models import Role, User
from ocop.lib.text import fold
from ocop.territory.models import AdminUnit, unit_full_name

C, L = AdminUnit.Generation.CURRENT, AdminUnit.Generation.LEGACY
PASSWORD = "test-pass-123!"


def make_unit(generation, level, kind, code, name, parent=None, current=None) -> AdminUnit:
    prefix = "C/" if generation == C else "L/"
    path = (parent.path if parent else prefix) + f"{code}/"
    unit, _ = AdminUnit.objects.update_or_create(
        generation=generation,
        level=level,
        code=code,
        defaults={
            "kind": kind,
            "name": name,
            "parent": parent,
            "path": path,
            "current_path": current.path if current else path,
            "valid_from": date(2025, 7, 1) if generation == C else None,
            "valid_to": None if generation == C else date(2025, 6, 30),
            "search_text": fold(f"{unit_full_name(kind, name)} {code}"),
        },
    )
    return unit


@dataclass
class Units:
    dong_nai: AdminUnit
    commune_a: AdminUnit
    commune_b: AdminUnit
    hcm: AdminUnit
    hcm_commune: AdminUnit
    old_dong_nai: AdminUnit
    old_bien_hoa: AdminUnit
    old_commune: AdminUnit


def make_units() -> Units:
    P, D, X = AdminUnit.Level.PROVINCE, AdminUnit.Level.DISTRICT, AdminUnit.Level.COMMUNE
    K = AdminUnit.Kind
    dong_nai = make_unit(C, P, K.PROVINCE, "75", "Đồng Nai")
    commune_a = make_unit(C, X, K.WARD, "26068", "Trấn Biên", dong_nai)
    commune_b = make_unit(C, X, K.COMMUNE, "26380", "Long Thành", dong_nai)
    hcm = make_unit(C, P, K.CENTRAL_CITY, "79", "Hồ Chí Minh")
    hcm_commune = make_unit(C, X, K.WARD, "26734", "Sài Gòn", hcm)
    old_dong_nai = make_unit(L, P, K.PROVINCE, "75", "Đồng Nai", current=dong_nai)
    old_bien_hoa = make_unit(L, D, K.PROVINCIAL_CITY, "731", "Biên Hòa", old_dong_nai, current=dong_nai)
    old_commune = make_unit(L, X, K.WARD, "26068", "Quyết Thắng", old_bien_hoa, current=commune_a)
    return Units(dong_nai, commune_a, commune_b, hcm, hcm_commune, old_dong_nai, old_bien_hoa, old_commune)


def make_user(username: str, role: str | None = None, unit: AdminUnit | None = None, department=None, **extra) -> User:
    user = User.objects.create_user(username=username, password=PASSWORD, full_name=username.title(), **extra)
    if role:
        ensure_role(user, role, unit, department)
        if role != Role.PRODUCER:
            user.is_staff = True
            user.save(update_fields=["is_staff"])
    return user


@dataclass
class Personas:
    units: Units
    national: User
    province: User
    commune_a: User
    commune_b: User
    other_province: User
    producer: User
    auditor: User
    superuser: User


def make_personas() -> Personas:
    units = make_units()
    return Personas(
        units=units,
        national=make_user("national", Role.NATIONAL_OFFICE, None),
        province=make_user("province", Role.PROVINCE_OFFICE, units.dong_nai),
        commune_a=make_user("commune_a", Role.COMMUNE_OFFICER, units.commune_a),
        commune_b=make_user("commune_b", Role.COMMUNE_OFFICER, units.commune_b),
        other_province=make_user("other_province", Role.PROVINCE_OFFICE, units.hcm),
        producer=make_user("producer", Role.PRODUCER, units.commune_a),
        auditor=make_user("auditor", Role.AUDITOR, None),
        superuser=User.objects.create_superuser("root", "root@example.org", PASSWORD),
    )


@pytest.fixture(name="personas")
def read_only_personas(shared_personas, db):
    """The standard personas built once per module (``shared_personas``, conftest.py): a test module
    whose tests only read them imports this fixture, and it stands for ``personas`` there. Safe where
    no test changes a persona (its fields, its roles, its cached scope) nor builds ``units`` again,
    and no test needs committed rows (``transactional_db``, ``live_server``)."""
    return shared_personas
