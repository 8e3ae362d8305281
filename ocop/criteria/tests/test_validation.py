"""The validator on broken copies of a real set: each defect gives the right problem message."""

import copy
import json
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from ocop.criteria.sheets import DATA_DIR, parse_set
from ocop.criteria.validation import Problem, check_all, check_set

from .helpers import synthetic_raw

PART_MAX = {"A": Decimal(40), "B": Decimal(25), "C": Decimal(35)}


@pytest.fixture
def raw01():
    return json.loads((DATA_DIR / "qd148-2023" / "set-01.json").read_text(encoding="utf-8"))


def crit(raw, part, group, index=0):
    p = next(p for p in raw["parts"] if p["code"] == part)
    g = next(g for g in p["groups"] if g["code"] == group)
    return g["criteria"][index]


def problems(raw):
    return [str(p) for p in check_set(parse_set(raw), PART_MAX)]


def test_real_and_synthetic_sets_are_valid(raw01):
    assert problems(raw01) == []
    assert problems(synthetic_raw()) == []


def test_option_above_criterion_max(raw01):
    crit(raw01, "A", "1")["options"][2]["points"] = "6"  # 1a: 1/3/5 -> 1/3/6
    assert problems(raw01) == [
        "qd148-2023 bộ 01, tiêu chí A/1a: điểm tối đa 5 khác điểm phương án cao nhất 6"]


def test_criterion_max_below_best_option_breaks_group_and_part(raw01):
    crit(raw01, "C", "6", 1)["max"] = "4"  # 6b max 5 -> 4
    assert problems(raw01) == [
        "qd148-2023 bộ 01, tiêu chí C/6b: điểm tối đa 4 khác điểm phương án cao nhất 5",
        "qd148-2023 bộ 01, tiêu chí C/6: điểm tối đa của nhóm 13 khác tổng các tiêu chí 12",
    ]


def test_part_total_and_regime_part_max(raw01):
    part_c = raw01["parts"][2]
    part_c["max"] = "36"
    assert problems(raw01) == [
        "qd148-2023 bộ 01, tiêu chí C: điểm tối đa của phần 36 khác tổng các nhóm 35",
        "qd148-2023 bộ 01, tiêu chí C: điểm tối đa của phần 36, chế độ quy định 35",
    ]


def test_duplicate_option_codes_and_bad_markers(raw01):
    c = crit(raw01, "A", "1", 1)  # 1b
    c["options"][1]["code"] = "1"
    c["options"][2]["min_stars"] = 6
    c["min_stars"] = 2
    assert problems(raw01) == [
        "qd148-2023 bộ 01, tiêu chí A/1b: dấu sao tối thiểu 2 không hợp lệ (chỉ 3, 4, 5 hoặc không có)",
        "qd148-2023 bộ 01, tiêu chí A/1b: trùng mã phương án 1",
        "qd148-2023 bộ 01, tiêu chí A/1b: phương án 3: dấu sao tối thiểu 6 không hợp lệ (chỉ 3, 4, 5 hoặc không có)",
    ]


def test_duplicate_criterion_code(raw01):
    crit(raw01, "B", "5", 2)["code"] = "5a"
    assert problems(raw01) == ["qd148-2023 bộ 01, tiêu chí B/5a: mã tiêu chí 5a trùng với tiêu chí ở B/5a"]


def test_criterion_without_options_and_reserved_code(raw01):
    crit(raw01, "C", "7")["options"] = []
    crit(raw01, "C", "8")["options"][0]["code"] = "0"
    found = problems(raw01)
    assert "qd148-2023 bộ 01, tiêu chí C/7: không có phương án nào" in found
    assert any("C/8: mã phương án 0 được dành" in p for p in found)


def test_sub_items_must_add_up():
    raw = synthetic_raw()
    parent = raw["parts"][2]["groups"][1]["criteria"][0]
    parent["items"][1]["options"][2]["points"] = "5"
    parent["items"][1]["max"] = "5"
    assert problems(raw) == [
        "test bộ 99, tiêu chí C/8: điểm tối đa 8 khác tổng các mục con 9",
    ]


def test_parts_must_be_the_regimes(raw01):
    raw01["parts"] = raw01["parts"][:2]
    assert problems(raw01)[0] == "qd148-2023 bộ 01: các phần là A, B, chế độ quy định A, B, C"


@pytest.fixture
def data_dir(tmp_path):
    """A copy of the data directory with the real regimes.json and qd148-2023 only."""
    shutil.copy(DATA_DIR / "regimes.json", tmp_path / "regimes.json")
    shutil.copytree(DATA_DIR / "qd148-2023", tmp_path / "qd148-2023")
    regimes = json.loads((tmp_path / "regimes.json").read_text(encoding="utf-8"))
    (tmp_path / "regimes.json").write_text(json.dumps([r for r in regimes if r["code"] != "qd26-2026"]),
                                           encoding="utf-8")
    return tmp_path


def edit(path: Path, change) -> None:
    raw = json.loads(path.read_text(encoding="utf-8"))
    change(raw)
    path.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")


def test_check_all_on_a_broken_copy(data_dir):
    assert check_all(data_dir) == []
    edit(data_dir / "qd148-2023" / "set-07.json",
         lambda raw: crit(raw, "C", "6", 3)["options"][2].update(points="3"))  # undo the 'Mùi' fix
    (data_dir / "qd148-2023" / "set-09.json").write_text("{not json", encoding="utf-8")
    edit(data_dir / "qd148-2023" / "set-10.json", lambda raw: raw.update(set="11"))
    found = check_all(data_dir)
    assert [str(p) for p in found] == [
        "qd148-2023 bộ 07, tiêu chí C/6d: điểm tối đa 4 khác điểm phương án cao nhất 3",
        "qd148-2023 bộ 09: không đọc được: qd148-2023/set-09.json: JSON lỗi ở dòng 1: Expecting property name "
        "enclosed in double quotes",
        "qd148-2023 bộ 10: tệp ghi regime='qd148-2023', set='11', không khớp đường dẫn",
    ]
    assert found[0] == Problem("qd148-2023", "07", "C/6d", "điểm tối đa 4 khác điểm phương án cao nhất 3")


def test_check_all_without_regimes_file(tmp_path):
    found = check_all(tmp_path)
    assert len(found) == 1 and "regimes.json" in found[0].message


def test_regime_with_sheets_but_no_files(data_dir):
    regimes = json.loads((data_dir / "regimes.json").read_text(encoding="utf-8"))
    regimes.append({**copy.deepcopy(regimes[-1]), "code": "qd99-2030"})
    (data_dir / "regimes.json").write_text(json.dumps(regimes), encoding="utf-8")
    assert [str(p) for p in check_all(data_dir)] == [
        "qd99-2030 bộ : chế độ có phiếu chấm nhưng không có tệp set-NN.json nào"]


def test_broken_conditions(raw01):
    structure = crit(raw01, "B", "5", 2)  # 5c: "Chỉ áp dụng khi có câu chuyện", on 5a
    assert structure["conditions"][0]["when"] == [{"criterion": "5a", "options": ["3", "4", "5", "6"]}]
    structure["conditions"][0]["when"][0]["options"] = ["3", "9"]
    crit(raw01, "B", "5", 1)["conditions"][0]["when"][0]["criterion"] = "6a"  # 5b on a later criterion
    crit(raw01, "A", "1")["conditions"] = [{"note": "", "source": "1a", "when": []}]
    assert problems(raw01) == [
        "qd148-2023 bộ 01, tiêu chí A/1a: điều kiện áp dụng thiếu ghi chú của phiếu",
        "qd148-2023 bộ 01, tiêu chí A/1a: điều kiện áp dụng không có vế nào",
        "qd148-2023 bộ 01, tiêu chí B/5b: điều kiện áp dụng nhắc tới tiêu chí 6a, không phải một tiêu chí "
        "có phương án đứng trước trên phiếu",
        "qd148-2023 bộ 01, tiêu chí B/5c: điều kiện áp dụng: tiêu chí 5a không có phương án 9",
    ]
