"""Build OCOP's administrative-unit data files from the vietnamadminunits package.

Development tool only: the application never imports vietnamadminunits; it loads the two CSV
files written here (ocop/territory/loader.py, `manage.py load_units`).

Provenance
    Package  vietnamadminunits 1.0.4 (https://pypi.org/project/vietnamadminunits/1.0.4/)
    Author   Tran Ngoc Minh Hieu
    License  MIT
    Source   its bundled SQLite file data/dataset.db, tables admin_units (the current two-level
             map, 34 provinces and 3,321 communes since 01/07/2025) and admin_units_legacy (the
             three-level map in force until 30/06/2025), and data/converter_2025.json (which
             old commune went to which new commune, and which new province absorbed which old
             provinces).
    Only facts (official codes, names, types, parent links, succession) are taken; the files are
    written in OCOP's own format.

Output (paths relative to the repository root)
    ocop/territory/data/units.csv
        generation,level,kind,code,name,parent_code,valid_from,valid_to
    ocop/territory/data/successions.csv
        predecessor_level,predecessor_code,successor_level,successor_code,is_primary
        Predecessors are always legacy units and successors current ones: legacy commune ->
        current commune(s), one row per successor, exactly one is_primary (the package's
        "default" new commune, i.e. the one that took the main part); legacy province -> the
        current province. Legacy districts get no rows (derive them from their communes), except
        the five island districts that had no communes (Bạch Long Vĩ, Cồn Cỏ, Hoàng Sa, Lý Sơn,
        Côn Đảo), whose only successor is the special zone (đặc khu) that replaced them.

Rerun
    python3.12 -m venv /tmp/vau
    /tmp/vau/bin/pip install vietnamadminunits==1.0.4
    /tmp/vau/bin/python scripts/build_units.py            # from the repository root
    # optional cross-check against the GPL package (read only, nothing from it is written):
    /tmp/vau/bin/pip install vietnam-provinces==2026.9.0
    /tmp/vau/bin/python scripts/build_units.py --cross-check

The script validates what it writes (counts, code widths, one primary successor per old unit)
and stops with an error if the package data does not match its expectations.

Notes on the data (1.0.4)
    - The legacy map is the list as it stood on 30/06/2025: 10,035 communes (the package's
      10,040 legacy rows include the five island districts). vietnam-provinces' legacy list is
      the 04/01/2025 one (10,051 communes): the difference is the commune mergers of the first
      half of 2025 (e.g. Mộc Châu became a thị xã; wards of Bình Thạnh, Phú Nhuận, Quận 6, Quận 11
      were merged and renumbered).
    - Seven rows have a type column that contradicts the name; the name wins (see _split).
    - Succession sets agree with vietnam-provinces for 9,996 of the 10,033 old communes both
      know. The 37 others mostly pair same-named old communes inside one new province (e.g. two
      "Phường 4", two "Phú Tân") as if each had been split into both new communes; only the
      non-primary rows are affected, except 00556 (Đặng Xá) and 31379 (Phú Tân), whose primary
      successor differs between the two packages. Run --cross-check to list them.
"""

from __future__ import annotations

import argparse
import csv
import importlib.metadata
import json
import sqlite3
import sys
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

PACKAGE = "vietnamadminunits"
PACKAGE_VERSION = "1.0.4"
OUT_DIR = Path(__file__).resolve().parent.parent / "ocop" / "territory" / "data"
CURRENT_FROM = "2025-07-01"
LEGACY_TO = "2025-06-30"

UNIT_COLUMNS = ["generation", "level", "kind", "code", "name", "parent_code", "valid_from", "valid_to"]
SUCCESSION_COLUMNS = [
    "predecessor_level",
    "predecessor_code",
    "successor_level",
    "successor_code",
    "is_primary",
]
CODE_WIDTH = {"province": 2, "district": 3, "commune": 5}
LEVEL_ORDER = {"province": 0, "district": 1, "commune": 2}

# Unit type, as the lower-cased prefix of the full name -> AdminUnit.Kind value. A district-level
# "Thành phố" inside a centrally-run city is a thanh_pho_thuoc_tp, see _district().
WARD_KINDS = {"phường": "phuong", "xã": "xa", "thị trấn": "thi_tran", "đặc khu": "dac_khu"}
DISTRICT_KINDS = {"quận": "quan", "huyện": "huyen", "thị xã": "thi_xa", "thành phố": "thanh_pho"}
PROVINCE_KINDS = {"thành phố": "thanh_pho_tw", "tỉnh": "tinh"}

EXPECTED = {
    ("current", "province"): 34,
    ("current", "commune"): 3321,
    ("legacy", "province"): 63,
    ("legacy", "district"): 696,
}


# Rows where the package contradicts itself and the script chose; printed at the end.
WARNINGS: list[str] = []


class DataError(Exception):
    pass


def _nfc(text: str | None) -> str:
    return unicodedata.normalize("NFC", (text or "").strip())


def _split(full_name: str, type_name: str | None, kinds: dict[str, str]) -> tuple[str, str]:
    """('Thành Phố Bắc Kạn', 'Thành phố') -> ('thanh_pho', 'Bắc Kạn'): the type and the name without it.

    The type is read from the prefix of the full name. A few rows of the package carry a type
    column that contradicts it ('Phường Việt Hòa' typed 'Xã'); the prefix is the one that agrees
    with the official list (checked against vietnam-provinces), so it wins and a warning is kept.
    """
    full_name = _nfc(full_name)
    for prefix, kind in kinds.items():
        if full_name.lower().startswith(prefix + " "):
            if type_name is not None and _nfc(type_name).lower() != prefix:
                WARNINGS.append(f"{full_name!r}: type column says {type_name!r}, name prefix says {prefix!r}")
            return kind, full_name[len(prefix) + 1 :].strip()
    raise DataError(f"{full_name!r}: unknown unit type (type column {type_name!r})")


def _district(full_name: str, type_name: str, province_kind: str) -> tuple[str, str]:
    kind, name = _split(full_name, type_name, DISTRICT_KINDS)
    if kind == "thanh_pho" and province_kind == "thanh_pho_tw":
        kind = "thanh_pho_thuoc_tp"  # Thủ Đức, Thủy Nguyên: cities inside a centrally-run city
    return kind, name


def _code(value, level: str) -> str:
    text = str(value).strip()
    if not text.isdigit() or len(text) > CODE_WIDTH[level]:
        raise DataError(f"bad {level} code {value!r}")
    return text.zfill(CODE_WIDTH[level])


def _unit(generation, level, kind, name, code, parent_code=""):
    return {
        "generation": generation,
        "level": level,
        "kind": kind,
        "code": code,
        "name": name,
        "parent_code": parent_code,
        "valid_from": CURRENT_FROM if generation == "current" else "",
        "valid_to": "" if generation == "current" else LEGACY_TO,
    }


def _add(units: dict, row: dict) -> None:
    """Add a unit once; the same unit repeats on every row of its communes and must agree."""
    key = (row["generation"], row["level"], row["code"])
    if key in units and units[key] != row:
        raise DataError(f"conflicting rows for {key}: {units[key]} / {row}")
    units[key] = row


def read_current(db: sqlite3.Connection, units: dict) -> tuple[dict[tuple[str, str], str], dict[str, str]]:
    """Current map. Returns the converter keys of new units: (provinceKey, wardKey) -> commune
    code, and provinceKey -> province code."""
    keys, province_keys = {}, {}
    rows = db.execute(
        "SELECT province, provinceCode, ward, wardType, wardCode, provinceKey, wardKey FROM admin_units"
    )
    for province, p_code, ward, ward_type, w_code, p_key, w_key in rows:
        p_code = _code(p_code, "province")
        p_kind, p_name = _split(province, None, PROVINCE_KINDS)
        _add(units, _unit("current", "province", p_kind, p_name, p_code))
        province_keys[p_key] = p_code
        w_code = _code(w_code, "commune")
        _add(units, _unit("current", "commune", *_split(ward, ward_type, WARD_KINDS), w_code, p_code))
        if (p_key, w_key) in keys:
            raise DataError(f"duplicate converter key {p_key}/{w_key}")
        keys[(p_key, w_key)] = w_code
    return keys, province_keys


def read_legacy(db: sqlite3.Connection, units: dict) -> tuple[dict[str, tuple[str, str]], dict[str, str]]:
    """Legacy map. Returns the converter keys of old units: 'province_district_ward' ->
    (level, code), and provinceKey -> province code."""
    keys, province_keys = {}, {}
    rows = db.execute(
        "SELECT province, provinceCode, district, districtType, districtCode, ward, wardType, wardCode,"
        " provinceKey, districtKey, wardKey FROM admin_units_legacy"
    )
    for province, p_code, district, d_type, d_code, ward, w_type, w_code, p_key, d_key, w_key in rows:
        p_code = _code(p_code, "province")
        p_kind, p_name = _split(province, None, PROVINCE_KINDS)
        _add(units, _unit("legacy", "province", p_kind, p_name, p_code))
        province_keys[p_key] = p_code
        d_code = _code(d_code, "district")
        _add(units, _unit("legacy", "district", *_district(district, d_type, p_kind), d_code, p_code))
        key = f"{p_key}_{d_key}_{w_key or ''}"
        if key in keys:
            raise DataError(f"duplicate converter key {key}")
        if not w_code:  # an island district without communes
            keys[key] = ("district", d_code)
            continue
        w_code = _code(w_code, "commune")
        _add(units, _unit("legacy", "commune", *_split(ward, w_type, WARD_KINDS), w_code, d_code))
        keys[key] = ("commune", w_code)
    return keys, province_keys


def read_successions(converter: dict, current: tuple, legacy: tuple, units: dict) -> list[dict]:
    current_keys, current_province_keys = current
    legacy_keys, legacy_province_keys = legacy
    rows: dict[tuple, dict] = {}

    def add(pred: tuple[str, str], succ_code: str, primary: bool) -> None:
        key = (*pred, succ_code)
        if key in rows:
            raise DataError(f"succession listed twice: {key}")
        rows[key] = {
            "predecessor_level": pred[0],
            "predecessor_code": pred[1],
            "successor_level": "commune",
            "successor_code": succ_code,
            "is_primary": int(primary),
        }

    # Old communes that went whole into one new commune (most of them).
    for p_key, wards in converter["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for new_key, old_keys in wards.items():
            for old_key in old_keys:
                add(legacy_keys[old_key], current_keys[(p_key, new_key)], True)
    # Old communes split between several new communes; one of them is marked the default.
    for p_key, olds in converter["DICT_PROVINCE_WARD_DIVIDED"].items():
        for old_key, news in olds.items():
            for new in news:
                add(
                    legacy_keys[old_key],
                    current_keys[(p_key, new["newWardKey"])],
                    bool(new["isDefaultNewWard"]),
                )

    for new_key, old_keys in converter["DICT_PROVINCE"].items():
        for old_key in old_keys:
            pred = ("province", legacy_province_keys[old_key])
            rows[(*pred, current_province_keys[new_key])] = {
                "predecessor_level": "province",
                "predecessor_code": pred[1],
                "successor_level": "province",
                "successor_code": current_province_keys[new_key],
                "is_primary": 1,
            }
    result = sorted(
        rows.values(),
        key=lambda r: (
            LEVEL_ORDER[r["predecessor_level"]],
            r["predecessor_code"],
            -r["is_primary"],
            r["successor_code"],
        ),
    )
    _check_successions(result, units)
    return result


def _check_successions(rows: list[dict], units: dict) -> None:
    primaries = Counter()
    for row in rows:
        pred = ("legacy", row["predecessor_level"], row["predecessor_code"])
        succ = ("current", row["successor_level"], row["successor_code"])
        if pred not in units or succ not in units:
            raise DataError(f"succession refers to an unknown unit: {row}")
        primaries[pred] += row["is_primary"]
    bad = {k: n for k, n in primaries.items() if n != 1}
    if bad:
        raise DataError(f"old units without exactly one primary successor: {sorted(bad)[:10]}")
    districts_with_communes = {u["parent_code"] for k, u in units.items() if k[:2] == ("legacy", "commune")}
    for key in units:
        if key[0] != "legacy" or key in primaries:
            continue
        if key[1] == "district" and key[2] in districts_with_communes:
            continue
        raise DataError(f"legacy unit without a successor: {key}")
    successors = {("current", r["successor_level"], r["successor_code"]) for r in rows}
    orphans = [k for k in units if k[0] == "current" and k not in successors]
    if orphans:
        raise DataError(f"current units that succeed nothing: {orphans[:10]}")


def _check_units(units: dict) -> Counter:
    counts = Counter((g, lvl) for g, lvl, _ in units)
    for key, expected in EXPECTED.items():
        if counts[key] != expected:
            raise DataError(f"{key}: expected {expected} units, found {counts[key]}")
    for (generation, level, code), row in units.items():
        if len(code) != CODE_WIDTH[level] or not row["name"]:
            raise DataError(f"bad unit row {row}")
        parent_level = {"province": None, "district": "province", "commune": "district"}[level]
        if generation == "current" and level == "commune":
            parent_level = "province"
        if parent_level and (generation, parent_level, row["parent_code"]) not in units:
            raise DataError(f"unit with an unknown parent: {row}")
    return counts


def _write(path: Path, columns: list[str], rows: list[dict]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def build(out_dir: Path) -> tuple[dict, list[dict]]:
    import vietnamadminunits

    version = importlib.metadata.version(PACKAGE)
    if version != PACKAGE_VERSION:
        raise DataError(f"expected {PACKAGE}=={PACKAGE_VERSION}, found {version}")
    data_dir = Path(vietnamadminunits.__file__).parent / "data"
    db = sqlite3.connect(f"file:{data_dir / 'dataset.db'}?mode=ro", uri=True)
    converter = json.loads((data_dir / "converter_2025.json").read_text(encoding="utf-8"))

    units: dict = {}
    current = read_current(db, units)
    legacy = read_legacy(db, units)
    counts = _check_units(units)
    successions = read_successions(converter, current, legacy, units)

    ordered = sorted(
        units.values(),
        key=lambda u: (u["generation"] != "current", LEVEL_ORDER[u["level"]], u["code"]),
    )
    out_dir.mkdir(parents=True, exist_ok=True)
    _write(out_dir / "units.csv", UNIT_COLUMNS, ordered)
    _write(out_dir / "successions.csv", SUCCESSION_COLUMNS, successions)

    for (generation, level), n in sorted(counts.items()):
        print(f"{generation:8} {level:9} {n:6}")
    by_level = Counter(r["predecessor_level"] for r in successions)
    split = sum(1 for r in successions if not r["is_primary"])
    print(f"successions: {len(successions)} rows {dict(by_level)}, {split} non-primary (split communes)")
    print(f"written to {out_dir.name}/units.csv and {out_dir.name}/successions.csv")
    for warning in WARNINGS:
        print(f"note: {warning}")
    return units, successions


def cross_check(units: dict, successions: list[dict]) -> None:
    """Compare with the GPL vietnam-provinces package. Prints differences; writes nothing."""
    try:
        import vietnam_provinces as vp
        from vietnam_provinces import _ward_conversion_2025 as conversion
        from vietnam_provinces import legacy
    except ImportError:
        print("cross-check skipped: vietnam-provinces is not installed")
        return
    print(f"\ncross-check against vietnam-provinces {vp.__version__} (data {vp.__data_version__})")

    def compare(label: str, ours: dict[str, str], theirs: dict[str, str]) -> None:
        only_ours, only_theirs = sorted(set(ours) - set(theirs)), sorted(set(theirs) - set(ours))
        names = [c for c in set(ours) & set(theirs) if ours[c] != theirs[c]]
        from_fold = [c for c in names if _loose(ours[c]) != _loose(theirs[c])]
        print(
            f"{label}: ours {len(ours)}, theirs {len(theirs)}; only ours {len(only_ours)} {only_ours[:12]},"
            f" only theirs {len(only_theirs)} {only_theirs[:12]}; names differ {len(names)}"
            f" (of which beyond tone-mark placement/punctuation: {len(from_fold)})"
        )
        for code in sorted(from_fold)[:15]:
            print(f"    {code}: ours {ours[code]!r} theirs {theirs[code]!r}")

    def ours(generation: str, level: str) -> dict[str, str]:
        return {k[2]: u["name"] for k, u in units.items() if k[:2] == (generation, level)}

    def strip(name: str) -> str:
        for prefix in (
            "Thành phố ",
            "Tỉnh ",
            "Quận ",
            "Huyện ",
            "Thị xã ",
            "Phường ",
            "Xã ",
            "Thị trấn ",
            "Đặc khu ",
        ):
            if name.lower().startswith(prefix.lower()):
                return name[len(prefix) :]
        return name

    compare(
        "current provinces",
        ours("current", "province"),
        {_code(p.code, "province"): strip(p.name) for p in vp.Province.iter_all()},
    )
    compare(
        "current communes",
        ours("current", "commune"),
        {_code(w.code, "commune"): strip(w.name) for w in vp.Ward.iter_all()},
    )
    compare(
        "legacy provinces",
        ours("legacy", "province"),
        {_code(p.code, "province"): strip(p.name) for p in legacy.Province.iter_all()},
    )
    compare(
        "legacy districts",
        ours("legacy", "district"),
        {_code(d.code, "district"): strip(d.name) for d in legacy.District.iter_all()},
    )
    compare(
        "legacy communes",
        ours("legacy", "commune"),
        {_code(w.code, "commune"): strip(w.name) for w in legacy.Ward.iter_all()},
    )

    mine = defaultdict(set)
    for row in successions:
        if row["predecessor_level"] == "commune":
            mine[row["predecessor_code"]].add(row["successor_code"])
    theirs = {
        _code(e.old_ward.code, "commune"): {_code(n.code, "commune") for n in e.new_wards}
        for e in conversion.OLD_TO_NEW.values()
    }
    common = set(mine) & set(theirs)
    differ = sorted(c for c in common if mine[c] != theirs[c])
    print(
        f"commune successions: {len(common)} old communes in both, {len(differ)} with different successor sets"
    )
    primary = {r["predecessor_code"]: r["successor_code"] for r in successions if r["is_primary"]}
    for code in differ:
        unit = units[("legacy", "commune", code)]
        flag = "" if primary[code] in theirs[code] else "  <- our primary is not among theirs"
        print(
            f"    {code} {unit['kind']} {unit['name']} (district {unit['parent_code']}): primary {primary[code]},"
            f" ours {sorted(mine[code])} theirs {sorted(theirs[code])}{flag}"
        )
    only_mine = sorted(set(mine) - set(theirs))
    print(f"old communes with successors here but none there: {len(only_mine)} {only_mine}")


def _loose(name: str) -> str:
    """Name compared loosely: no diacritics, no punctuation (hoà/hòa, 'A - B'/'A B')."""
    text = unicodedata.normalize("NFD", name.replace("đ", "d").replace("Đ", "D"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    return " ".join("".join(ch if ch.isalnum() else " " for ch in text).split())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--out", type=Path, default=OUT_DIR, help="output directory (default: ocop/territory/data)"
    )
    parser.add_argument(
        "--cross-check", action="store_true", help="compare with vietnam-provinces (GPL), print only"
    )
    args = parser.parse_args(argv)
    try:
        units, successions = build(args.out)
    except (DataError, KeyError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if args.cross_check:
        cross_check(units, successions)
    return 0


if __name__ == "__main__":
    sys.exit(main())
