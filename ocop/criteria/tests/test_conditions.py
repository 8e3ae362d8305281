"""Conditional notes as conditions: the story example (63, not 65), the minimums that cap a rank,
and table tests over every condition of every shipped set."""

import json
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from ocop.criteria.cli import rate_main
from ocop.criteria.conditions import condition_errors, conditional_leaves, not_applicable
from ocop.criteria.scoring import NO_OPTION, council_result, score_sheet
from ocop.criteria.sheets import get_set, leaf_criteria, list_regimes, list_sets

from .helpers import sheet

D = Decimal
EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
NO_STORY = EXAMPLES / "answers-qd26-set01-no-story.json"
REPO = Path(__file__).resolve().parents[3]
ALL_SETS = [cs for r in list_regimes() if r.has_sheets for cs in list_sets(r.code)]


@pytest.fixture(scope="module")
def q26_01():
    return get_set("qd26-2026", "01")


# --------------------------------------------------------------------------- the story (issue 13)


def test_story_structure_does_not_score_without_a_story(q26_01):
    answers = json.loads(NO_STORY.read_text(encoding="utf-8"))
    assert (answers["5a"], answers["5b"]) == ("1", "3")  # "Không có câu chuyện sản phẩm"; 5.2 at 2 points
    result = score_sheet(q26_01, answers)
    # By hand: A 3+3+3+3+2+2+1 + 1+2+2+1 + 2+0+3+1+3 = 30; B 3+2+3 + 0+0+0 = 8 (5b's 2 points
    # not counted); C 2+3+3+2 + 1+3+4+3+2+2 = 25. The sheet without the condition would give 65.
    assert result.total == D(63)
    assert result.parts == {"A": D(30), "B": D(8), "C": D(25)}
    assert result.by_criterion["5b"] == 0
    assert result.not_applicable == ("5b",)
    with_story = score_sheet(q26_01, {**answers, "5a": "2"})  # "Có câu chuyện sản phẩm": 1 point
    assert with_story.total == D(63 + 1 + 2)
    assert with_story.not_applicable == ()


def test_ocop_rate_gives_63_for_the_story_example(capsys):
    assert rate_main(["--regime", "qd26-2026", "--set", "01", "--answers", str(NO_STORY)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["members"] == [{"total": "63", "parts": {"A": "30", "B": "8", "C": "25"},
                                "not_applicable": ["5b"]}]
    assert data["average"] == "63" and data["band_stars"] == 3
    # Without a story 5.3 stays at its first box, below its 3★ minimum: the rank is 2★.
    assert {"criterion": "5c", "min_stars": 3} in data["unmet_minimums"]
    assert data["stars"] == 2 and data["certifiable"] is False


def test_an_answer_may_be_left_out_where_the_criterion_does_not_apply(q26_01):
    answers = json.loads(NO_STORY.read_text(encoding="utf-8"))
    del answers["5b"]
    assert score_sheet(q26_01, answers).total == D(63)
    answers["5b"] = "9"  # a code the criterion does not have is still refused
    with pytest.raises(Exception, match="không có phương án '9'"):
        score_sheet(q26_01, answers)


def test_qd148_story_conditions_cover_identity_and_structure():
    cs = get_set("qd148-2023", "01")
    best = sheet(cs, "best")
    assert score_sheet(cs, best).total == D(100)
    # "Có tài liệu giới thiệu về sản phẩm" is a leaflet, not a story: 5b (5) and 5c (2) fall to 0.
    leaflet = score_sheet(cs, {**best, "5a": "2"})
    assert leaflet.total == D(100 - 4 - 5 - 2)
    assert leaflet.not_applicable == ("5b", "5c")
    assert (("5b", 3) in leaflet.unmet_minimums) and (("5c", 5) in leaflet.unmet_minimums)
    assert score_sheet(cs, {**best, "5a": "3"}).total == D(100 - 3)  # a documented story: both apply


def test_a_set_without_the_note_on_structure_scores_it(q26_01):
    cs = get_set("qd148-2023", "07")  # set 07 of QĐ 148 carries the note on 5b only
    result = score_sheet(cs, {**sheet(cs, "best"), "5a": "1"})
    assert result.not_applicable == ("5b",)
    assert result.by_criterion["5c"] == max(o.points for o in leaf_by_code(cs, "5c").options)


# --------------------------------------------------------------------------- minimums and the rank


def test_90_or_more_with_a_missed_5_star_minimum_is_ranked_4_stars(q26_01):
    # Best sheet, 1c one box lower: "Ứng dụng máy móc …" (2) instead of the 5★ box (3).
    result = council_result(q26_01, [sheet(q26_01, "best", c1c="2")] * 3)
    assert result.average == D(99)
    assert result.band_stars == 5
    assert result.unmet_minimums == (("1c", 5),)
    assert result.stars == 4 and result.certifiable
    assert not result.potential_5_star  # 90 or more, but a 5★ minimum is missed


def test_a_missed_3_star_minimum_caps_the_rank_at_2_stars(q26_01):
    # Best sheet without a quality declaration (9: "0", no box applies): 95 points, band 5★.
    result = council_result(q26_01, [sheet(q26_01, "best", c9=NO_OPTION)])
    assert result.average == D(95) and result.band_stars == 5
    assert result.unmet_minimums == (("9", 3),)
    assert result.stars == 2 and not result.certifiable and not result.potential_5_star


# --------------------------------------------------------------------------- every condition


def leaf_by_code(cs, code):
    return next(c for c in leaf_criteria(cs) if c.code == code)


def failing_answer(cs, clause):
    """An answer to the clause's criterion that makes it fail ("0" unless "0" is listed)."""
    if NO_OPTION not in clause.options:
        return NO_OPTION
    return next(o.code for o in leaf_by_code(cs, clause.criterion).options if o.code not in clause.options)


CONDITIONAL = [(cs, code) for cs in ALL_SETS for code, _ in conditional_leaves(cs)]


def test_both_regimes_have_conditions():
    regimes = {cs.regime for cs, _ in CONDITIONAL}
    assert regimes == {"qd148-2023", "qd26-2026"}
    story = {(cs.regime, cs.code, code) for cs, code in CONDITIONAL
             if "câu chuyện" in leaf_by_code(cs, code).conditions[0].note}
    assert {(r, f"{n:02d}", "5b") for r in ("qd148-2023", "qd26-2026") for n in range(1, 26)} <= story
    assert ("qd148-2023", "01", "5c") in story and ("qd26-2026", "01", "5c") not in story
    assert not any(cs.code == "26" for cs, _ in CONDITIONAL)  # the tourism sheets have no such note


@pytest.mark.parametrize(("cs", "code"), CONDITIONAL, ids=[f"{cs.regime}-{cs.code}-{c}" for cs, c in CONDITIONAL])
def test_every_condition_names_an_earlier_leaf_and_its_options(cs, code):
    leaves = [c.code for c in leaf_criteria(cs)]
    criterion = leaf_by_code(cs, code)
    for cond in criterion.conditions:
        assert cond.note and cond.when
        for clause in cond.when:
            assert leaves.index(clause.criterion) < leaves.index(code)
            ref = leaf_by_code(cs, clause.criterion)
            assert set(clause.options) <= {o.code for o in ref.options} | {NO_OPTION}
            # Monotone: an option scoring more than a listed one is listed too (so a better answer
            # never makes a criterion stop applying).
            points = {o.code: o.points for o in ref.options} | {NO_OPTION: D(0)}
            lowest = min(points[o] for o in clause.options)
            assert all(o in clause.options for o, p in points.items() if p > lowest)


@pytest.mark.parametrize(("cs", "code"), CONDITIONAL, ids=[f"{cs.regime}-{cs.code}-{c}" for cs, c in CONDITIONAL])
def test_an_option_that_does_not_apply_scores_0_and_is_refused(cs, code):
    best = sheet(cs, "best")
    criterion = leaf_by_code(cs, code)
    assert score_sheet(cs, best).by_criterion[code] == criterion.max  # the best sheet meets every condition
    clause = criterion.conditions[0].when[0]
    answers = {**best, clause.criterion: failing_answer(cs, clause)}
    result = score_sheet(cs, answers)
    assert code in result.not_applicable
    assert result.by_criterion[code] == 0
    assert code in not_applicable(cs, answers)
    assert code in [c for c, _ in condition_errors(cs, answers)]
    assert code not in [c for c, _ in condition_errors(cs, {**answers, code: NO_OPTION})]


def test_a_partial_sheet_is_not_refused_before_the_answer_it_depends_on(q26_01):
    assert condition_errors(q26_01, {"5b": "3"}) == []
    errors = condition_errors(q26_01, {"5a": "1", "5b": "3"})
    assert errors == [("5b", "tiêu chí không áp dụng: «Chỉ áp dụng khi có câu chuyện sản phẩm» (theo câu trả "
                              "lời ở tiêu chí 5a); không chọn được phương án 3, hãy bỏ chọn (tiêu chí được 0 điểm)")]


def test_impurities_stop_the_rest_of_the_sheet():
    cs = get_set("qd26-2026", "05")  # 6a "Tạp chất": box 1 "Có tạp chất" is the unacceptable case
    best = sheet(cs, "best")
    result = score_sheet(cs, {**best, "6a": "1"})
    later = [c.code for c in leaf_criteria(cs)][[c.code for c in leaf_criteria(cs)].index("6a") + 1:]
    assert list(result.not_applicable) == later
    assert result.parts["C"] == 0
    assert score_sheet(cs, {**best, "6a": "2"}).not_applicable == ()  # "Có rất ít tạp chất, chấp nhận được"


def test_zero_in_any_sensory_criterion_of_the_water_sheet_stops_the_rest():
    cs = get_set("qd26-2026", "16")
    best = sheet(cs, "best")
    # "Có mùi" (0 points): 6a 3 + 6b 3 + 6c 0 + 6d 5 still count, groups 7 onwards do not
    assert score_sheet(cs, {**best, "6c": "1"}).parts["C"] == D(11)
    assert score_sheet(cs, {**best, "6c": "2"}).parts["C"] == D(35 - 2)


# --------------------------------------------------------------------------- the generator


def _stripped(cs_path: Path) -> dict:
    raw = json.loads(cs_path.read_text(encoding="utf-8"))
    for part in raw["parts"]:
        for group in part["groups"]:
            stack = list(group["criteria"])
            while stack:
                c = stack.pop()
                c.pop("conditions", None)
                stack += c["items"]
    return raw


def test_the_generator_writes_exactly_the_shipped_conditions_and_classifies_every_note(monkeypatch):
    monkeypatch.syspath_prepend(str(REPO / "scripts" / "criteria"))
    sys.modules.pop("build_conditions", None)
    from build_conditions import add_conditions

    data_dir = Path(__file__).resolve().parents[1] / "data"
    kept_reasons = set()
    for path in sorted(data_dir.glob("qd*/set-*.json")):
        raw = _stripped(path)
        shipped = json.loads(path.read_text(encoding="utf-8"))
        problems, kept = add_conditions(raw)
        assert problems == [], path
        assert raw == shipped, path
        kept_reasons |= {k["reason"] for k in kept}
    assert any("food-safety certificate" in r for r in kept_reasons)
    assert any("does not grade impurities" in r for r in kept_reasons)


def _rate(tmp_path, capsys, sheets):
    files = []
    for i, answers in enumerate(sheets):
        path = tmp_path / f"member{i}.json"
        path.write_text(json.dumps(answers, ensure_ascii=False), encoding="utf-8")
        files.append(str(path))
    assert rate_main(["--regime", "qd26-2026", "--set", "01", "--answers", *files]) == 0
    return json.loads(capsys.readouterr().out)


def test_ocop_rate_ranks_90_with_a_missed_5_star_minimum_at_4_stars(tmp_path, capsys, q26_01):
    data = _rate(tmp_path, capsys, [sheet(q26_01, "best", c1c="2"), sheet(q26_01, "best", c1c="2"),
                                    sheet(q26_01, "best", c1c="2", c4c="4")])
    assert [m["total"] for m in data["members"]] == ["99", "99", "97"]
    assert (data["average"], data["band_stars"], data["stars"]) == ("98.33", 5, 4)
    assert data["unmet_minimums"] == [{"criterion": "1c", "min_stars": 5}]
    assert data["certifiable"] is True and data["potential_5_star"] is False


def test_ocop_rate_ranks_a_missed_3_star_minimum_at_2_stars(tmp_path, capsys, q26_01):
    data = _rate(tmp_path, capsys, [sheet(q26_01, "best", c9=NO_OPTION)] * 2)
    assert (data["average"], data["band_stars"], data["stars"]) == ("95", 5, 2)
    assert data["unmet_minimums"] == [{"criterion": "9", "min_stars": 3}]
    assert data["certifiable"] is False and data["potential_5_star"] is False
