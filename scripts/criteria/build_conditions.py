"""Turn the sheets' conditional notes into ``conditions`` (docs/criteria-data-format.md).

Used by build_qd148.py and build_qd26.py on each built set, after the fixes. Every note of a
criterion is classified by :data:`RULES` (a condition is written) or :data:`NOT_CONDITIONS` (the
note stays a note, for the reason given); :func:`unclassified` lists the notes that look
conditional ("nếu", "áp dụng", "trường hợp", …) and match neither, and the build fails on them,
so a new conditional note cannot slip through unread.

Readings (docs/criteria-data-format.md, "Conditions"):

- "Chỉ áp dụng khi có câu chuyện …" (the story criteria; domain.md §5): the criterion applies when
  the group's first criterion, the story ("Câu chuyện về sản phẩm" / "Câu chuyện sản phẩm"), is
  answered with an option that says there is a story ("Có câu chuyện …"). QĐ 148's "Không có câu
  chuyện, hoặc có nhưng không được tư liệu hóa" and "Có tài liệu giới thiệu về sản phẩm" (a leaflet,
  not a story) do not.
- "Nếu có tạp chất không chấp nhận được … sẽ không đánh giá các bước tiếp theo" (and its variants):
  every later criterion of the sheet ("các bước tiếp theo": the rest of the sheet, part C being
  last) applies only when the impurity criterion carrying the note is answered with a box that
  calls the impurities acceptable ("…, chấp nhận được", "Sạch, không …"). A bare "Có tạp chất" box
  (0 points, set against "Có rất ít tạp chất, chấp nhận được") or no box at all ("0") is the
  unacceptable case. Where the note sits on a criterion that does not grade impurities (set 01:
  "Kích thước, hình dạng bề ngoài"), no answer says so and the note stays a note.
- "Nếu được 0 điểm tại một trong các chỉ tiêu trên, sẽ không đánh giá các bước tiếp theo": every
  later criterion applies only when each criterion of the group up to the note scores above 0.
- "Không đánh giá các bước tiếp theo nếu không có Phiếu công bố …": every later criterion applies
  only when the criterion carrying the note is answered with a box that has a declaration (not
  "Không có …", not "0").
"""

from __future__ import annotations

import re
from decimal import Decimal

NO_OPTION = "0"

RE_STORY = re.compile(r"^chỉ áp dụng khi có câu chuyện", re.IGNORECASE)
RE_IMPURITY = re.compile(r"tạp chất.*không đánh giá các bước tiếp theo"
                         r"|(không đánh giá các bước tiếp theo|không xem xét các chỉ tiêu khác) nếu.*tạp chất",
                         re.IGNORECASE)
RE_ZERO_ABOVE = re.compile(r"nếu được 0 điểm tại một trong các chỉ tiêu trên", re.IGNORECASE)
RE_DECLARATION = re.compile(r"không đánh giá các bước tiếp theo nếu không có phiếu công bố", re.IGNORECASE)

# Notes that read as conditions but are not conditions on the answers, and why.
NOT_CONDITIONS = {
    "bị loại nếu": "a ground for rejecting the dossier, not a condition on another answer",
    "nếu sản phẩm vi phạm sở hữu trí tuệ": "a ground for rejecting the product",
    "không đánh giá những sản phẩm có tính phổ biến": "decides whether the product is rated at all",
    "không đánh giá các bước tiếp theo nếu giấy chứng nhận đủ điều kiện attp":
        "the food-safety certificate is no answer on this sheet: nothing to condition on",
    "không đánh giá các bước tiếp theo nếu chứng nhận đủ điều kiện attp":
        "the food-safety certificate is no answer on this sheet: nothing to condition on",
    "lựa chọn một trong hai trường hợp": "the options already name their case; one option is chosen",
    "trường hợp 1": "the heading of a case; the options carry it",
    "trường hợp 2": "the heading of a case; the options carry it",
    "áp dụng bắt buộc đối với": "says which products must declare quality; guidance to the scorer",
    "trường hợp không bắt buộc": "guidance: the top box when the test is not mandatory (the scorer's choice)",
}
RE_LOOKS_CONDITIONAL = re.compile(r"\bnếu\b|áp dụng|trường hợp|không đánh giá|không xem xét", re.IGNORECASE)
IMPURITY_NOT_ON_SHEET = "the criterion carrying the note does not grade impurities: no answer says so"
IMPURITY_TITLE = re.compile(r"tạp chất", re.IGNORECASE)
ACCEPTABLE = re.compile(r"chấp nhận được|^sạch", re.IGNORECASE)  # the boxes that say the impurities are acceptable


def _leaves(data: dict) -> list[tuple[dict, dict]]:
    """(group, leaf) in sheet order."""
    out = []

    def walk(group, c):
        if c["items"]:
            for item in c["items"]:
                walk(group, item)
        else:
            out.append((group, c))

    for part in data["parts"]:
        for group in part["groups"]:
            for c in group["criteria"]:
                walk(group, c)
    return out


def _all_criteria(data: dict):
    for part in data["parts"]:
        for group in part["groups"]:
            stack = list(group["criteria"])
            while stack:
                c = stack.pop(0)
                yield group, c
                stack[:0] = c["items"]


def _add(leaf: dict, condition: dict) -> None:
    leaf.setdefault("conditions", []).append(condition)


def _story(data: dict, group: dict, leaf: dict, note: str, problems: list[str]) -> None:
    story = group["criteria"][0]
    says_story = [o["code"] for o in story["options"] if o["title"].lower().startswith("có câu chuyện")]
    if story is leaf or story["items"] or not says_story or not story["options"][0]["title"].lower().startswith(
            "không có câu chuyện"):
        problems.append(f"{leaf['code']}: no story criterion with a 'Không có câu chuyện' box before it")
        return
    _add(leaf, {"note": note, "source": leaf["code"],
                "when": [{"criterion": story["code"], "options": says_story}]})


def _later(data: dict, carrier_code: str, note: str, when: list[dict]) -> None:
    leaves = [c for _g, c in _leaves(data)]
    codes = [c["code"] for c in leaves]
    for leaf in leaves[codes.index(carrier_code) + 1:]:
        _add(leaf, {"note": note, "source": carrier_code, "when": when})


def add_conditions(data: dict) -> tuple[list[str], list[dict]]:
    """Write the conditions of one set (mutates ``data``). Returns (problems, notes left as notes
    with their reason: ``{"where", "note", "reason"}``)."""
    problems: list[str] = []
    kept: list[dict] = []
    for group, c in list(_all_criteria(data)):
        for note in c["notes"]:
            low = note.lower()
            if RE_STORY.search(note):
                if c["items"]:
                    problems.append(f"{c['code']}: a story condition on a criterion with sub-items")
                else:
                    _story(data, group, c, note, problems)
            elif RE_ZERO_ABOVE.search(note):
                upto = [leaf for g, leaf in _leaves(data) if g is group]
                upto = upto[:[x["code"] for x in upto].index(c["code"]) + 1]
                when = [{"criterion": x["code"],
                         "options": [o["code"] for o in x["options"] if Decimal(o["points"]) > 0]} for x in upto]
                _later(data, c["code"], note, when)
            elif RE_DECLARATION.search(note):
                ok = [o["code"] for o in c["options"] if not o["title"].lower().startswith("không có")]
                _later(data, c["code"], note, [{"criterion": c["code"], "options": ok}])
            elif RE_IMPURITY.search(note):
                ok = [o["code"] for o in c["options"] if ACCEPTABLE.search(o["title"])]
                if c["items"] or not IMPURITY_TITLE.search(c["title"]) or not ok:
                    kept.append({"where": c["code"], "note": note, "reason": IMPURITY_NOT_ON_SHEET})
                    continue
                _later(data, c["code"], note, [{"criterion": c["code"], "options": ok}])
            else:
                reason = next((r for k, r in NOT_CONDITIONS.items() if low.startswith(k) or k in low), None)
                if reason is not None:
                    kept.append({"where": c["code"], "note": note, "reason": reason})
                elif RE_LOOKS_CONDITIONAL.search(note):
                    problems.append(f"{c['code']}: note not classified as condition or not: {note!r}")
    _order_keys(data)
    return problems, kept


def _order_keys(data: dict) -> None:
    """Keep "conditions" last among a criterion's keys (the format's order)."""
    for _g, c in _all_criteria(data):
        if "conditions" in c:
            c["conditions"] = c.pop("conditions")
