"""The sheet generator: valid answers for every set, and the engine ranks them as aimed."""

import random

import pytest

from ocop.criteria.scoring import council_result, score_sheet
from ocop.criteria.sheets import set_codes
from ocop.ops.synth import answers


@pytest.mark.parametrize("regime", ["qd148-2023", "qd26-2026"])
def test_every_set_gets_valid_sheets_ranked_as_aimed(regime):
    rng = random.Random(7)
    for code in set_codes(regime):
        plan = answers.sheet_plan(regime, code)
        for rank, target in ((3, 60.0), (4, 78.0)):
            base = answers.consensus(plan, rng, rank, target)
            sheets = [answers.as_answers(plan, answers.member(plan, rng, base, rank, 1)) for _ in range(3)]
            result = council_result(plan.criteria_set, sheets)
            assert result.stars == rank, (code, rank, result.average, result.unmet_minimums)
            assert score_sheet(plan.criteria_set, sheets[0]).total >= 0


def test_json_fragments_match_the_answers():
    import json

    plan = answers.sheet_plan("qd26-2026", "01")
    idx = answers.consensus(plan, random.Random(1), 4, 80.0)
    assert json.loads(answers.as_json(plan, idx)) == answers.as_answers(plan, idx)


def test_self_assessment_total_is_the_engines():
    from ocop.criteria.scoring import score_sheet

    plan = answers.sheet_plan("qd148-2023", "13")
    idx = answers.consensus(plan, random.Random(3), 3, 64.0)
    assert answers.total_of(plan, idx) == score_sheet(plan.criteria_set, answers.as_answers(plan, idx)).total


@pytest.mark.parametrize("regime", ["qd148-2023", "qd26-2026"])
def test_generated_sheets_keep_every_conditional_note(regime):
    """A story, acceptable impurities …: every criterion applies, nothing the sheet page would refuse."""
    from ocop.criteria.conditions import condition_errors

    rng = random.Random(11)
    for code in set_codes(regime):
        plan = answers.sheet_plan(regime, code)
        for rank in answers.RANKS:
            base = answers.consensus(plan, rng, rank, 40.0)
            sheet = answers.as_answers(plan, answers.member(plan, rng, base, rank, 5))
            assert score_sheet(plan.criteria_set, sheet).not_applicable == (), (code, rank)
            assert condition_errors(plan.criteria_set, sheet) == []
