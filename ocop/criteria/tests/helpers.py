"""Test helpers: answer sheets built by rule, and a small synthetic set with decimal points.

The helpers only *choose* options; every expected score in the tests is a literal computed by
hand from the data files.
"""

from __future__ import annotations

from ocop.criteria.sheets import CriteriaSet, leaf_criteria, parse_set


def sheet(cs: CriteriaSet, base: str = "first", **overrides: str) -> dict[str, str]:
    """Answers for every leaf: ``first`` option, ``second`` option or ``best`` (highest points,
    first such option), then ``overrides`` by criterion code (use ``_`` for ``.`` in item codes,
    ``dd`` for ``đ``: ``sheet(cs, "best", c6a_1="1")``)."""
    answers = {}
    for c in leaf_criteria(cs):
        if base == "first":
            answers[c.code] = c.options[0].code
        elif base == "second":
            answers[c.code] = c.options[1].code
        elif base == "best":
            answers[c.code] = max(c.options, key=lambda o: o.points).code
        else:
            raise ValueError(base)
    for key, value in overrides.items():
        code = key.removeprefix("c").replace("dd", "đ").replace("_", ".")
        assert code in answers, f"no leaf {code} in {cs!r}"
        answers[code] = value
    return answers


def synthetic_raw() -> dict:
    """A valid set (A 40, B 25, C 35) with one criterion per part and decimal points, so that
    totals such as 29.98 and 89.99 can be reached with two members; 9 carries a heading minimum
    (4★) with a 0-point option, 8 a parent heading minimum (3★) over two sub-items."""
    def opt(code, points, stars=None):
        return {"code": code, "title": f"phương án {code}", "points": points, "min_stars": stars}

    c_points = ["0", "4.98", "4.99", "5", "9.98", "9.99", "10", "19.98", "19.99", "20", "24.98", "24.99", "25"]
    return {
        "regime": "test", "set": "99", "title": "Bộ thử", "applies_to": "",
        "parts": [
            {"code": "A", "title": "A", "max": "40", "groups": [
                {"code": "1", "title": "Nhóm 1", "max": "40", "criteria": [
                    {"code": "1", "title": "Tiêu chí 1", "max": "40", "min_stars": None, "notes": [],
                     "options": [opt(str(i + 1), p) for i, p in enumerate(["0", "10", "20", "30", "40"])],
                     "items": []}]}]},
            {"code": "B", "title": "B", "max": "25", "groups": [
                {"code": "4", "title": "Nhóm 4", "max": "25", "criteria": [
                    {"code": "4", "title": "Tiêu chí 4", "max": "25", "min_stars": None, "notes": [],
                     "options": [opt("1", "0"), opt("2", "25")], "items": []}]}]},
            {"code": "C", "title": "C", "max": "35", "groups": [
                {"code": "6", "title": "Nhóm 6", "max": "25", "criteria": [
                    {"code": "6", "title": "Tiêu chí 6", "max": "25", "min_stars": None, "notes": [],
                     "options": [opt(str(i + 1), p) for i, p in enumerate(c_points)], "items": []}]},
                {"code": "8", "title": "Nhóm 8", "max": "8", "criteria": [
                    {"code": "8", "title": "Tiêu chí 8", "max": "8", "min_stars": 3, "notes": [], "options": [],
                     "items": [
                         {"code": "8.1", "title": "Mục 8.1", "max": "4", "min_stars": None, "notes": [],
                          "options": [opt("1", "0"), opt("2", "4")], "items": []},
                         {"code": "8.2", "title": "Mục 8.2", "max": "4", "min_stars": None, "notes": [],
                          "options": [opt("1", "0"), opt("2", "2", 5), opt("3", "4")], "items": []},
                     ]}]},
                {"code": "9", "title": "Nhóm 9", "max": "2", "criteria": [
                    {"code": "9", "title": "Tiêu chí 9", "max": "2", "min_stars": 4, "notes": [],
                     "options": [opt("1", "0"), opt("2", "2")], "items": []}]},
            ]},
        ],
        "rejection_reasons": [], "notes": [], "fixes": [],
    }


def synthetic() -> CriteriaSet:
    return parse_set(synthetic_raw())
