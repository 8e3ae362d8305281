"""Build the QĐ 148/QĐ-TTg (2023) criteria data from the CSV transcriptions.

Reads ``set-NN.csv`` (columns ``title, description, level, stars, score``; level 0 part, 1 group,
2 criterion, 3 option) from the reference directory, applies the reviewed fixes kept as data in
``ocop/criteria/data/qd148-2023/fixes.json`` and writes ``ocop/criteria/data/qd148-2023/set-NN.json``
in the format of docs/criteria-data-format.md. Every applied fix is listed in the set's ``fixes``.

Usage (from the repository root)::

    python scripts/criteria/build_qd148.py [SOURCE_DIR] [--out DIR] [--fixes FILE] [--check]

SOURCE_DIR defaults to ../shared/reference/criteria-qd148-2023 relative to the repository root.
``--check`` builds everything in memory and exits 1 if a written file differs (nothing is
written). The script refuses to write a set that does not add up (A 40, B 25, C 35, each
criterion's max equal to its best option or the sum of its sub-items, each group's max equal to
the sum of its criteria).

Reading rules (not corrections; see the data NOTES.md):

- ``Phần A``/``B``/``C`` rows are parts; ``N.`` rows groups; ``a)``, ``b)`` ... rows criteria coded
  group number + letter ("1a", "1đ"); ``□`` rows options coded "1", "2", ... in sheet order.
- Options placed directly under a group, and a group whose only criterion is lettered "a)", give
  one criterion coded with the group number ("7") and titled as the group; the lone criterion's
  own text, if any, becomes a note.
- A level-2 row starting with "- " is a sub-item of the criterion above it (code "6a.1").
- Asterisks (``***``, ``****``, ``*****``) are read as ``min_stars`` 3/4/5 and removed from titles;
  they must agree with the ``stars`` column.
- Extra title lines, the description column and "Ghi chú" lines inside an option become the
  criterion's ``notes`` (a group's own notes go to its first criterion).
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from decimal import Decimal, InvalidOperation
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # loaded by file path in the tests too
from build_conditions import add_conditions  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
DEFAULT_SOURCE = Path("../shared/reference/criteria-qd148-2023")
DEFAULT_OUT = Path("ocop/criteria/data/qd148-2023")
DEFAULT_FIXES = DEFAULT_OUT / "fixes.json"
REGIME = "qd148-2023"
PART_MAX = {"A": Decimal(40), "B": Decimal(25), "C": Decimal(35)}
LETTERS = ["a", "b", "c", "d", "đ", "e", "g", "h", "i", "k"]
COLUMNS = ["title", "description", "level", "stars", "score"]

STAR_NOTE = ("Dấu sao là yêu cầu tối thiểu phải đạt theo các cấp độ sao "
             "(*** - 3 sao; **** - 4 sao; ***** - 5 sao)")

# Set titles as in the headings of the QĐ 148 sheets; applies_to from the classification of
# products (6 sectors, 26 sets), which QĐ 26/2026 Annex I keeps unchanged.
SETS = {
    "01": ("Bộ sản phẩm: Rau, củ, quả, hạt tươi", "Sản phẩm: Thực phẩm. Nhóm: Thực phẩm tươi sống"),
    "02": ("Bộ sản phẩm: Thịt, thủy sản, trứng, sữa tươi", "Sản phẩm: Thực phẩm. Nhóm: Thực phẩm tươi sống"),
    "03": ("Bộ sản phẩm: Gạo, ngũ cốc, hạt sơ chế khác", "Sản phẩm: Thực phẩm. Nhóm: Thực phẩm thô, sơ chế"),
    "04": ("Bộ sản phẩm: Mật ong, mật khác và nông sản thực phẩm khác",
           "Sản phẩm: Thực phẩm. Nhóm: Thực phẩm thô, sơ chế"),
    "05": ("Bộ sản phẩm: Đồ ăn nhanh", "Sản phẩm: Thực phẩm. Nhóm: Thực phẩm chế biến"),
    "06": ("Bộ sản phẩm: Chế biến từ gạo, ngũ cốc", "Sản phẩm: Thực phẩm. Nhóm: Thực phẩm chế biến"),
    "07": ("Bộ sản phẩm: Chế biến từ rau, củ, quả, hạt", "Sản phẩm: Thực phẩm. Nhóm: Thực phẩm chế biến"),
    "08": ("Bộ sản phẩm: Chế biến từ thịt, thủy sản, trứng, sữa, các sản phẩm từ mật ong, mật khác "
           "và nông sản thực phẩm khác", "Sản phẩm: Thực phẩm. Nhóm: Thực phẩm chế biến"),
    "09": ("Bộ sản phẩm: Tương, nước mắm, gia vị dạng lỏng khác", "Sản phẩm: Thực phẩm. Nhóm: Gia vị"),
    "10": ("Bộ sản phẩm: Gia vị khác (muối, hành, tỏi, tiêu,...)", "Sản phẩm: Thực phẩm. Nhóm: Gia vị"),
    "11": ("Bộ sản phẩm: Chè tươi, chè chế biến", "Sản phẩm: Thực phẩm. Nhóm: Chè"),
    "12": ("Bộ sản phẩm: Sản phẩm trà từ thực vật khác", "Sản phẩm: Thực phẩm. Nhóm: Chè"),
    "13": ("Bộ sản phẩm: Cà phê, ca cao", "Sản phẩm: Thực phẩm. Nhóm: Cà phê, ca cao"),
    "14": ("Bộ sản phẩm: Rượu trắng", "Sản phẩm: Đồ uống. Nhóm: Đồ uống có cồn"),
    "15": ("Bộ sản phẩm: Đồ uống có cồn khác", "Sản phẩm: Đồ uống. Nhóm: Đồ uống có cồn"),
    "16": ("Bộ sản phẩm: Nước khoáng thiên nhiên, nước uống tinh khiết đóng chai",
           "Sản phẩm: Đồ uống. Nhóm: Đồ uống không cồn"),
    "17": ("Bộ sản phẩm: Đồ uống không cồn khác", "Sản phẩm: Đồ uống. Nhóm: Đồ uống không cồn"),
    "18": ("Bộ sản phẩm: Thực phẩm chức năng, thuốc dược liệu, thuốc y học cổ truyền",
           "Sản phẩm: Thảo dược. Nhóm: Thực phẩm chức năng, thuốc dược liệu, thuốc cổ truyền"),
    "19": ("Bộ sản phẩm: Mỹ phẩm có thành phần từ thảo dược", "Sản phẩm: Thảo dược. Nhóm: Mỹ phẩm"),
    "20": ("Bộ sản phẩm: Tinh dầu và thảo dược khác", "Sản phẩm: Thảo dược. Nhóm: Tinh dầu và thảo dược khác"),
    "21": ("Bộ sản phẩm: Thủ công mỹ nghệ gia dụng, trang trí",
           "Sản phẩm: Thủ công mỹ nghệ. Nhóm: Thủ công mỹ nghệ gia dụng, trang trí"),
    "22": ("Bộ sản phẩm: Vải, may mặc", "Sản phẩm: Thủ công mỹ nghệ. Nhóm: Vải, may mặc"),
    "23": ("Bộ sản phẩm: Hoa", "Sản phẩm: Sinh vật cảnh. Nhóm: Hoa"),
    "24": ("Bộ sản phẩm: Cây cảnh", "Sản phẩm: Sinh vật cảnh. Nhóm: Cây cảnh"),
    "25": ("Bộ sản phẩm: Động vật cảnh", "Sản phẩm: Sinh vật cảnh. Nhóm: Động vật cảnh"),
    "26": ("Bộ sản phẩm: Dịch vụ du lịch cộng đồng, du lịch sinh thái và điểm du lịch",
           "Sản phẩm: Dịch vụ du lịch cộng đồng, du lịch sinh thái và điểm du lịch"),
}

RE_PART = re.compile(r"^Phần\s+([ABC])\b[\s:.]*(.*)$", re.DOTALL)
RE_PART_POINTS = re.compile(r"\s*\(\s*\d+\s*Điểm\s*\)\s*$", re.IGNORECASE)
RE_GROUP = re.compile(r"^(\d+)\s*\.\s*(.*)$", re.DOTALL)
RE_CRIT = re.compile(r"^([a-zđ])\s*[).]\s*(.*)$", re.DOTALL)
RE_ITEM = re.compile(r"^-\s*(.*)$", re.DOTALL)
RE_OPTION = re.compile(r"^□\s*(.*)$", re.DOTALL)
RE_STARS = re.compile(r"\s*(\*{3,5})")
RE_NOTE_START = re.compile(r"\s*\n\s*(?=Ghi chú|Chú ý|Lưu ý)")


class BuildError(Exception):
    """The source does not read as expected; the message names the set and row."""


# --------------------------------------------------------------------------- helpers


def clean(text: str) -> str:
    """Collapse runs of white space (new lines included) to one space."""
    return " ".join(text.split())


def dec(text: str, where: str) -> Decimal:
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        raise BuildError(f"{where}: điểm không phải số: {text!r}") from None
    if not value.is_finite() or value < 0:
        raise BuildError(f"{where}: điểm không hợp lệ: {text!r}")
    return value


def dec_str(value: Decimal) -> str:
    """The decimal string the data format uses: "40", "2.5" (no exponent, no trailing zeros)."""
    return format(value.normalize(), "f")


def take_stars(text: str, column: str, where: str) -> tuple[str, int | None]:
    """Remove the asterisk marker from a title; check it against the ``stars`` column."""
    found = RE_STARS.findall(text)
    if len(found) > 1:
        raise BuildError(f"{where}: nhiều dấu sao trong tiêu đề: {text!r}")
    stars = len(found[0].strip()) if found else None
    col = int(column) if column.strip() else None
    if col is not None and stars is not None and col != stars:
        raise BuildError(f"{where}: cột stars ({col}) khác dấu sao trong tiêu đề ({stars})")
    return RE_STARS.sub("", text), stars if stars is not None else col


def split_note(text: str) -> tuple[str, str]:
    """An option cell may end with its own "Ghi chú: ..." line; return (option text, note)."""
    bits = RE_NOTE_START.split(text, maxsplit=1)
    return bits[0], bits[1] if len(bits) > 1 else ""


def split_lines(text: str) -> list[str]:
    return [clean(line) for line in text.split("\n") if clean(line)]


# --------------------------------------------------------------------------- fixes on the source


def load_fixes(path: Path) -> list[dict]:
    data = json.loads(path.read_text(encoding="utf-8"))
    fixes = data["fixes"] if isinstance(data, dict) else data
    for i, fix in enumerate(fixes):
        for key in ("set", "where", "problem", "fix", "reason", "ops"):
            if key not in fix:
                raise BuildError(f"{path.name}: mục {i + 1} thiếu khóa {key!r}")
    return fixes


def read_rows(path: Path) -> list[dict]:
    """Rows of one CSV, each with its ``row`` number as a spreadsheet shows it (header = 1)."""
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        if reader.fieldnames != COLUMNS:
            raise BuildError(f"{path.name}: cột {reader.fieldnames}, cần {COLUMNS}")
        return [{**row, "row": n} for n, row in enumerate(reader, start=2)]


def apply_source_ops(set_code: str, rows: list[dict], fixes: list[dict]) -> list[dict]:
    """Apply the ``cell`` and ``insert_row`` operations of this set's fixes to the raw rows."""
    by_row = {r["row"]: r for r in rows}
    inserts: dict[int, list[dict]] = {}
    for fix in fixes:
        for op in fix["ops"]:
            where = f"bộ {set_code}, sửa {fix['where']!r}"
            if op["op"] == "cell":
                row = by_row.get(op["row"])
                if row is None:
                    raise BuildError(f"{where}: không có dòng {op['row']}")
                if row[op["column"]] != op["expect"]:
                    raise BuildError(f"{where}: dòng {op['row']} cột {op['column']} là "
                                     f"{row[op['column']]!r}, không phải {op['expect']!r} như bản sửa chờ đợi")
                row[op["column"]] = op["value"]
            elif op["op"] == "insert_row":
                if op["before"] not in by_row:
                    raise BuildError(f"{where}: không có dòng {op['before']}")
                new = {c: op["values"].get(c, "") for c in COLUMNS}
                inserts.setdefault(op["before"], []).append({**new, "row": f"{op['before']}(chèn)"})
            elif op["op"] != "merge_cases":
                raise BuildError(f"{where}: thao tác không rõ {op['op']!r}")
    out: list[dict] = []
    for row in rows:
        out.extend(inserts.get(row["row"], []))
        out.append(row)
    return out


# --------------------------------------------------------------------------- parsing


def new_criterion(code: str, title: str, stars: int | None, score: str, row) -> dict:
    return {"code": code, "title": title, "max": score, "min_stars": stars, "notes": [],
            "options": [], "items": [], "_row": row}


def parse(set_code: str, rows: list[dict]) -> list[dict]:
    """Literal reading of the rows into parts → groups → criteria (→ items) → options."""
    parts: list[dict] = []
    part = group = crit = None
    target = None  # where the next option goes: a criterion, an item, or the group itself
    for row in rows:
        where = f"bộ {set_code}, dòng {row['row']}"
        raw, level = row["title"].strip(), row["level"].strip()
        desc = split_lines(row["description"])
        if level == "0":
            m = RE_PART.match(raw)
            if not m:
                raise BuildError(f"{where}: không đọc được phần: {raw!r}")
            title = RE_PART_POINTS.sub("", clean(m.group(2))).strip(" :.")
            part = {"code": m.group(1), "title": title, "max": row["score"], "groups": [], "_row": row["row"]}
            parts.append(part)
            group = crit = target = None
        elif level == "1":
            m = RE_GROUP.match(raw)
            if not m or part is None:
                raise BuildError(f"{where}: không đọc được nhóm: {raw!r}")
            text, stars = take_stars(m.group(2), row["stars"], where)
            lines = split_lines(text)
            group = {"code": m.group(1), "title": lines[0], "max": row["score"], "criteria": [],
                     "_notes": lines[1:] + desc, "_stars": stars, "_row": row["row"],
                     "_direct": None}
            part["groups"].append(group)
            crit = None
            target = group
        elif level == "2":
            if group is None:
                raise BuildError(f"{where}: tiêu chí nằm ngoài nhóm: {raw!r}")
            text, stars = take_stars(raw, row["stars"], where)
            if m := RE_ITEM.match(text):
                if crit is None or crit["options"]:
                    raise BuildError(f"{where}: mục con '- ' không có tiêu chí cha: {raw!r}")
                lines = split_lines(m.group(1))
                item = new_criterion(f"{crit['code']}.{len(crit['items']) + 1}", lines[0], stars,
                                     row["score"], row["row"])
                item["notes"] = lines[1:] + desc
                crit["items"].append(item)
                target = item
                continue
            m = RE_CRIT.match(text)
            if not m:
                raise BuildError(f"{where}: không đọc được tiêu chí: {raw!r}")
            letter = m.group(1)
            expected = LETTERS[len(group["criteria"])]
            if letter != expected:
                raise BuildError(f"{where}: tiêu chí '{letter})' nhưng thứ tự cần '{expected})'")
            if group["_direct"]:
                raise BuildError(f"{where}: nhóm {group['code']} vừa có phương án trực tiếp vừa có tiêu chí")
            lines = split_lines(m.group(2))
            crit = new_criterion(group["code"] + letter, lines[0] if lines else "", stars,
                                 row["score"], row["row"])
            crit["notes"] = lines[1:] + desc
            group["criteria"].append(crit)
            target = crit
        elif level == "3":
            m = RE_OPTION.match(raw)
            if not m or target is None:
                raise BuildError(f"{where}: không đọc được phương án: {raw!r}")
            body, note = split_note(m.group(1))
            text, stars = take_stars(body, row["stars"], where)
            if target is group:
                # Options directly under the group: one criterion coded by the group number.
                if group["criteria"] and not group["_direct"]:
                    raise BuildError(f"{where}: phương án sau các tiêu chí của nhóm {group['code']}")
                if not group["_direct"]:
                    direct = new_criterion(group["code"], group["title"], group["_stars"], group["max"],
                                           group["_row"])
                    group["_direct"] = direct
                    group["criteria"].append(direct)
                holder = group["_direct"]
            else:
                holder = target
                if holder["items"]:
                    raise BuildError(f"{where}: phương án sau các mục con của {holder['code']}")
            holder["options"].append({"code": str(len(holder["options"]) + 1), "title": clean(text),
                                      "points": row["score"], "min_stars": stars, "_row": row["row"]})
            if note:
                holder["notes"].append(clean(note))
            if desc:
                holder["notes"].extend(desc)
        else:
            raise BuildError(f"{where}: cấp {level!r} không rõ")
    return parts


def shape(set_code: str, parts: list[dict], fixes: list[dict]) -> None:
    """Apply the reading rules for lone criteria and group notes, then the structural fixes."""
    merges = {op["group"]: fix for fix in fixes for op in fix["ops"] if op["op"] == "merge_cases"}
    for part in parts:
        for group in part["groups"]:
            if group["code"] in merges:
                merge_cases(set_code, group)
                merges.pop(group["code"])
            crits = group["criteria"]
            if not crits:
                raise BuildError(f"bộ {set_code}: nhóm {group['code']} không có tiêu chí")
            if len(crits) == 1 and crits[0]["code"] == group["code"] + "a" and not crits[0]["items"]:
                lone = crits[0]
                own = lone["title"]
                lone["code"] = group["code"]
                lone["title"] = group["title"]
                if own and clean(own).casefold() != clean(group["title"]).casefold():
                    lone["notes"].insert(0, own)
                if lone["min_stars"] is None:
                    lone["min_stars"] = group["_stars"]
                elif group["_stars"] is not None:
                    raise BuildError(f"bộ {set_code}: dấu sao ở cả nhóm và tiêu chí {group['code']}")
            elif group["_stars"] is not None and not group["_direct"]:
                raise BuildError(f"bộ {set_code}: dấu sao ở nhóm {group['code']} có nhiều tiêu chí")
            if group["_notes"]:
                crits[0]["notes"][:0] = [n for n in group["_notes"] if n not in crits[0]["notes"]]
    if merges:
        raise BuildError(f"bộ {set_code}: không có nhóm {sorted(merges)} để gộp trường hợp")


def merge_cases(set_code: str, group: dict) -> None:
    """"Lựa chọn một trong hai trường hợp": one criterion whose options are all the cases' options.

    The evaluator ticks exactly one box among the cases, so the group is one choice worth at most
    its best option. Each option's title is prefixed with its case, as the QĐ 26 data does.
    """
    crits = group["criteria"]
    if len(crits) < 2 or any(c["items"] for c in crits):
        raise BuildError(f"bộ {set_code}: nhóm {group['code']} không có các trường hợp để gộp")
    merged = new_criterion(group["code"], group["title"], group["_stars"], group["max"], group["_row"])
    for c in crits:
        merged["notes"].append(c["title"])
        merged["notes"].extend(c["notes"])
        if c["min_stars"] is not None:
            raise BuildError(f"bộ {set_code}: trường hợp {c['code']} có dấu sao ở tiêu đề")
        for opt in c["options"]:
            merged["options"].append({**opt, "code": str(len(merged["options"]) + 1),
                                      "title": f"({c['title']}) {opt['title']}"})
    group["criteria"] = [merged]
    group["_direct"] = merged


# --------------------------------------------------------------------------- output


def finish_criterion(c: dict, set_code: str) -> dict:
    where = f"bộ {set_code}, tiêu chí {c['code']} (dòng {c['_row']})"
    out = {"code": c["code"], "title": clean(c["title"]), "max": None, "min_stars": c["min_stars"],
           "notes": [clean(n) for n in c["notes"]], "options": [], "items": []}
    if c["options"] and c["items"]:
        raise BuildError(f"{where}: vừa có phương án vừa có mục con")
    if not c["options"] and not c["items"]:
        raise BuildError(f"{where}: không có phương án")
    for o in c["options"]:
        out["options"].append({"code": o["code"], "title": o["title"],
                               "points": dec_str(dec(o["points"], f"bộ {set_code}, dòng {o['_row']}")),
                               "min_stars": o["min_stars"]})
    out["items"] = [finish_criterion(i, set_code) for i in c["items"]]
    out["max"] = dec_str(dec(c["max"], where))
    return out


def build_set(set_code: str, source: Path, fixes: list[dict]) -> dict:
    mine = [f for f in fixes if f["set"] == set_code]
    rows = apply_source_ops(set_code, read_rows(source / f"set-{set_code}.csv"), mine)
    parts = parse(set_code, rows)
    shape(set_code, parts, mine)
    title, applies_to = SETS[set_code]
    data = {
        "regime": REGIME,
        "set": set_code,
        "title": title,
        "applies_to": applies_to,
        "parts": [
            {"code": p["code"], "title": p["title"], "max": dec_str(dec(p["max"], f"phần {p['code']}")),
             "groups": [{"code": g["code"], "title": g["title"],
                         "max": dec_str(dec(g["max"], f"bộ {set_code}, nhóm {g['code']}")),
                         "criteria": [finish_criterion(c, set_code) for c in g["criteria"]]}
                        for g in p["groups"]]}
            for p in parts
        ],
        "rejection_reasons": [],
        "notes": [STAR_NOTE],
        "fixes": [{k: f[k] for k in ("where", "problem", "fix", "reason")} for f in mine],
    }
    problems, _kept = add_conditions(data)
    errors = check(data) + problems
    if errors:
        raise BuildError(f"bộ {set_code} không hợp lệ sau khi sửa:\n  " + "\n  ".join(errors))
    return data


def check(data: dict) -> list[str]:
    """The sums the format requires (the application's validator checks the same, and more)."""
    errors: list[str] = []

    def crit_max(c: dict, where: str) -> Decimal:
        mx = Decimal(c["max"])
        if c["options"]:
            best = max(Decimal(o["points"]) for o in c["options"])
            if best != mx:
                errors.append(f"{where}/{c['code']}: max {mx}, phương án cao nhất {best}")
            codes = [o["code"] for o in c["options"]]
            if len(set(codes)) != len(codes):
                errors.append(f"{where}/{c['code']}: trùng mã phương án")
        else:
            total = sum((crit_max(i, where) for i in c["items"]), Decimal(0))
            if total != mx:
                errors.append(f"{where}/{c['code']}: max {mx}, tổng mục con {total}")
        return mx

    codes: list[str] = []
    for p in data["parts"]:
        psum = Decimal(0)
        for g in p["groups"]:
            gsum = Decimal(0)
            for c in g["criteria"]:
                gsum += crit_max(c, p["code"])
                codes.append(c["code"])
                codes.extend(i["code"] for i in c["items"])
            if gsum != Decimal(g["max"]):
                errors.append(f"{p['code']}/{g['code']}: max {g['max']}, tổng tiêu chí {gsum}")
            psum += Decimal(g["max"])
        if psum != Decimal(p["max"]) or PART_MAX.get(p["code"]) != Decimal(p["max"]):
            errors.append(f"{p['code']}: max {p['max']}, tổng nhóm {psum}, quy định {PART_MAX.get(p['code'])}")
    if [p["code"] for p in data["parts"]] != list(PART_MAX):
        errors.append(f"các phần {[p['code'] for p in data['parts']]}")
    dupes = sorted({c for c in codes if codes.count(c) > 1})
    if dupes:
        errors.append(f"trùng mã tiêu chí {dupes}")
    return errors


def render(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Dựng dữ liệu bộ tiêu chí QĐ 148/2023 từ các tệp CSV.")
    ap.add_argument("source", nargs="?", type=Path, default=None,
                    help=f"thư mục CSV (mặc định {DEFAULT_SOURCE}, tính từ gốc kho mã)")
    ap.add_argument("--out", type=Path, default=None, help=f"thư mục ghi (mặc định {DEFAULT_OUT})")
    ap.add_argument("--fixes", type=Path, default=None, help=f"tệp sửa lỗi (mặc định {DEFAULT_FIXES})")
    ap.add_argument("--check", action="store_true", help="chỉ kiểm tra các tệp đã ghi có khớp không")
    args = ap.parse_args(argv)
    source = args.source if args.source is not None else REPO / DEFAULT_SOURCE
    out = args.out if args.out is not None else REPO / DEFAULT_OUT
    fixes_path = args.fixes if args.fixes is not None else REPO / DEFAULT_FIXES
    try:
        fixes = load_fixes(fixes_path)
        unknown = sorted({f["set"] for f in fixes} - set(SETS))
        if unknown:
            raise BuildError(f"{fixes_path.name}: bộ không tồn tại {unknown}")
        built = {code: render(build_set(code, source, fixes)) for code in SETS}
    except (BuildError, OSError) as exc:
        print(f"Lỗi: {exc}", file=sys.stderr)
        return 1
    stale = [code for code, text in built.items()
             if not (out / f"set-{code}.json").exists()
             or (out / f"set-{code}.json").read_text(encoding="utf-8") != text]
    if args.check:
        for code in stale:
            print(f"set-{code}.json khác với kết quả dựng lại", file=sys.stderr)
        print(f"{len(built) - len(stale)}/{len(built)} bộ khớp")
        return 1 if stale else 0
    out.mkdir(parents=True, exist_ok=True)
    for code in stale:
        (out / f"set-{code}.json").write_text(built[code], encoding="utf-8")
    n_fixes = sum(len(json.loads(t)["fixes"]) for t in built.values())
    print(f"Đã dựng {len(built)} bộ ({len(stale)} tệp thay đổi), {n_fixes} bản sửa được áp dụng.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
