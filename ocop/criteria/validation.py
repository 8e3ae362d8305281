"""Check the criteria data: every set of every regime that has sheets.

``check_all()`` returns a list of :class:`Problem`, empty when the data is sound. For each set:

- the parts are the regime's parts, in order (A, B, C), each with the regime's ``part_max``
  (40/25/35, 100 in all, for qd148-2023 and qd26-2026), and each part's max is the sum of its
  groups;
- each group's max is the sum of its criteria;
- each criterion has either options (a leaf) or sub-items, never both nor neither; its max is its
  best option's points, or the sum of its sub-items' max;
- criterion codes are unique within the set (answers are keyed by them), option codes unique
  within their criterion, and no option is coded "0" (an answer sheet uses "0" for "no option
  applies"); points are not negative;
- every ``min_stars`` marker is 3, 4, 5 or null;
- every condition (a conditional note as data) sits on a leaf, has a note and at least one clause,
  and each clause names a leaf that comes **earlier** on the sheet (so conditions never loop) and
  options that leaf has ("0" allowed: "no option applies");
- the file's ``regime`` and ``set`` match its path.

A file that cannot be read at all gives one problem for that set. Each problem names the regime,
the set and the place (``C/6d``: part and criterion; ``C/6``: a group; ``C``: a part).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from ocop.criteria import sheets
from ocop.criteria.sheets import CriteriaSet, Criterion, DataError

STAR_MARKERS = {3, 4, 5, None}


@dataclass(frozen=True)
class Problem:
    regime: str
    set: str
    where: str  # "C/6d", "C/6", "C" or "" for the whole set
    message: str

    def __str__(self) -> str:
        place = f", tiêu chí {self.where}" if self.where else ""
        return f"{self.regime} bộ {self.set}{place}: {self.message}"


def check_set(cs: CriteriaSet, part_max: dict[str, Decimal] | None = None) -> list[Problem]:
    """Problems of one parsed set; ``part_max`` is the regime's (``{"A": 40, ...}``) if known."""
    problems: list[Problem] = []

    def add(where: str, message: str) -> None:
        problems.append(Problem(cs.regime, cs.code, where, message))

    seen: dict[str, str] = {}

    def check_criterion(c: Criterion, part: str) -> None:
        where = f"{part}/{c.code}"
        if c.code in seen:
            add(where, f"mã tiêu chí {c.code} trùng với tiêu chí ở {seen[c.code]}")
        seen.setdefault(c.code, where)
        if c.min_stars not in STAR_MARKERS:
            add(where, f"dấu sao tối thiểu {c.min_stars} không hợp lệ (chỉ 3, 4, 5 hoặc không có)")
        if c.max < 0:
            add(where, f"điểm tối đa âm ({c.max})")
        if c.options and c.items:
            add(where, "vừa có phương án vừa có mục con")
        elif not c.options and not c.items:
            add(where, "không có phương án nào")
        elif c.options:
            codes = [o.code for o in c.options]
            dupes = sorted({x for x in codes if codes.count(x) > 1})
            if dupes:
                add(where, f"trùng mã phương án {', '.join(dupes)}")
            for o in c.options:
                if o.code == "0":
                    add(where, "mã phương án 0 được dành cho câu trả lời 'không phương án nào phù hợp'")
                if o.min_stars not in STAR_MARKERS:
                    add(where, f"phương án {o.code}: dấu sao tối thiểu {o.min_stars} không hợp lệ "
                               "(chỉ 3, 4, 5 hoặc không có)")
                if o.points < 0:
                    add(where, f"phương án {o.code}: điểm âm ({o.points})")
            best = max(o.points for o in c.options)
            if best != c.max:
                add(where, f"điểm tối đa {c.max} khác điểm phương án cao nhất {best}")
        else:
            for item in c.items:
                check_criterion(item, part)
            total = sum((i.max for i in c.items), Decimal(0))
            if total != c.max:
                add(where, f"điểm tối đa {c.max} khác tổng các mục con {total}")

    check_conditions(cs, add)
    codes = [p.code for p in cs.parts]
    if part_max is not None and codes != list(part_max):
        add("", f"các phần là {', '.join(codes) or '(không có)'}, chế độ quy định {', '.join(part_max)}")
    for part in cs.parts:
        for group in part.groups:
            for c in group.criteria:
                check_criterion(c, part.code)
            total = sum((c.max for c in group.criteria), Decimal(0))
            if not group.criteria:
                add(f"{part.code}/{group.code}", "nhóm không có tiêu chí")
            elif total != group.max:
                add(f"{part.code}/{group.code}", f"điểm tối đa của nhóm {group.max} khác tổng các tiêu chí {total}")
        total = sum((g.max for g in part.groups), Decimal(0))
        if total != part.max:
            add(part.code, f"điểm tối đa của phần {part.max} khác tổng các nhóm {total}")
        if part_max is not None and part.code in part_max and part.max != part_max[part.code]:
            add(part.code, f"điểm tối đa của phần {part.max}, chế độ quy định {part_max[part.code]}")
    return problems


def check_conditions(cs: CriteriaSet, add) -> None:
    """Conditions: on leaves, naming earlier leaves and their options (see the module docstring)."""
    earlier: dict[str, Criterion] = {}
    for part, _group, c in sheets.iter_criteria(cs):
        where = f"{part.code}/{c.code}"
        if c.conditions and not c.is_leaf:
            add(where, "điều kiện áp dụng chỉ đặt ở tiêu chí có phương án, không ở tiêu chí có mục con")
        for cond in c.conditions:
            if not cond.note.strip():
                add(where, "điều kiện áp dụng thiếu ghi chú của phiếu")
            if not cond.when:
                add(where, "điều kiện áp dụng không có vế nào")
            for clause in cond.when:
                ref = earlier.get(clause.criterion)
                if ref is None:
                    add(where, f"điều kiện áp dụng nhắc tới tiêu chí {clause.criterion}, không phải một tiêu chí "
                               "có phương án đứng trước trên phiếu")
                    continue
                known = {o.code for o in ref.options} | {"0"}
                bad = [o for o in clause.options if o not in known]
                if bad or not clause.options:
                    add(where, f"điều kiện áp dụng: tiêu chí {clause.criterion} không có phương án "
                               f"{', '.join(bad) or '(trống)'}")
        if c.is_leaf:
            earlier[c.code] = c


def check_all(data_dir: Path | str | None = None) -> list[Problem]:
    """Problems of every set of every regime with sheets (reads the files fresh, not the cache)."""
    problems: list[Problem] = []
    try:
        regimes = sheets.list_regimes(data_dir)
    except DataError as exc:
        return [Problem("", "", "", str(exc))]
    base = sheets.DATA_DIR if data_dir is None else Path(data_dir)
    for regime in regimes:
        total = sum(regime.part_max_map.values(), Decimal(0))
        if regime.has_sheets and total != 100:
            problems.append(Problem(regime.code, "", "", f"tổng điểm các phần là {total}, không phải 100"))
        if not regime.has_sheets:
            continue
        files = sorted((base / regime.code).glob("set-*.json"))
        if not files:
            problems.append(Problem(regime.code, "", "", "chế độ có phiếu chấm nhưng không có tệp set-NN.json nào"))
        for path in files:
            code = path.stem.removeprefix("set-")
            try:
                cs = sheets.parse_set(sheets.read_json(path), source=f"{regime.code}/{path.name}")
            except DataError as exc:
                problems.append(Problem(regime.code, code, "", f"không đọc được: {exc}"))
                continue
            if cs.regime != regime.code or cs.code != code:
                problems.append(Problem(regime.code, code, "",
                                        f"tệp ghi regime={cs.regime!r}, set={cs.code!r}, không khớp đường dẫn"))
            problems.extend(check_set(cs, regime.part_max_map))
    return problems


def count_valid(data_dir: Path | str | None = None) -> dict[str, int]:
    """Number of set files per regime with sheets (for the ``check`` summary)."""
    base = sheets.DATA_DIR if data_dir is None else Path(data_dir)
    return {r.code: len(list((base / r.code).glob("set-*.json")))
            for r in sheets.list_regimes(data_dir) if r.has_sheets}
