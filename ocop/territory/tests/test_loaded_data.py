"""The real data files, loaded once for the module (see conftest.loaded_units)."""

from io import StringIO

import pytest
from django.core.management import call_command

from ocop.territory.loader import load_units
from ocop.territory.models import AdminUnit, UnitSuccession
from ocop.territory.selectors import unit_current_successors, unit_get_by_code, unit_list

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("loaded_units")]

C, L = AdminUnit.Generation.CURRENT, AdminUnit.Generation.LEGACY
P, D, X = AdminUnit.Level.PROVINCE, AdminUnit.Level.DISTRICT, AdminUnit.Level.COMMUNE

EXPECTED_COUNTS = {
    "current": {"province": 34, "commune": 3321},
    "legacy": {"province": 63, "district": 696, "commune": 10035},
    "successions": 10665,
}
NO_CHANGES = {
    "units_created": 0,
    "units_updated": 0,
    "successions_created": 0,
    "successions_updated": 0,
    "successions_deleted": 0,
}


def test_counts(loaded_units):
    assert {k: v for k, v in loaded_units.items() if k != "changes"} == EXPECTED_COUNTS
    assert loaded_units["changes"]["units_created"] == 34 + 3321 + 63 + 696 + 10035


def test_second_load_changes_nothing():
    before = list(AdminUnit.objects.order_by("pk").values_list("pk", "path", "current_path", "search_text"))
    result = load_units()
    assert result["changes"] == NO_CHANGES
    assert {k: v for k, v in result.items() if k != "changes"} == EXPECTED_COUNTS
    after = list(AdminUnit.objects.order_by("pk").values_list("pk", "path", "current_path", "search_text"))
    assert before == after


def test_command_prints_counts_in_vietnamese():
    out = StringIO()
    call_command("load_units", stdout=out)
    text = out.getvalue()
    assert "Hiện hành (từ 01/07/2025):" in text
    assert "Cấp xã: 3.321" in text
    assert "Cấp huyện: 696" in text
    assert "Cấp xã: 10.035" in text
    assert "không có thay đổi" in text


def test_current_dong_nai_has_95_communes():
    dong_nai = unit_get_by_code(C, P, "75")
    assert dong_nai.full_name == "Tỉnh Đồng Nai"
    communes = AdminUnit.objects.filter(parent=dong_nai)
    assert communes.count() == 95
    assert communes.filter(kind=AdminUnit.Kind.WARD).count() == 23
    assert communes.filter(kind=AdminUnit.Kind.COMMUNE).count() == 72
    assert set(communes.values_list("level", "generation").distinct()) == {(X, C)}


def test_legacy_dong_nai_districts_and_communes():
    old = unit_get_by_code(L, P, "75")
    districts = AdminUnit.objects.filter(parent=old)
    assert sorted(districts.values_list("name", flat=True)) == sorted(
        [
            "Biên Hòa",
            "Long Khánh",
            "Tân Phú",
            "Vĩnh Cửu",
            "Định Quán",
            "Trảng Bom",
            "Thống Nhất",
            "Cẩm Mỹ",
            "Long Thành",
            "Xuân Lộc",
            "Nhơn Trạch",
        ]
    )
    communes = AdminUnit.objects.filter(parent__parent=old)
    assert communes.count() == 159
    kinds = {k: communes.filter(kind=k).count() for k in ("phuong", "xa", "thi_tran")}
    assert kinds == {"phuong": 33, "xa": 117, "thi_tran": 9}


def test_paths_and_current_paths():
    assert unit_get_by_code(C, X, "26068").path == "C/75/26068/"
    old_commune = unit_get_by_code(L, X, "26068")
    assert old_commune.path == "L/75/731/26068/"
    assert old_commune.current_path == "C/75/26068/"
    assert unit_get_by_code(L, D, "731").current_path == "C/75/"
    assert unit_get_by_code(L, P, "70").current_path == "C/75/"  # old Bình Phước → new Đồng Nai
    assert unit_get_by_code(L, P, "75").current_path == "C/75/"
    # An island district without communes goes to the special zone that replaced it.
    assert unit_get_by_code(L, D, "755").current_path == unit_get_by_code(C, X, "26732").path


def test_names_and_kinds():
    assert unit_get_by_code(L, D, 731).full_name == "Thành phố Biên Hòa"
    assert unit_get_by_code(C, P, "79").full_name == "Thành phố Hồ Chí Minh"
    assert unit_get_by_code(L, D, "769").kind == AdminUnit.Kind.CITY_IN_CITY  # Thủ Đức
    assert unit_get_by_code(C, X, "26732").kind == AdminUnit.Kind.SPECIAL_ZONE
    assert str(unit_get_by_code(L, X, "26068")) == "Phường Hóa An (cũ)"
    with pytest.raises(AdminUnit.DoesNotExist):
        unit_get_by_code(C, D, "731")


def test_every_legacy_commune_has_exactly_one_primary_successor():
    legacy_communes = AdminUnit.objects.filter(generation=L, level=X)
    primaries = UnitSuccession.objects.filter(predecessor__in=legacy_communes, is_primary=True)
    assert primaries.count() == legacy_communes.count() == 10035
    assert primaries.values("predecessor").distinct().count() == 10035


def test_successors_of_a_legacy_binh_phuoc_commune(django_assert_num_queries):
    tan_phu = unit_get_by_code(L, X, "25195")  # Phường Tân Phú, TP Đồng Xoài, old Bình Phước
    assert tan_phu.parent.parent.code == "70"
    with django_assert_num_queries(1):
        successors = unit_current_successors(tan_phu)
        names = [(u.full_name, u.parent.code) for u in successors]
    assert names == [("Phường Bình Phước", "75")]
    assert successors[0].generation == C


def test_successors_of_a_split_commune_put_the_primary_first():
    tan_phong = unit_get_by_code(L, X, "25507")  # Xã Tân Phong, old Tây Ninh
    assert [u.code for u in unit_current_successors(tan_phong)] == ["25498", "25549"]


def test_successors_of_a_legacy_district(django_assert_num_queries):
    bien_hoa = unit_get_by_code(L, D, "731")
    with django_assert_num_queries(1):
        successors = unit_current_successors(bien_hoa)
    assert len(successors) > 5
    assert len({u.pk for u in successors}) == len(successors)
    assert {(u.generation, u.level, u.parent.code) for u in successors} == {(C, X, "75")}
    assert "Trấn Biên" in {u.name for u in successors}


def test_successors_of_an_island_district_and_of_provinces():
    assert [u.full_name for u in unit_current_successors(unit_get_by_code(L, D, "755"))] == ["Đặc khu Côn Đảo"]
    assert [u.code for u in unit_current_successors(unit_get_by_code(L, P, "70"))] == ["75"]
    assert [u.code for u in unit_current_successors(unit_get_by_code(L, P, "75"))] == ["75"]


def test_a_current_unit_succeeds_itself(django_assert_num_queries):
    unit = unit_get_by_code(C, X, "26068")
    with django_assert_num_queries(0):
        assert unit_current_successors(unit) == [unit]


def test_folded_search(django_assert_num_queries):
    def names(**kwargs):
        return [u.full_name for u in unit_list(**kwargs)]

    assert names(q="dong nai", generation=C, level=P) == ["Tỉnh Đồng Nai"]
    assert names(q="Đồng  NAI", generation=C, level=P) == ["Tỉnh Đồng Nai"]
    assert names(q="tan trieu", generation=C) == ["Phường Tân Triều"]
    assert names(q="dong xoai", generation=L, level=D) == ["Thành phố Đồng Xoài"]
    assert names(q="26068", generation=L) == ["Phường Hóa An"]
    assert "Tỉnh Đồng Nai" in names(q="d nai", level=P)  # "d" matches "đ"
    dong_nai = unit_get_by_code(C, P, "75")
    with django_assert_num_queries(1):
        communes = list(unit_list(parent=dong_nai))
        assert {u.parent.name for u in communes} == {"Đồng Nai"}
    assert len(communes) == 95
    assert unit_list(q="bien hoa", parent=dong_nai.pk).count() == 1
