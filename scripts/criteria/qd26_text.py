"""The text layer of the QĐ 26/2026 transcript reader (build_qd26.py): undo the OCR damage, cut
Annex II into its 26 sheets and each sheet into classified blocks (parts, groups, criteria,
options, numbers, notes). build_qd26.py turns the blocks into the criteria structure."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

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
