"""Conditional notes of the sheets, applied to an answer sheet (pure: no Django, no database).

A leaf criterion may carry ``conditions`` (docs/criteria-data-format.md): "Chỉ áp dụng khi có câu
chuyện sản phẩm", "… sẽ không đánh giá các bước tiếp theo". A criterion **applies** when every
condition holds; a condition holds when every clause holds; a clause holds when the criterion it
names is answered with one of the listed options. A criterion that does not apply counts as
answered "0" in the clauses of later criteria (conditions only name earlier criteria, so one pass
in sheet order decides everything).

On a **partial** sheet a clause whose criterion is not answered yet is not known to fail, so it
is taken to hold: nothing is refused before the answer it depends on is given.

The engine (:mod:`ocop.criteria.scoring`) scores a criterion that does not apply 0, whatever is
chosen; the sheet pages and the rating services refuse such a choice (:func:`condition_errors`).
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache

from ocop.criteria.sheets import Condition, CriteriaSet, iter_criteria

NO_OPTION = "0"


@cache
def conditional_leaves(criteria_set: CriteriaSet) -> tuple[tuple[str, tuple[Condition, ...]], ...]:
    """(leaf code, its conditions) for the leaves that have conditions, in sheet order."""
    return tuple((c.code, c.conditions) for _p, _g, c in iter_criteria(criteria_set)
                 if c.is_leaf and c.conditions)


@cache
def options_keeping_every_condition(criteria_set: CriteriaSet) -> dict[str, frozenset[str]]:
    """{criterion named by a clause: its options that make every clause naming it hold}. A sheet
    choosing among these everywhere has every criterion apply (demo and synthetic sheets)."""
    keep: dict[str, frozenset[str]] = {}
    for _code, conds in conditional_leaves(criteria_set):
        for cond in conds:
            for clause in cond.when:
                allowed = frozenset(clause.options)
                keep[clause.criterion] = keep.get(clause.criterion, allowed) & allowed
    return keep


def not_applicable(criteria_set: CriteriaSet, answers: Mapping[str, object]) -> dict[str, Condition]:
    """{leaf code: the first condition that fails} for the leaves that do not apply."""
    failed: dict[str, Condition] = {}
    for code, conds in conditional_leaves(criteria_set):
        for cond in conds:
            if not _holds(cond, answers, failed):
                failed[code] = cond
                break
    return failed


def _holds(cond: Condition, answers: Mapping[str, object], failed: Mapping[str, Condition]) -> bool:
    for clause in cond.when:
        choice = NO_OPTION if clause.criterion in failed else answers.get(clause.criterion)
        if choice is None or choice == "":
            continue  # not answered yet: not known to fail
        if str(choice) not in clause.options:
            return False
    return True


def explain(cond: Condition) -> str:
    """The sheet's note and the criteria it depends on, for the sheet page and error messages."""
    refs = ", ".join(dict.fromkeys(clause.criterion for clause in cond.when))
    return f"«{cond.note.rstrip(' :;.,')}» (theo câu trả lời ở tiêu chí {refs})"


def condition_errors(criteria_set: CriteriaSet, answers: Mapping[str, object]) -> list[tuple[str, str]]:
    """(criterion code, Vietnamese message) for every option chosen in a criterion that does not
    apply; choosing "0" (or nothing) there is fine."""
    errors = []
    for code, cond in not_applicable(criteria_set, answers).items():
        choice = answers.get(code)
        if choice not in (None, "", NO_OPTION):
            errors.append((code, f"tiêu chí không áp dụng: {explain(cond)}; không chọn được phương án "
                                 f"{choice}, hãy bỏ chọn (tiêu chí được 0 điểm)"))
    return errors
