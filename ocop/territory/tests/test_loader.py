"""The loader on small hand-made files: updates, stale successions, bad data."""

import pytest

from ocop.territory.loader import UnitDataError, load_units
from ocop.territory.models import AdminUnit, UnitSuccession

pytestmark = pytest.mark.django_db

UNITS = """generation,level,kind,code,name,parent_code,valid_from,valid_to
current,province,tinh,75,Đồng Nai,,2025-07-01,
current,commune,phuong,26041,Trấn Biên,75,2025-07-01,
current,commune,phuong,26068,Biên Hòa,75,2025-07-01,
legacy,province,tinh,75,Đồng Nai,,,2025-06-30
legacy,district,thanh_pho,731,Biên Hòa,75,,2025-06-30
legacy,commune,phuong,26041,Quang Vinh,731,,2025-06-30
legacy,commune,phuong,26068,Hóa An,731,,2025-06-30
"""
SUCCESSIONS = """predecessor_level,predecessor_code,successor_level,successor_code,is_primary
province,75,province,75,1
commune,26041,commune,26041,1
commune,26068,commune,26068,1
commune,26068,commune,26041,0
"""


def write(tmp_path, units=UNITS, successions=SUCCESSIONS):
    (tmp_path / "units.csv").write_text(units, encoding="utf-8")
    (tmp_path / "successions.csv").write_text(successions, encoding="utf-8")
    return {"units_file": tmp_path / "units.csv", "successions_file": tmp_path / "successions.csv"}


def test_load_small_files_and_reload(tmp_path):
    files = write(tmp_path)
    result = load_units(**files)
    assert result["current"] == {"province": 1, "commune": 2}
    assert result["legacy"] == {"province": 1, "district": 1, "commune": 2}
    assert result["successions"] == 4
    hoa_an = AdminUnit.objects.get(generation="legacy", level="commune", code="26068")
    assert (hoa_an.path, hoa_an.current_path) == ("L/75/731/26068/", "C/75/26068/")
    assert hoa_an.search_text == "phuong hoa an 26068"
    assert hoa_an.valid_to.isoformat() == "2025-06-30" and hoa_an.valid_from is None
    district = AdminUnit.objects.get(level="district")
    assert (district.path, district.current_path) == ("L/75/731/", "C/75/")

    assert all(n == 0 for n in load_units(**files)["changes"].values())


def test_reload_applies_changes_and_drops_stale_successions(tmp_path):
    load_units(**write(tmp_path))
    units = UNITS.replace("Hóa An,731", "Hoá An,731")
    successions = SUCCESSIONS.replace("commune,26068,commune,26068,1\ncommune,26068,commune,26041,0\n", "").replace(
        "commune,26041,commune,26041,1\n", "commune,26041,commune,26041,1\ncommune,26068,commune,26041,1\n"
    )
    result = load_units(**write(tmp_path, units, successions))
    assert result["changes"] == {
        "units_created": 0,
        "units_updated": 1,
        "successions_created": 0,
        "successions_updated": 1,
        "successions_deleted": 1,
    }
    hoa_an = AdminUnit.objects.get(generation="legacy", level="commune", code="26068")
    assert hoa_an.name == "Hoá An"
    assert hoa_an.current_path == "C/75/26041/"
    assert UnitSuccession.objects.filter(predecessor=hoa_an).count() == 1


def test_units_outside_the_files_are_left_alone(tmp_path):
    other = AdminUnit.objects.create(
        generation="current", level="province", kind="tinh", code="99", name="Thử", path="C/99/", current_path="C/99/"
    )
    old = AdminUnit.objects.create(
        generation="legacy", level="province", kind="tinh", code="99", name="Thử", path="L/99/", current_path="C/99/"
    )
    UnitSuccession.objects.create(predecessor=old, successor=other)
    result = load_units(**write(tmp_path))
    assert result["changes"]["successions_deleted"] == 0
    assert UnitSuccession.objects.filter(predecessor=old, successor=other).exists()
    assert result["current"]["province"] == 2


def test_unknown_parent_is_an_error(tmp_path):
    units = UNITS.replace("Quang Vinh,731", "Quang Vinh,999")
    with pytest.raises(UnitDataError):
        load_units(**write(tmp_path, units))
    assert not AdminUnit.objects.exists()


def test_unknown_successor_is_an_error(tmp_path):
    with pytest.raises(UnitDataError):
        load_units(**write(tmp_path, successions=SUCCESSIONS + "commune,26068,commune,99999,0\n"))
