"""The program tests' world: the personas' unit tree plus old Bình Phước (merged into Đồng Nai on
01/07/2025). Builders of rows: ocop/program/tests/factories.py."""

from dataclasses import dataclass

import pytest

from ocop.core.testing import C, L, make_unit
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
