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
from pathlib import Path

from build_conditions import add_conditions  # same folder: on sys.path when this file is run as a script
from check_json import check_set
from qd26_text import (
    LETTERS,
    OCR_REASON,
    RE_PART_POINTS,
    RE_STARS,
    Block,
    Cleaner,
    Sheet,
    annex_bounds,
    split_sheets,
    to_blocks,
)

REPO = Path(__file__).resolve().parents[2]
DEFAULT_TRANSCRIPT = "../shared/reference/qd-26-2026-transcript.txt"
DEFAULT_OUT = "ocop/criteria/data/qd26-2026"
DEFAULT_CLASSIFICATION = "ocop/criteria/data/classification.json"
DEFAULT_FIXES = "scripts/criteria/qd26_fixes.json"
REGIME = "qd26-2026"
PART_MAX = {"A": "40", "B": "25", "C": "35"}
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
