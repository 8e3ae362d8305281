"""Build the QĐ 26/2026/QĐ-TTg criteria data from the plain-text transcript.

Reads Annex II (the 26 scoring sheets) of the transcript, applies the reviewed fixes in
``scripts/criteria/qd26_fixes.json`` and writes ``ocop/criteria/data/qd26-2026/set-NN.json`` in the
format of docs/criteria-data-format.md. Also reads Annex I (the product classification) and writes
``ocop/criteria/data/classification.json``.

Usage, from the repository root::

    .venv/bin/python scripts/criteria/build_qd26.py [TRANSCRIPT]
    .venv/bin/python scripts/criteria/build_qd26.py --dump 07    # show how sheet 07 was read

TRANSCRIPT defaults to ../shared/reference/qd-26-2026-transcript.txt, relative to the repository
root. Nothing is written when a sheet does not parse or a set breaks the validity rules.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from build_conditions import add_conditions  # same folder: on sys.path when this file is run as a script
from check_json import check_set

REPO = Path(__file__).resolve().parents[2]
DEFAULT_TRANSCRIPT = "../shared/reference/qd-26-2026-transcript.txt"
DEFAULT_OUT = "ocop/criteria/data/qd26-2026"
DEFAULT_CLASSIFICATION = "ocop/criteria/data/classification.json"
DEFAULT_FIXES = "scripts/criteria/qd26_fixes.json"
REGIME = "qd26-2026"
PART_MAX = {"A": "40", "B": "25", "C": "35"}
OCR_REASON = ("the joined forms are the words used everywhere else in the transcript; the split forms are "
              "not Vietnamese syllables (done mechanically by the build script, not listed in qd26_fixes.json)")

# Vietnamese legal lettering of the points (điểm) inside a numbered clause: 1.1 -> 1a, 1.5 -> 1đ.
LETTERS = ["a", "b", "c", "d", "đ", "e", "g", "h", "i", "k", "l", "m", "n"]

# Short words that may follow another word; never glued to it when undoing OCR splits.
STANDALONE = {"ở", "ý", "và", "là", "có", "do", "đó", "số", "cá", "gà", "lá", "bò", "tơ", "đi", "ra",
              "vì", "về", "từ", "tư", "hộ", "xã", "đủ", "rõ", "ít", "kg", "ml", "mg", "cm"}

RE_PART = re.compile(r"^phần\s+([ABC])\b\s*:?\s*(.*)$", re.IGNORECASE)
RE_ITEM = re.compile(r"^(\d+)\.(\d+)\.(\d+)\.?\s+(.*)$")
RE_CRIT = re.compile(r"^(\d+)\.(\d+)\.?\s+(\D.*)$")
RE_GROUP = re.compile(r"^(\d+)\s?\.\s*(\D.*)$")
RE_OPTION = re.compile(r"^□\s*(.*)$")
RE_NUM = re.compile(r"^(\d+(?:\s\d+)*)$")
RE_TOTAL = re.compile(r"^TỔNG CỘNG\b")
RE_CASE = re.compile(r"^[ab]\.\s+(Trường hợp\s+\d+\s*:.*)$")
RE_NOTE = re.compile(r"^(Ghi chú|Chú ý|Lưu ý|Yêu cầu|Chỉ áp dụng|Lựa chọn một)", re.IGNORECASE)
RE_STARS = re.compile(r"\s*(\*{3,5})\s*")
RE_PART_POINTS = re.compile(r"\s*\(\s*\d+\s*Điểm\s*\)\s*$", re.IGNORECASE)
RE_SET_HEAD = re.compile(r"^(\d{1,2})\.\s*(.*)$")


# --------------------------------------------------------------------------- text clean-up


class Cleaner:
    """Undo the mechanical OCR damage of the transcript and count what was undone.

    Damage seen: a stray space inside a word ('sản xuấ t', 'CỘN G'), inside a number ('1 7',
    '10 0') or inside a star marker ('*** *', '* * * *'), and before ')' or ':'.
    """

    def __init__(self, all_lines: list[str]):
        self.vocab = Counter(w.lower() for line in all_lines for w in re.findall(r"\w+", line))
        self.reset()

    def reset(self) -> None:
        self.joined: Counter[str] = Counter()
        self.numbers = 0
        self.stars = 0

    def line(self, raw: str) -> str:
        text = " ".join(raw.split())
        if RE_NUM.match(text) and " " in text:
            self.numbers += 1
            return text.replace(" ", "")
        new = re.sub(r"\*(?:\s?\*){2,}", lambda m: m.group(0).replace(" ", ""), text)
        if new != text:
            self.stars += 1
            text = new
        text = re.sub(r"\s+([):])", r"\1", text)
        text = re.sub(r"(?<=\w)\s+\.$", ".", text)
        return self._join_split_words(text)

    def _join_split_words(self, text: str) -> str:
        out: list[str] = []
        for tok in text.split(" "):
            if out:
                prev = re.fullmatch(r"(.*?)(\w+)", out[-1])
                frag = re.fullmatch(r"(\w{1,2})(\W*)", tok)
                if prev and frag and not tok.isdigit() and not prev.group(2).isdigit():
                    head, tail = prev.group(2), frag.group(1)
                    joined = (head + tail).lower()
                    if (tail.lower() not in STANDALONE and self.vocab[joined] >= 2
                            and self.vocab[head.lower()] * 2 < self.vocab[joined]):
                        self.joined[f"{head} {tail}"] += 1
                        out[-1] += tok
                        continue
            out.append(tok)
        return " ".join(out)

    def summary(self) -> str:
        parts = []
        if self.joined:
            words = ", ".join(f"'{w}'" for w in sorted(self.joined))
            parts.append(f"words split by a stray space ({sum(self.joined.values())}: {words})")
        if self.numbers:
            parts.append(f"point values split by a space ({self.numbers}, e.g. '1 7' for 17)")
        if self.stars:
            parts.append(f"star markers split by spaces ({self.stars}, e.g. '*** *' for ****)")
        return "; ".join(parts)


# --------------------------------------------------------------------------- blocks


@dataclass
class Block:
    """One logical row of a sheet: a heading, option, number or note, with its wrapped lines."""

    kind: str  # part group crit item option num note case total text
    text: str
    line: int = 0
    nums: tuple[int, ...] = ()


def classify(text: str, prev: Block | None, group_no: int) -> Block | None:
    """The block ``text`` starts, or None when it continues the previous block."""
    if m := RE_NUM.match(text):
        return Block("num", text, nums=(int(m.group(1)),))
    if m := RE_OPTION.match(text):
        return Block("option", m.group(1))
    if RE_TOTAL.match(text):
        return Block("total", text)
    if m := RE_PART.match(text):
        return Block("part", m.group(2), nums=(ord(m.group(1).upper()),))
    if m := RE_ITEM.match(text):
        return Block("item", m.group(4), nums=tuple(int(g) for g in m.group(1, 2, 3)))
    if (m := RE_CRIT.match(text)) and int(m.group(1)) == group_no:
        return Block("crit", m.group(3), nums=(int(m.group(1)), int(m.group(2))))
    # Group numbers must run on (1, 2, 3 ...): a wrapped line that starts "2. ..." is not a group.
    if (m := RE_GROUP.match(text)) and int(m.group(1)) == group_no + 1 and m.group(2)[:1].isupper():
        return Block("group", m.group(2), nums=(int(m.group(1)),))
    if m := RE_CASE.match(text):
        return Block("case", m.group(1))
    if RE_NOTE.match(text):
        return Block("note", text)
    if prev is None:
        return None
    # A parenthesis right after a heading (or its score) explains the heading.
    if (text.startswith("(") and prev.kind in {"part", "group", "crit", "item", "num"}
            and not RE_PART_POINTS.fullmatch(" " + text)):
        return Block("note", text)
    # An all-caps group heading followed by sentence-case text: a description, not more title.
    if prev.kind == "group" and prev.text.isupper() and any(ch.islower() for ch in text):
        return Block("note", text)
    return None


def to_blocks(lines: list[tuple[int, str]]) -> list[Block]:
    blocks: list[Block] = []
    group_no = 0
    for lineno, text in lines:
        if not text:
            continue
        prev = blocks[-1] if blocks else None
        new = classify(text, prev, group_no)
        if new is None:
            if prev is None or prev.kind in {"num", "total"}:
                blocks.append(Block("text", text, lineno))
            else:
                prev.text = f"{prev.text} {text}".strip()
            continue
        new.line = lineno
        if new.kind == "group":
            group_no = new.nums[0]
        blocks.append(new)
    return blocks


# --------------------------------------------------------------------------- sheets


@dataclass
class Sheet:
    number: int
    title: str
    applies_to: str
    rejection: list[str]
    body: list[tuple[int, str]]  # (line number in the transcript, cleaned text), part A to TỔNG CỘNG
    tail_notes: list[str] = field(default_factory=list)
    ocr: str = ""


def annex_bounds(lines: list[str]) -> tuple[int, int, int]:
    """Line indexes where Annex I, Annex II and Annex III start."""
    heads = [i for i, t in enumerate(lines) if re.match(r"^\s*PHỤ LỤC (I|II|III)\s*$", t)]
    found = {lines[i].split()[-1]: i for i in heads}
    return found["I"], found["II"], found["III"]


def split_sheets(lines: list[str], clean: Cleaner) -> list[Sheet]:
    _, start, end = annex_bounds(lines)
    heads: list[int] = []
    for i in range(start, end):
        m = RE_SET_HEAD.match(lines[i].strip())
        if not m or int(m.group(1)) != len(heads) + 1:
            continue
        rest = m.group(2) or lines[i + 1].strip()
        if rest.startswith(("Bộ sản phẩm", "Sản phẩm")):
            heads.append(i)
    if len(heads) != 26:
        raise SystemExit(f"found {len(heads)} sheet headings in Annex II, expected 26")
    heads.append(end)
    sheets = []
    for n in range(26):
        clean.reset()
        chunk = [(i + 1, clean.line(lines[i])) for i in range(heads[n], heads[n + 1])]
        sheet = parse_header(n + 1, chunk)
        sheet.ocr = clean.summary()
        sheets.append(sheet)
    return sheets


def parse_header(number: int, chunk: list[tuple[int, str]]) -> Sheet:
    """Title, scope, rejection grounds, scoring body and closing notes of one sheet."""
    texts = [t for _, t in chunk]
    i_scope = next(i for i, t in enumerate(texts) if t.startswith("(Sản phẩm"))
    title = re.sub(rf"^{number}\.\s*", "", " ".join(texts[:i_scope])).strip()
    j = i_scope
    scope = texts[j]
    while not scope.endswith(")"):
        j += 1
        scope += " " + texts[j]
    scope = scope[1:-1].strip()

    i_table = next(i for i, t in enumerate(texts) if t.startswith("Các tiêu chí"))
    rejection: list[list[str]] = []
    reading = False
    for t in texts[j + 1:i_table]:
        if re.search(r"bị loại khi", t, re.IGNORECASE):
            rejection.append([t])
            reading = True
        elif reading and t and not t.startswith(("Tên ", "Mã số", "Số điện", "Địa chỉ")):
            rejection[-1].append(t)
        else:
            reading = False
    reasons = list(dict.fromkeys(" ".join(r).strip() for r in rejection))  # sheet 01 repeats it

    i_body = next(i for i, t in enumerate(texts) if RE_PART.match(t))
    body = chunk[i_body:]
    i_total = next(i for i, (_, t) in enumerate(body) if RE_TOTAL.match(t))
    tail = [t for _, t in body[i_total + 1:]]
    body = body[:i_total + 1]
    tail_notes: list[list[str]] = []
    for t in tail:
        if t.startswith("Ý kiến"):
            break
        if t.startswith("Ghi chú"):
            tail_notes.append([t])
        elif tail_notes and not RE_NUM.match(t):
            tail_notes[-1].append(t)
    return Sheet(number, title, scope, reasons, body, [" ".join(n) for n in tail_notes])


# --------------------------------------------------------------------------- structure


class ParseError(Exception):
    pass


def take_stars(text: str) -> tuple[str, int | None]:
    """Remove the *** / **** / ***** marker from a title; return (title, stars)."""
    runs = RE_STARS.findall(text)
    if not runs:
        return text.strip(), None
    if len({len(r) for r in runs}) > 1:
        raise ParseError(f"conflicting star markers in {text!r}")
    clean = re.sub(r"\s+([,.;)])", r"\1", RE_STARS.sub(" ", text))
    return " ".join(clean.split()), len(runs[0])


def new_criterion(code: str, title: str) -> dict:
    title, stars = take_stars(title)
    return {"code": code, "title": title, "max": None, "min_stars": stars, "notes": [],
            "options": [], "items": []}


def build_structure(blocks: list[Block]) -> tuple[list[dict], list[str]]:
    """Turn a sheet's blocks into parts -> groups -> criteria; return (parts, problems)."""
    problems: list[str] = []
    parts: list[dict] = []
    part = group = crit = item = None
    group_notes: list[str] = []
    group_stars: int | None = None
    awaiting: dict | None = None  # the heading or option whose number comes next
    case: str | None = None

    def group_criterion() -> dict:
        """A group that lists options directly is one criterion coded like the group."""
        nonlocal crit
        if crit is None:
            crit = new_criterion(group["code"], group["title"])
            crit["max"], crit["min_stars"] = group["max"], group_stars
            crit["notes"].extend(group_notes)
            group_notes.clear()
            group["criteria"].append(crit)
        return crit

    for b in blocks:
        where = f"line {b.line}"
        if b.kind == "part":
            part = {"code": chr(b.nums[0]), "title": RE_PART_POINTS.sub("", b.text).strip(), "max": None,
                    "groups": []}
            parts.append(part)
            group = crit = item = None
            awaiting = part
        elif b.kind == "group":
            if part is None:
                raise ParseError(f"{where}: group before any part")
            if group_notes:
                problems.append(f"{where}: notes of group {group['code']} have no criterion: {group_notes}")
            title, group_stars = take_stars(b.text)
            group = {"code": str(b.nums[0]), "title": title, "max": None, "criteria": []}
            part["groups"].append(group)
            crit = item = case = None
            group_notes = []
            awaiting = group
        elif b.kind == "crit":
            n = b.nums[1]
            if n != len(group["criteria"]) + 1:
                problems.append(f"{where}: criterion {b.nums[0]}.{n} out of sequence")
            if group_notes or group_stars:
                problems.append(f"{where}: group {group['code']} has notes/stars before its first criterion")
            crit = new_criterion(f"{group['code']}{LETTERS[n - 1]}", b.text)
            group["criteria"].append(crit)
            item = case = None
            awaiting = crit
        elif b.kind == "item":
            if crit is None or b.nums[:2] != (int(group["code"]), LETTERS.index(crit["code"][-1]) + 1):
                raise ParseError(f"{where}: sub-item {b.nums} outside its criterion")
            if b.nums[2] != len(crit["items"]) + 1:
                problems.append(f"{where}: sub-item {b.nums} out of sequence")
            item = new_criterion(f"{crit['code']}.{b.nums[2]}", b.text)
            crit["items"].append(item)
            awaiting = item
        elif b.kind == "option":
            if group is None:
                raise ParseError(f"{where}: option outside a group")
            target = item or crit or group_criterion()
            if target["items"]:
                raise ParseError(f"{where}: option after the sub-items of {target['code']}")
            title, stars = take_stars(b.text)
            if case:
                title = f"({case}) {title}"
            opt = {"code": str(len(target["options"]) + 1), "title": title, "points": None,
                   "min_stars": stars, "_option": True}
            target["options"].append(opt)
            awaiting = opt
        elif b.kind == "num":
            if awaiting is None:
                problems.append(f"{where}: stray number {b.nums[0]}")
                continue
            key = "points" if awaiting.get("_option") else "max"
            awaiting[key] = str(b.nums[0])
            awaiting = None
        elif b.kind == "note":
            target = item or crit
            if target is not None:
                target["notes"].append(b.text)
            elif group is not None:
                group_notes.append(b.text)
            else:
                problems.append(f"{where}: note outside any group: {b.text[:60]!r}")
        elif b.kind == "case":
            # Tourism sheet: "Lựa chọn một trong hai trường hợp sau" then two lists of options.
            case = b.text.rstrip(".")
            (item or crit or group_criterion())["notes"].append(case)
        elif b.kind == "total":
            awaiting = None
        else:
            problems.append(f"{where}: unplaced text {b.text[:80]!r}")
    if group_notes:
        problems.append(f"notes of group {group['code']} have no criterion: {group_notes}")
    for g in (g for p in parts for g in p["groups"]):
        if not g["criteria"]:
            problems.append(f"group {g['code']} has neither criteria nor options")
    return parts, problems


# --------------------------------------------------------------------------- fixes


def find_node(parts: list[dict], path: str) -> dict:
    """'A/1a' -> criterion 1a of part A; 'C/6a.1' -> sub-item; 'A/1a#2' -> its option 2."""
    path, _, opt = path.partition("#")
    part_code, code = path.split("/")
    part = next(p for p in parts if p["code"] == part_code)
    for g in part["groups"]:
        for c in g["criteria"]:
            for node in [c, *c["items"]]:
                if node["code"] == code:
                    return next(o for o in node["options"] if o["code"] == opt) if opt else node
    raise KeyError(path)


def apply_fix(parts: list[dict], fix: dict) -> None:
    op, label = fix["op"], f"fix {fix['where']} ({','.join(fix['sets'])})"
    if op == "none":  # recorded only: the inconsistency needs no change in the data
        return
    node = find_node(parts, fix["node"])
    if op == "set":
        for key, value in fix["values"].items():
            if key in fix.get("expect", {}) and node.get(key) != fix["expect"][key]:
                raise SystemExit(f"{label}: {key} is {node.get(key)!r}, expected {fix['expect'][key]!r}")
            node[key] = value
    elif op == "replace_text":
        if fix.get("key") == "notes":
            hits = [i for i, n in enumerate(node["notes"]) if fix["old"] in n]
            if len(hits) != 1:
                raise SystemExit(f"{label}: {len(hits)} notes contain {fix['old']!r}")
            node["notes"][hits[0]] = node["notes"][hits[0]].replace(fix["old"], fix["new"])
        else:
            if fix["old"] not in node["title"]:
                raise SystemExit(f"{label}: {fix['old']!r} not in {node['title']!r}")
            node["title"] = node["title"].replace(fix["old"], fix["new"])
    elif op in {"add_options", "insert_option"}:
        if node["items"] or (op == "add_options" and node["options"]):
            raise SystemExit(f"{label}: criterion already has options or items")
        new = [{"code": "", "title": o["title"], "points": o["points"], "min_stars": o.get("min_stars")}
               for o in fix["options"]]
        at = fix.get("position", len(node["options"]) + 1) - 1
        node["options"][at:at] = new
        for i, o in enumerate(node["options"], 1):
            o["code"] = str(i)
    else:
        raise SystemExit(f"{label}: unknown op {op!r}")


def apply_source_fix(sheet: Sheet, fix: dict) -> None:
    """Replace a run of cleaned lines (``old``, which must occur once in the sheet) by ``new``."""
    texts = [t for _, t in sheet.body]
    old, new = fix["old"], fix["new"]
    hits = [i for i in range(len(texts) - len(old) + 1) if texts[i:i + len(old)] == old]
    if len(hits) != 1:
        raise SystemExit(f"source fix {fix['where']} ({sheet.number:02d}): {len(hits)} matches for {old!r}")
    i = hits[0]
    sheet.body[i:i + len(old)] = [(sheet.body[i][0], t) for t in new]


# --------------------------------------------------------------------------- Annex I


def parse_classification(lines: list[str]) -> dict:
    """Annex I: sector (I..VI) -> group (1, 2 ...) -> sub-group (a, b ...) with the lead ministry.

    Sub-groups (or groups without sub-groups) are rated with the criteria sets 01..26 in the
    order they are listed, which is the order of the sheets in Annex II.
    """
    start, end, _ = annex_bounds(lines)
    rows = [" ".join(t.split()) for t in lines[start:end]]
    rows = rows[next(i for i, t in enumerate(rows) if t == "I"):]
    rows = rows[:next(i for i, t in enumerate(rows) if t.startswith("____"))]
    footnote = " ".join(" ".join(t.split()) for t in lines[start:end] if t.strip())
    footnote = footnote[footnote.index("____"):].lstrip("_ ")
    footnote = re.sub(r"^1\s+", "", footnote)

    sectors: list[dict] = []
    current: dict | None = None  # the row whose title or ministry the next lines continue
    field_name = "title"
    for t in rows:
        if not t:
            continue
        if re.fullmatch(r"[IVX]+", t):
            current = {"code": str(["I", "II", "III", "IV", "V", "VI"].index(t) + 1), "title": "",
                       "groups": []}
            sectors.append(current)
            field_name = "title"
        elif re.fullmatch(r"\d+", t):
            sector = sectors[-1]
            current = {"code": f"{sector['code']}.{t}", "title": "", "ministry": "", "subgroups": []}
            sector["groups"].append(current)
            field_name = "title"
        elif re.fullmatch(r"[a-zđ]", t):
            current = {"title": "", "ministry": ""}
            sectors[-1]["groups"][-1]["subgroups"].append(current)
            field_name = "title"
        else:
            if t.startswith("Bộ ") and field_name == "title" and current is not sectors[-1]:
                field_name = "ministry"
            current[field_name] = f"{current[field_name]} {t}".strip()

    def clean_title(text: str, prefix: str) -> str:
        return re.sub(rf"^{prefix}:\s*", "", text).strip()

    out = []
    number = 0
    for s in sectors:
        title = re.sub(r"^SẢN PHẨM\s+", "", s["title"])
        sector = {"code": s["code"], "title": title[:1] + title[1:].lower(), "groups": []}
        for g in s["groups"]:
            group = {"code": g["code"], "title": clean_title(g["title"], "Nhóm"), "sets": []}
            subs = g["subgroups"] or [{"title": g["title"], "ministry": g["ministry"]}]
            for sub in subs:
                number += 1
                group["sets"].append({"set": f"{number:02d}",
                                      "title": clean_title(clean_title(sub["title"], "Phân nhóm"), "Nhóm"),
                                      "ministry": sub["ministry"] or g["ministry"]})
            sector["groups"].append(group)
        out.append(sector)
    if number != 26:
        raise SystemExit(f"Annex I lists {number} sub-groups, expected 26")
    return {
        "source": "QĐ 26/2026/QĐ-TTg (22/05/2026), Phụ lục I: Danh mục phân loại sản phẩm tham gia đánh giá, "
                  "phân hạng sản phẩm OCOP; built by scripts/criteria/build_qd26.py from a transcript not "
                  "checked against the official gazette. Set numbers follow the order of the sheets in "
                  "Phụ lục II.",
        "ministry_note": footnote,
        "sectors": out,
    }


# --------------------------------------------------------------------------- main


def strip_private(node):
    if isinstance(node, dict):
        return {k: strip_private(v) for k, v in node.items() if not k.startswith("_")}
    if isinstance(node, list):
        return [strip_private(v) for v in node]
    return node


def build(lines: list[str], fixes: list[dict]) -> tuple[dict[str, dict], list[str]]:
    sheets = split_sheets(lines, Cleaner(lines))
    out: dict[str, dict] = {}
    problems: list[str] = []
    for sheet in sheets:
        nn = f"{sheet.number:02d}"
        mine = [f for f in fixes if nn in f["sets"]]
        for f in mine:
            if f["op"] == "source":
                apply_source_fix(sheet, f)
        try:
            parts, found = build_structure(to_blocks(sheet.body))
        except ParseError as exc:
            problems.append(f"set {nn}: {exc}")
            continue
        problems += [f"set {nn}: {p}" for p in found]
        for f in mine:
            if f["op"] != "source":
                apply_fix(parts, f)
        record = []
        if sheet.ocr:
            record.append({"where": "whole sheet", "problem": f"OCR damage in the transcript: {sheet.ocr}",
                           "fix": "rejoined before parsing", "reason": OCR_REASON})
        record += [{k: f[k] for k in ("where", "problem", "fix", "reason")} for f in mine]
        data = {
            "regime": REGIME,
            "set": nn,
            "title": sheet.title,
            "applies_to": sheet.applies_to,
            "parts": strip_private(parts),
            "rejection_reasons": sheet.rejection,
            "notes": sheet.tail_notes,
            "fixes": record,
        }
        found, _kept = add_conditions(data)
        problems += [f"set {nn}: {e}" for e in found + check_set(data, PART_MAX)]
        out[nn] = data
    return out, problems


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Build the QĐ 26/2026 criteria data from its transcript.")
    ap.add_argument("transcript", nargs="?", default=DEFAULT_TRANSCRIPT,
                    help="transcript path, relative to the repository root (default: %(default)s)")
    ap.add_argument("--out", default=DEFAULT_OUT, help="directory for set-NN.json (default: %(default)s)")
    ap.add_argument("--classification", default=DEFAULT_CLASSIFICATION, help="default: %(default)s")
    ap.add_argument("--fixes", default=DEFAULT_FIXES, help="default: %(default)s")
    ap.add_argument("--dump", metavar="NN", help="print how sheet NN was read, write nothing")
    args = ap.parse_args(argv)

    def here(p: str) -> Path:
        return Path(p) if Path(p).is_absolute() else REPO / p

    lines = here(args.transcript).read_text(encoding="utf-8").splitlines()
    if args.dump:
        sheet = split_sheets(lines, Cleaner(lines))[int(args.dump) - 1]
        print(f"# {sheet.title} | {sheet.applies_to}\n# rejection: {sheet.rejection}\n# notes: {sheet.tail_notes}")
        for b in to_blocks(sheet.body):
            print(f"{b.line:6d} {b.kind:6s} {b.nums or ''} {b.text}")
        return 0

    fixes = json.loads(here(args.fixes).read_text(encoding="utf-8"))["fixes"]
    data, problems = build(lines, fixes)
    classification = parse_classification(lines)
    for p in problems:
        print(p, file=sys.stderr)
    if problems:
        print(f"{len(problems)} problems; nothing written", file=sys.stderr)
        return 1
    out_dir = here(args.out)
    out_dir.mkdir(parents=True, exist_ok=True)
    for nn, d in data.items():
        (out_dir / f"set-{nn}.json").write_text(json.dumps(d, ensure_ascii=False, indent=2) + "\n",
                                                encoding="utf-8")
    here(args.classification).write_text(json.dumps(classification, ensure_ascii=False, indent=2) + "\n",
                                         encoding="utf-8")
    n_fixes = sum(len(d["fixes"]) for d in data.values())
    print(f"wrote {len(data)} sets ({n_fixes} fix records) to {args.out} and {args.classification}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
