"""The shipped data: loader, check_all() on every regime, the QĐ 148 build and its fixes."""

import dataclasses
import json
from decimal import Decimal
from pathlib import Path

import pytest

from ocop.criteria import sheets
from ocop.criteria.sheets import (
    DataError,
    UnknownSet,
    get_regime,
    get_set,
    leaf_criteria,
    list_regimes,
    list_sets,
)
from ocop.criteria.validation import check_all

REPO = Path(__file__).resolve().parents[3]
DATA = REPO / "ocop" / "criteria" / "data"
SOURCE = REPO.parent / "shared" / "reference" / "criteria-qd148-2023"


def test_shipped_qd148_data_has_no_problem():
    problems = [p for p in check_all() if p.regime in ("qd148-2023", "")]
    assert problems == []


def test_shipped_qd26_data_has_no_problem_once_present():
    if not list((DATA / "qd26-2026").glob("set-*.json")):
        pytest.skip("qd26-2026 data not built yet")
    assert [str(p) for p in check_all() if p.regime == "qd26-2026"] == []


def test_regimes():
    codes = [r.code for r in list_regimes()]
    assert "qd148-2023" in codes
    qd148 = get_regime("qd148-2023")
    assert qd148.has_sheets
    assert qd148.part_max_map == {"A": Decimal(40), "B": Decimal(25), "C": Decimal(35)}
    old = get_regime("qd1048-2019")
    assert not old.has_sheets
    assert old.part_max_map == {"A": Decimal(35), "B": Decimal(25), "C": Decimal(40)}


def test_qd148_has_26_sets_in_order():
    found = list_sets("qd148-2023")
    assert [cs.code for cs in found] == [f"{n:02d}" for n in range(1, 27)]
    assert found[0].title == "Bộ sản phẩm: Rau, củ, quả, hạt tươi"


def test_get_set_is_cached_and_normalizes_codes():
    assert get_set("qd148-2023", "1") is get_set("qd148-2023", 1) is get_set("qd148-2023", "01")


def test_unknown_regime_and_set():
    with pytest.raises(UnknownSet, match="không có chế độ"):
        get_set("qd999-2030", "01")
    with pytest.raises(UnknownSet, match="không có bộ tiêu chí 27"):
        get_set("qd148-2023", "27")
    with pytest.raises(UnknownSet, match="không có phiếu chấm"):
        get_set("qd1048-2019", "01")
    with pytest.raises(UnknownSet, match="không hợp lệ"):
        get_set("qd148-2023", "x1")


def test_objects_are_immutable_with_decimal_points():
    cs = get_set("qd148-2023", "01")
    crit = cs.parts[0].groups[0].criteria[0]
    assert (crit.code, crit.max, crit.options[2].points) == ("1a", Decimal(5), Decimal(5))
    with pytest.raises(dataclasses.FrozenInstanceError):
        crit.max = Decimal(6)
    assert isinstance(cs.parts, tuple) and isinstance(crit.options, tuple)


def test_leaf_criteria_in_sheet_order():
    cs = get_set("qd148-2023", "13")
    codes = [c.code for c in leaf_criteria(cs)]
    assert codes[:6] == ["1a", "1b", "1c", "1d", "1đ", "1e"]
    assert codes[codes.index("6a.1"):codes.index("7")] == ["6a.1", "6a.2", "6a.3", "6a.4", "6a.5", "6b.1", "6b.2"]
    assert "6a" not in codes and len(codes) == len(set(codes)) == 34


# --------------------------------------------------------------------------- the QĐ 148 fixes


def crit(regime, set_code, code):
    return next(c for _, _, c in sheets.iter_criteria(get_set(regime, set_code)) if c.code == code)


def test_fix_set07_smell_reaches_its_maximum():
    c = crit("qd148-2023", "07", "6d")
    assert c.max == 4 and [o.points for o in c.options] == [1, 2, 4]


def test_fix_stray_characters_in_sets_17_and_18():
    assert [o.points for o in crit("qd148-2023", "17", "1d").options] == [0, 1, 2, 3]
    assert [o.points for o in crit("qd148-2023", "18", "1b").options] == [0, 1, 2, 3]


def test_fix_sensory_sub_items_of_sets_11_to_13():
    s11 = get_set("qd148-2023", "11")
    sensory = s11.parts[2].groups[0]
    assert sensory.max == 16
    assert [(c.code, c.max, [i.code for i in c.items]) for c in sensory.criteria] == [
        ("6a", 4, ["6a.1", "6a.2"]), ("6b", 12, ["6b.1", "6b.2", "6b.3"])]
    assert get_set("qd148-2023", "12").parts[2].groups[0].max == 16
    s13 = get_set("qd148-2023", "13").parts[2].groups[0]
    assert [(c.code, c.title, c.max) for c in s13.criteria] == [("6a", "Ngoại hình", 10), ("6b", "Nước pha", 6)]


def test_fix_set26_alternative_cases_are_one_choice():
    s26 = get_set("qd148-2023", "26")
    groups = {g.code: g for g in s26.parts[2].groups}
    for code, mx, n in (("8", 3, 6), ("9", 2, 4), ("15", 3, 4)):
        (only,) = groups[code].criteria
        assert (only.code, only.max, len(only.options)) == (code, mx, n)
        assert only.options[0].title.startswith("(Trường hợp 1")
        assert only.options[-1].title.startswith("(Trường hợp 2")


def test_sets_23_to_25_read_as_the_csv_says():
    # The README's "design/size criterion max differs from its best option" is a reading artefact:
    # group 7 (uniqueness) has options directly under its heading, right after that criterion.
    assert crit("qd148-2023", "23", "6c").max == 4 and crit("qd148-2023", "23", "7").max == 8
    assert crit("qd148-2023", "24", "6d").max == 3 and crit("qd148-2023", "24", "7").max == 9
    assert crit("qd148-2023", "25", "6c").max == 5 and crit("qd148-2023", "25", "7").max == 10


def test_every_set_records_its_fixes():
    fixes = json.loads((DATA / "qd148-2023" / "fixes.json").read_text(encoding="utf-8"))["fixes"]
    by_set: dict[str, int] = {}
    for f in fixes:
        assert f["reason"] and f["problem"] and f["fix"] and f["ops"]
        by_set[f["set"]] = by_set.get(f["set"], 0) + 1
    for cs in list_sets("qd148-2023"):
        assert len(cs.fixes) == by_set.get(cs.code, 0), cs.code
    assert {"03", "07", "11", "12", "13", "17", "18", "26"} <= set(by_set)


# --------------------------------------------------------------------------- the build script


def load_build():
    import importlib.util

    spec = importlib.util.spec_from_file_location("build_qd148", REPO / "scripts" / "criteria" / "build_qd148.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


needs_source = pytest.mark.skipif(not SOURCE.is_dir(), reason="../shared/reference not available")


@needs_source
def test_build_reproduces_the_shipped_files(capsys):
    assert load_build().main(["--check"]) == 0
    assert "26/26" in capsys.readouterr().out


@needs_source
def test_build_refuses_a_fix_that_no_longer_matches_the_source(tmp_path, capsys):
    fixes = json.loads((DATA / "qd148-2023" / "fixes.json").read_text(encoding="utf-8"))
    fixes["fixes"][0]["ops"][0]["expect"] = "something else"
    (tmp_path / "fixes.json").write_text(json.dumps(fixes, ensure_ascii=False), encoding="utf-8")
    code = load_build().main(["--fixes", str(tmp_path / "fixes.json"), "--out", str(tmp_path / "out")])
    assert code == 1
    assert "không phải 'something else'" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


@needs_source
def test_build_without_fixes_does_not_add_up(tmp_path, capsys):
    (tmp_path / "fixes.json").write_text('{"fixes": []}', encoding="utf-8")
    assert load_build().main(["--fixes", str(tmp_path / "fixes.json"), "--out", str(tmp_path / "out")]) == 1
    assert "Lỗi" in capsys.readouterr().err


def test_a_float_in_a_data_file_is_refused(tmp_path):
    raw = json.loads((DATA / "qd148-2023" / "set-01.json").read_text(encoding="utf-8"))
    raw["parts"][0]["groups"][0]["criteria"][0]["options"][0]["points"] = 1.0
    with pytest.raises(DataError, match="chuỗi thập phân"):
        sheets.parse_set(raw)
