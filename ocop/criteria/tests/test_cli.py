"""criteria_main and rate_main: output shape, exit codes, Vietnamese messages."""

import json
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from ocop.criteria import sheets
from ocop.criteria.cli import criteria_main, rate_main

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
MEMBERS = [str(EXAMPLES / f"answers-set01-member{i}.json") for i in (1, 2, 3)]
CONSOLIDATED = str(EXAMPLES / "answers-set01-consolidated.json")


def test_check_passes_on_shipped_data(capsys):
    assert criteria_main(["check"]) == 0
    out = capsys.readouterr().out
    assert "bộ tiêu chí hợp lệ" in out
    assert "qd148-2023: 26" in out


def test_check_reports_problems_and_exits_1(tmp_path, monkeypatch, capsys):
    data = tmp_path / "data"
    shutil.copytree(sheets.DATA_DIR, data)
    raw = json.loads((data / "qd148-2023" / "set-12.json").read_text(encoding="utf-8"))
    raw["parts"][1]["groups"][0]["max"] = "14"
    (data / "qd148-2023" / "set-12.json").write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setattr(sheets, "DATA_DIR", data)
    assert criteria_main(["check"]) == 1
    captured = capsys.readouterr()
    assert "qd148-2023 bộ 12, tiêu chí B/4: điểm tối đa của nhóm 14 khác tổng các tiêu chí 13" in captured.out
    assert "lỗi" in captured.err


def test_list(capsys):
    assert criteria_main(["list"]) == 0
    out = capsys.readouterr().out
    assert "qd148-2023" in out and "  01  Bộ sản phẩm: Rau, củ, quả, hạt tươi" in out
    assert "qd1048-2019" in out and "không có phiếu chấm" in out


def test_show_json_shape(capsys):
    assert criteria_main(["show", "--regime", "qd148-2023", "--set", "11", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out, parse_float=Decimal)
    assert list(data) == ["regime", "set", "title", "parts"]
    assert (data["regime"], data["set"], data["title"]) == ("qd148-2023", "11", "Bộ sản phẩm: Chè tươi, chè chế biến")
    assert [(p["code"], p["max"]) for p in data["parts"]] == [("A", 40), ("B", 25), ("C", 35)]
    for part in data["parts"]:
        assert list(part) == ["code", "max", "criteria"]
        for c in part["criteria"]:
            assert list(c) == ["code", "title", "max", "min_stars", "options"]
            assert isinstance(c["max"], int)
            for o in c["options"]:
                assert list(o) == ["code", "title", "points", "min_stars"]
                assert isinstance(o["points"], int)
    part_c = [c["code"] for c in data["parts"][2]["criteria"]]
    assert part_c[:5] == ["6a.1", "6a.2", "6b.1", "6b.2", "6b.3"]  # sub-items as their own criteria
    a = data["parts"][0]["criteria"]
    assert a[0]["options"][1] == {"code": "2", "title": "Sử dụng nguyên liệu có nguồn gốc trong tỉnh từ 50% đến dưới 75%",
                                  "points": 3, "min_stars": 3}
    assert a[-1]["code"] == "3e" and a[-1]["min_stars"] == 4
    assert sum(c["max"] for p in data["parts"] for c in p["criteria"]) == 100


def test_show_json_writes_decimal_points_exactly(monkeypatch, capsys):
    from .helpers import synthetic

    monkeypatch.setattr(sheets, "get_set", lambda regime, code: synthetic())
    assert criteria_main(["show", "--regime", "test", "--set", "99", "--format", "json"]) == 0
    text = capsys.readouterr().out
    assert '"points": 24.99,' in text and '"points": 4.98,' in text
    data = json.loads(text, parse_float=Decimal)
    assert data["parts"][2]["criteria"][0]["options"][1]["points"] == Decimal("4.98")


def test_show_text(capsys):
    assert criteria_main(["show", "--regime", "qd148-2023", "--set", "26"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("qd148-2023 — bộ 26: Bộ sản phẩm: Dịch vụ du lịch cộng đồng")
    assert "Phần C: CHẤT LƯỢNG SẢN PHẨM (35 điểm)" in out
    assert "[4] (Trường hợp 2: Điểm dịch vụ du lịch) Có đăng ký kinh doanh dịch vụ du lịch — 1 điểm" in out
    assert "Đã sửa 3 lỗi chép" in out


def test_show_text_states_the_conditions(capsys):
    assert criteria_main(["show", "--regime", "qd26-2026", "--set", "01"]) == 0
    out = capsys.readouterr().out
    assert "⇒ chỉ áp dụng khi 5a là 2, 3, 4, 5 (ghi chú ở 5b), nếu không: 0 điểm" in out


def test_show_unknown_set_exits_2(capsys):
    assert criteria_main(["show", "--regime", "qd148-2023", "--set", "30"]) == 2
    assert "không có bộ tiêu chí 30" in capsys.readouterr().err


def test_criteria_without_command_and_bad_option(capsys):
    assert criteria_main([]) == 2
    with pytest.raises(SystemExit) as exc:
        criteria_main(["show", "--regime", "qd148-2023", "--set", "01", "--format", "xml"])
    assert exc.value.code == 2
    assert "lỗi" in capsys.readouterr().err


def test_help_is_vietnamese(capsys):
    with pytest.raises(SystemExit) as exc:
        rate_main(["--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    assert "phiếu chấm của từng thành viên hội đồng" in out and "hiện hướng dẫn này" in out


# --------------------------------------------------------------------------- rate


def test_rate_output_shape(capsys):
    assert rate_main(["--regime", "qd148-2023", "--set", "01", "--answers", *MEMBERS]) == 0
    data = json.loads(capsys.readouterr().out)
    assert list(data) == ["regime", "set", "members", "average", "spread", "band_stars", "stars",
                          "unmet_minimums", "certifiable", "potential_5_star"]
    assert data["members"] == [
        {"total": "71", "parts": {"A": "32", "B": "17", "C": "22"}, "not_applicable": []},
        {"total": "73", "parts": {"A": "33", "B": "17", "C": "23"}, "not_applicable": []},
        {"total": "69", "parts": {"A": "32", "B": "16", "C": "21"}, "not_applicable": []},
    ]
    assert (data["average"], data["spread"], data["band_stars"], data["stars"]) == ("71", "4", 4, 3)
    assert {"criterion": "2a", "min_stars": 4} in data["unmet_minimums"]
    assert data["certifiable"] is True and data["potential_5_star"] is False


def test_rate_leaves_an_absent_members_sheet_out(tmp_path, capsys):
    """The council's rules: an absent member's sheet is recorded, not counted (average, spread,
    minimum majority)."""
    assert rate_main(["--regime", "qd148-2023", "--set", "01", "--answers", *MEMBERS]) == 0
    present = json.loads(capsys.readouterr().out)
    absent = tmp_path / "vang-mat.json"
    absent.write_text(json.dumps({code: "0" for code in json.loads(Path(MEMBERS[0]).read_text())}), "utf-8")
    assert rate_main(["--regime", "qd148-2023", "--set", "01", "--answers", *MEMBERS,
                      "--absent", str(absent)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data.pop("absent") == [str(absent)]
    assert data == present and len(data["members"]) == 3


def test_rate_with_consolidated_sheet(capsys):
    assert rate_main(["--regime", "qd148-2023", "--set", "1", "--answers", *MEMBERS,
                      "--consolidated", CONSOLIDATED, "--level", "central"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["stars"] == 4
    assert all(m["min_stars"] == 5 for m in data["unmet_minimums"])


def test_rate_average_is_a_truncated_decimal_string(tmp_path, capsys):
    member3 = json.loads(Path(MEMBERS[2]).read_text(encoding="utf-8"))
    member3["12"] = "2"  # 69 -> 70: (71 + 73 + 70) / 3 = 71.333…
    (tmp_path / "m3.json").write_text(json.dumps(member3), encoding="utf-8")
    assert rate_main(["--regime", "qd148-2023", "--set", "01", "--answers", *MEMBERS[:2],
                      str(tmp_path / "m3.json")]) == 0
    assert json.loads(capsys.readouterr().out)["average"] == "71.33"


def test_rate_bad_sheet_names_file_and_criterion(tmp_path, capsys):
    bad = json.loads(Path(MEMBERS[1]).read_text(encoding="utf-8"))
    del bad["6b"]
    bad["1a"] = "9"
    (tmp_path / "bad.json").write_text(json.dumps(bad), encoding="utf-8")
    assert rate_main(["--regime", "qd148-2023", "--set", "01", "--answers", MEMBERS[0],
                      str(tmp_path / "bad.json")]) == 2
    err = capsys.readouterr().err
    assert f"phiếu {tmp_path / 'bad.json'} không hợp lệ" in err
    assert "tiêu chí 1a: không có phương án '9'" in err
    assert "tiêu chí 6b: chưa chọn phương án" in err


def test_rate_bad_consolidated_sheet(tmp_path, capsys):
    (tmp_path / "c.json").write_text('{"1a": "1"}', encoding="utf-8")
    assert rate_main(["--regime", "qd148-2023", "--set", "01", "--answers", MEMBERS[0],
                      "--consolidated", str(tmp_path / "c.json")]) == 2
    assert f"phiếu {tmp_path / 'c.json'} không hợp lệ" in capsys.readouterr().err


@pytest.mark.parametrize(("content", "message"), [
    (None, "không tìm thấy"), ("{oops", "JSON lỗi ở dòng 1"), ('["1a"]', "cần một đối tượng JSON")])
def test_rate_unreadable_file(tmp_path, capsys, content, message):
    path = tmp_path / "x.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    assert rate_main(["--regime", "qd148-2023", "--set", "01", "--answers", str(path)]) == 2
    err = capsys.readouterr().err
    assert f"tệp {path}" in err and message in err


def test_rate_unknown_set_and_missing_answers(capsys):
    assert rate_main(["--regime", "qd148-2023", "--set", "99", "--answers", *MEMBERS]) == 2
    assert "không có bộ tiêu chí 99" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exc:
        rate_main(["--regime", "qd148-2023", "--set", "01"])
    assert exc.value.code == 2
    assert "lỗi: thiếu tham số bắt buộc: --answers" in capsys.readouterr().err
