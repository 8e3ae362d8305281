"""Criteria regimes and sets as immutable data, loaded from ``ocop/criteria/data``.

Pure module: no Django, no database. The files follow docs/criteria-data-format.md:
``data/regimes.json`` describes the regimes, ``data/<regime>/set-NN.json`` holds one criteria set
(scoring sheet). Points are read as :class:`~decimal.Decimal` from their decimal strings.

Everything is cached: each file is read once per process (``functools.cache``), so the objects
returned are shared and must not be mutated (they are frozen dataclasses of tuples).

    list_regimes()                       all regimes, in file order
    get_regime("qd148-2023")
    list_sets("qd148-2023")              the sets of a regime with sheets, by set code
    get_set("qd148-2023", "01")          one set ("1" and 1 are accepted for "01")
    leaf_criteria(criteria_set)          the criteria an answer sheet chooses in, in sheet order

Every function takes an optional ``data_dir`` (tests point it at a fixture directory).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
REGIMES_FILE = "regimes.json"


class DataError(Exception):
    """A data file is missing or does not have the documented shape (message in Vietnamese)."""


class UnknownSet(LookupError):
    """No such regime or set (message in Vietnamese)."""

    def __str__(self) -> str:  # LookupError would quote the message
        return str(self.args[0]) if self.args else ""


@dataclass(frozen=True, slots=True)
class Option:
    code: str
    title: str
    points: Decimal
    min_stars: int | None


@dataclass(frozen=True, slots=True)
class Clause:
    """Part of a condition: the leaf ``criterion`` is answered with one of ``options`` ("0" may be
    listed: "no option of that criterion applies")."""

    criterion: str
    options: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Condition:
    """A conditional note of the sheet ("Chỉ áp dụng khi có câu chuyện sản phẩm"), as data: it
    holds when every clause holds. ``source`` is the criterion that carries the note."""

    note: str
    source: str
    when: tuple[Clause, ...]


@dataclass(frozen=True, slots=True)
class Criterion:
    code: str
    title: str
    max: Decimal
    min_stars: int | None
    notes: tuple[str, ...]
    options: tuple[Option, ...]
    items: tuple[Criterion, ...]
    conditions: tuple[Condition, ...] = ()  # all must hold, else the criterion scores 0

    @property
    def is_leaf(self) -> bool:
        """A leaf has options and is answered directly; a parent has sub-items instead."""
        return not self.items


@dataclass(frozen=True, slots=True)
class Group:
    code: str
    title: str
    max: Decimal
    criteria: tuple[Criterion, ...]


@dataclass(frozen=True, slots=True)
class Part:
    code: str
    title: str
    max: Decimal
    groups: tuple[Group, ...]


@dataclass(frozen=True, slots=True)
class Fix:
    where: str
    problem: str
    fix: str
    reason: str


@dataclass(frozen=True, eq=False)
class CriteriaSet:
    """One scoring sheet. Compared and hashed by identity: the loader returns one object per file."""

    regime: str
    code: str
    title: str
    applies_to: str
    parts: tuple[Part, ...]
    rejection_reasons: tuple[str, ...]
    notes: tuple[str, ...]
    fixes: tuple[Fix, ...]

    def __repr__(self) -> str:
        return f"<CriteriaSet {self.regime}/{self.code}>"


@dataclass(frozen=True, slots=True)
class Regime:
    code: str
    title: str
    decision: str
    signed: str
    in_force_from: str | None
    in_force_to: str | None
    part_max: tuple[tuple[str, Decimal], ...]
    has_sheets: bool

    @property
    def part_max_map(self) -> dict[str, Decimal]:
        return dict(self.part_max)


# --------------------------------------------------------------------------- parsing


def _dec(value, where: str) -> Decimal:
    """A decimal string ("2.5"), as the format requires; never a JSON number (a float would be
    rounded before we saw it). Decimal values are accepted for sets built in code."""
    if not isinstance(value, str | Decimal):
        raise DataError(f"{where}: điểm phải là chuỗi thập phân, không phải {value!r}")
    try:
        result = Decimal(value)
    except InvalidOperation:
        raise DataError(f"{where}: điểm không phải số: {value!r}") from None
    if not result.is_finite():
        raise DataError(f"{where}: điểm không hợp lệ: {value!r}")
    return result


def _req(obj: dict, key: str, where: str):
    if not isinstance(obj, dict):
        raise DataError(f"{where}: cần một đối tượng JSON")
    if key not in obj:
        raise DataError(f"{where}: thiếu khóa {key!r}")
    return obj[key]


def _stars(value, where: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise DataError(f"{where}: min_stars phải là 3, 4, 5 hoặc null, không phải {value!r}")
    return value


def _criterion(raw: dict, where: str) -> Criterion:
    code = str(_req(raw, "code", where))
    here = f"{where}/{code}"
    return Criterion(
        code=code,
        title=str(_req(raw, "title", here)),
        max=_dec(_req(raw, "max", here), f"{here} max"),
        min_stars=_stars(raw.get("min_stars"), here),
        notes=tuple(str(n) for n in raw.get("notes") or ()),
        options=tuple(
            Option(
                code=str(_req(o, "code", here)),
                title=str(_req(o, "title", here)),
                points=_dec(_req(o, "points", here), f"{here}#{o.get('code')}"),
                min_stars=_stars(o.get("min_stars"), f"{here}#{o.get('code')}"),
            )
            for o in raw.get("options") or ()
        ),
        items=tuple(_criterion(i, where) for i in raw.get("items") or ()),
        conditions=tuple(_condition(x, here) for x in raw.get("conditions") or ()),
    )


def _condition(raw: dict, where: str) -> Condition:
    when = _req(raw, "when", f"{where} conditions")
    if not isinstance(when, list):
        raise DataError(f"{where} conditions: 'when' phải là danh sách")
    clauses = []
    for clause in when:
        options = _req(clause, "options", f"{where} conditions")
        if not isinstance(options, list):
            raise DataError(f"{where} conditions: 'options' phải là danh sách mã phương án")
        clauses.append(Clause(criterion=str(_req(clause, "criterion", f"{where} conditions")),
                              options=tuple(str(o) for o in options)))
    return Condition(note=str(_req(raw, "note", f"{where} conditions")),
                     source=str(raw.get("source") or ""), when=tuple(clauses))


def parse_set(raw: dict, source: str = "") -> CriteriaSet:
    """Build a :class:`CriteriaSet` from the JSON object of one set file (no sum checks here;
    those are in :mod:`ocop.criteria.validation`)."""
    where = source or "bộ tiêu chí"
    regime = str(_req(raw, "regime", where))
    code = str(_req(raw, "set", where))
    where = f"{regime} bộ {code}"
    parts = []
    for p in _req(raw, "parts", where):
        pcode = str(_req(p, "code", where))
        groups = []
        for g in _req(p, "groups", f"{where} {pcode}"):
            gcode = str(_req(g, "code", f"{where} {pcode}"))
            gwhere = f"{where} {pcode}/{gcode}"
            groups.append(Group(
                code=gcode,
                title=str(_req(g, "title", gwhere)),
                max=_dec(_req(g, "max", gwhere), f"{gwhere} max"),
                criteria=tuple(_criterion(c, f"{where} {pcode}") for c in _req(g, "criteria", gwhere)),
            ))
        parts.append(Part(code=pcode, title=str(_req(p, "title", f"{where} {pcode}")),
                          max=_dec(_req(p, "max", f"{where} {pcode}"), f"{where} {pcode} max"),
                          groups=tuple(groups)))
    return CriteriaSet(
        regime=regime,
        code=code,
        title=str(_req(raw, "title", where)),
        applies_to=str(raw.get("applies_to") or ""),
        parts=tuple(parts),
        rejection_reasons=tuple(str(r) for r in raw.get("rejection_reasons") or ()),
        notes=tuple(str(n) for n in raw.get("notes") or ()),
        fixes=tuple(Fix(where=str(f.get("where", "")), problem=str(f.get("problem", "")),
                        fix=str(f.get("fix", "")), reason=str(f.get("reason", "")))
                    for f in raw.get("fixes") or ()),
    )


def read_json(path: Path):
    """Read one data file; a missing file or bad JSON is a :class:`DataError` naming the file."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DataError(f"không tìm thấy tệp dữ liệu {path.parent.name}/{path.name}") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise DataError(f"{path.parent.name}/{path.name}: JSON lỗi ở dòng {exc.lineno}: {exc.msg}") from None


# --------------------------------------------------------------------------- loading


def _dir(data_dir: Path | str | None) -> Path:
    return DATA_DIR if data_dir is None else Path(data_dir)


@cache
def _regimes(data_dir: Path) -> tuple[Regime, ...]:
    raw = read_json(data_dir / REGIMES_FILE)
    if not isinstance(raw, list):
        raise DataError(f"{REGIMES_FILE}: cần một danh sách chế độ")
    regimes = []
    for i, r in enumerate(raw):
        where = f"{REGIMES_FILE} mục {i + 1}"
        code = str(_req(r, "code", where))
        part_max = _req(r, "part_max", f"{REGIMES_FILE} {code}")
        if not isinstance(part_max, dict):
            raise DataError(f"{REGIMES_FILE} {code}: part_max phải là đối tượng")
        regimes.append(Regime(
            code=code,
            title=str(r.get("title") or ""),
            decision=str(r.get("decision") or ""),
            signed=str(r.get("signed") or ""),
            in_force_from=r.get("in_force_from"),
            in_force_to=r.get("in_force_to"),
            part_max=tuple((str(k), _dec(v, f"{REGIMES_FILE} {code} part_max {k}")) for k, v in part_max.items()),
            has_sheets=bool(r.get("has_sheets")),
        ))
    codes = [r.code for r in regimes]
    if len(set(codes)) != len(codes):
        raise DataError(f"{REGIMES_FILE}: trùng mã chế độ")
    return tuple(regimes)


def list_regimes(data_dir: Path | str | None = None) -> tuple[Regime, ...]:
    return _regimes(_dir(data_dir))


def get_regime(code: str, data_dir: Path | str | None = None) -> Regime:
    for regime in list_regimes(data_dir):
        if regime.code == code:
            return regime
    known = ", ".join(r.code for r in list_regimes(data_dir))
    raise UnknownSet(f"không có chế độ tiêu chí {code!r} (có: {known})")


def normalize_set_code(code: str | int) -> str:
    """"1", 1, "01" → "01"."""
    text = str(code).strip()
    if text.isdigit():
        return f"{int(text):02d}"
    raise UnknownSet(f"mã bộ tiêu chí {code!r} không hợp lệ (cần 01…26)")


@cache
def _set_files(data_dir: Path, regime: str) -> tuple[str, ...]:
    folder = data_dir / regime
    if not folder.is_dir():
        return ()
    return tuple(sorted(p.stem.removeprefix("set-") for p in folder.glob("set-[0-9][0-9].json")))


@cache
def _load_set(data_dir: Path, regime: str, code: str) -> CriteriaSet:
    path = data_dir / regime / f"set-{code}.json"
    raw = read_json(path)
    cs = parse_set(raw, source=f"{regime}/set-{code}.json")
    if cs.regime != regime or cs.code != code:
        raise DataError(f"{regime}/set-{code}.json ghi regime={cs.regime!r}, set={cs.code!r}")
    return cs


def set_codes(regime: str, data_dir: Path | str | None = None) -> tuple[str, ...]:
    """Codes of the set files present for a regime ("01" …), without reading them."""
    get_regime(regime, data_dir)
    return _set_files(_dir(data_dir), regime)


def list_sets(regime: str, data_dir: Path | str | None = None) -> tuple[CriteriaSet, ...]:
    return tuple(_load_set(_dir(data_dir), regime, c) for c in set_codes(regime, data_dir))


def get_set(regime: str, set_code: str | int, data_dir: Path | str | None = None) -> CriteriaSet:
    reg = get_regime(regime, data_dir)
    code = normalize_set_code(set_code)
    if code not in _set_files(_dir(data_dir), regime):
        if not reg.has_sheets:
            raise UnknownSet(f"chế độ {regime} không có phiếu chấm (bộ tiêu chí dạng dữ liệu)")
        raise UnknownSet(f"không có bộ tiêu chí {code} trong chế độ {regime}")
    return _load_set(_dir(data_dir), regime, code)


def clear_caches() -> None:
    """Forget every file read (tests that rewrite fixture files call this)."""
    for fn in (_regimes, _set_files, _load_set, _leaves):
        fn.cache_clear()


# --------------------------------------------------------------------------- walking


def iter_criteria(criteria_set: CriteriaSet):
    """(part, group, criterion) for every criterion and sub-item, depth first, in sheet order."""
    def walk(part, group, crit):
        yield part, group, crit
        for item in crit.items:
            yield from walk(part, group, item)

    for part in criteria_set.parts:
        for group in part.groups:
            for crit in group.criteria:
                yield from walk(part, group, crit)


@cache
def _leaves(criteria_set: CriteriaSet) -> tuple[Criterion, ...]:
    return tuple(c for _, _, c in iter_criteria(criteria_set) if c.is_leaf)


def leaf_criteria(criteria_set: CriteriaSet) -> tuple[Criterion, ...]:
    """The criteria that carry options (sub-items included, their parents excluded), in sheet order."""
    return _leaves(criteria_set)
