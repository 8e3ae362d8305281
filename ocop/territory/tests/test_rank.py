"""The ranking of the unit pickers, on plain rows (no database)."""

from ocop.territory.selectors import UnitRow, unit_match_tier, unit_rank

THANH_LONG_CAO_BANG = UnitRow(1, "current", "commune", "xa", "01387", "Thanh Long", "tinh cao bang", "04")
LONG_THANH_DONG_NAI = UnitRow(2, "current", "commune", "xa", "26368", "Long Thành", "tinh dong nai", "75")
LONG_THANH_VINH_LONG = UnitRow(3, "current", "commune", "xa", "29513", "Long Thành", "tinh vinh long", "86")
LONG_THANH_OLD_DISTRICT = UnitRow(4, "legacy", "district", "huyen", "740", "Long Thành", "tinh dong nai", "75")
PHU_HOA_DONG_NAI = UnitRow(5, "current", "commune", "xa", "26221", "Phú Hòa", "tinh dong nai", "75")
PHU_HOA_DAK_LAK = UnitRow(6, "current", "commune", "xa", "30685", "Phú Hòa", "tinh an giang", "91")
HOAN_KIEM = UnitRow(7, "current", "commune", "phuong", "00070", "Hoàn Kiếm", "thanh pho ha noi", "01")
PHU_HOA_OLD = UnitRow(8, "legacy", "commune", "xa", "26221", "Phú Hòa", "huyen dinh quan tinh dong nai", "75")


def ids(rows):
    return [row.id for row in rows]


def test_exact_name_before_words_in_another_order():
    rows = [THANH_LONG_CAO_BANG, LONG_THANH_VINH_LONG, LONG_THANH_DONG_NAI]
    assert set(ids(unit_rank("long thanh", rows))[:2]) == {2, 3}
    assert ids(unit_rank("long thanh", rows))[-1] == 1
    assert ids(unit_rank("thanh long", rows))[0] == 1


def test_current_map_first_then_own_province():
    rows = [LONG_THANH_OLD_DISTRICT, LONG_THANH_VINH_LONG, LONG_THANH_DONG_NAI]
    assert ids(unit_rank("Long Thành", rows, home_provinces=["75"])) == [2, 3, 4]
    assert ids(unit_rank("Long Thành", rows, home_provinces=["86"])) == [3, 2, 4]


def test_province_words_pick_the_unit_in_that_province():
    rows = [PHU_HOA_DAK_LAK, HOAN_KIEM, PHU_HOA_OLD, PHU_HOA_DONG_NAI]
    assert ids(unit_rank("phu hoa dong nai", rows, home_provinces=["01"]))[:2] == [5, 8]
    assert unit_match_tier(["phu", "hoa", "dong", "nai"], PHU_HOA_DONG_NAI) == 1
    assert unit_match_tier(["phu", "hoa", "dong", "nai"], PHU_HOA_DAK_LAK) == 5


def test_tiers():
    assert unit_match_tier(["26221"], PHU_HOA_DONG_NAI) == 0
    assert unit_match_tier(["xa", "phu", "hoa"], PHU_HOA_DONG_NAI) == 0
    assert unit_match_tier(["phu", "h"], PHU_HOA_DONG_NAI) == 2
    assert unit_match_tier(["hoa", "phu"], PHU_HOA_DONG_NAI) == 3
    assert unit_match_tier(["hoa", "dong"], PHU_HOA_DONG_NAI) == 4
    assert unit_match_tier(["oa"], PHU_HOA_DONG_NAI) == 5


def test_empty_query_keeps_every_row():
    rows = [HOAN_KIEM, PHU_HOA_DONG_NAI]
    assert sorted(ids(unit_rank("", rows))) == [5, 7]
