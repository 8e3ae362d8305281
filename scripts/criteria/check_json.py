"""Check criteria set files against docs/criteria-data-format.md (a build-time aid).

Usage, from the repository root::

    .venv/bin/python scripts/criteria/check_json.py ocop/criteria/data/qd26-2026 [more dirs or files]

Checks the shape (keys, codes, decimal strings, star markers), that every criterion's max equals
its best option (or the sum of its sub-items), that group and part maxima are sums, and that the
parts have the maxima of the file's regime (from ocop/criteria/data/regimes.json when present).
Exit status 1 when anything is wrong. The real check is ``ocop criteria check``; this one is small
and has no dependencies, so the build script can use it.
"""

from __future__ import annotations

import json
import re
import sys
from decimal import Decimal
from pathlib import Path

DEFAULT_PART_MAX = {"A": "40", "B": "25", "C": "35"}
SET_KEYS = ["regime", "set", "title", "applies_to", "parts", "rejection_reasons", "notes", "fixes"]
PART_KEYS = ["code", "title", "max", "groups"]
GROUP_KEYS = ["code", "title", "max", "criteria"]
CRITERION_KEYS = ["code", "title", "max", "min_stars", "notes", "options", "items"]
OPTION_KEYS = ["code", "title", "points", "min_stars"]
FIX_KEYS = ["where", "problem", "fix", "reason"]
RE_DECIMAL = re.compile(r"\d+(\.\d+)?")
RE_CRITERION = re.compile(r"(\d+)([a-zđ]?)")


def check_set(data: dict, part_max: dict[str, str] | None = None) -> list[str]:
    """Problems in one set (an empty list when it is valid)."""
    part_max = part_max or DEFAULT_PART_MAX
    errs: list[str] = []

    def keys(node: dict, expected: list[str], where: str) -> None:
        if list(node) != expected:
            errs.append(f"{where}: keys {list(node)}, expected {expected}")

    def num(value, where: str) -> Decimal:
        if not isinstance(value, str) or not RE_DECIMAL.fullmatch(value):
            errs.append(f"{where}: {value!r} is not a decimal string")
            return Decimal(0)
        return Decimal(value)

    def stars(value, where: str) -> None:
        if value not in (None, 3, 4, 5):
            errs.append(f"{where}: min_stars {value!r}")

    def title(text, where: str) -> None:
        if not isinstance(text, str) or not text.strip():
            errs.append(f"{where}: empty title")
        elif "*" in text:
            errs.append(f"{where}: asterisks left in the title")

    def criterion(c: dict, where: str) -> Decimal:
        w = f"{where}/{c.get('code')}"
        keys(c, CRITERION_KEYS + ["conditions"] if "conditions" in c else CRITERION_KEYS, w)
        title(c.get("title"), w)
        stars(c.get("min_stars"), w)
        if not all(isinstance(n, str) for n in c.get("notes", [])):
            errs.append(f"{w}: notes must be strings")
        items, options = c.get("items", []), c.get("options", [])
        if items:
            if options:
                errs.append(f"{w}: has both items and options")
            for i, it in enumerate(items, 1):
                if it.get("code") != f"{c.get('code')}.{i}":
                    errs.append(f"{w}: item {i} is coded {it.get('code')!r}")
            best = sum((criterion(it, where) for it in items), Decimal(0))
            what = "items sum"
        else:
            if not options:
                errs.append(f"{w}: neither options nor items")
            for i, o in enumerate(options, 1):
                ow = f"{w}#{o.get('code')}"
                keys(o, OPTION_KEYS, ow)
                if o.get("code") != str(i):
                    errs.append(f"{ow}: option codes must run 1, 2, ... in sheet order")
                title(o.get("title"), ow)
                stars(o.get("min_stars"), ow)
            best = max((num(o.get("points"), f"{w}#{o.get('code')}") for o in options), default=Decimal(0))
            what = "best option gives"
        mx = num(c.get("max"), w)
        if mx != best:
            errs.append(f"{w}: max {c.get('max')} but its {what} {best}")
        return mx

    keys(data, SET_KEYS, "set")
    if not re.fullmatch(r"\d\d", str(data.get("set"))) or not 1 <= int(data["set"]) <= 26:
        errs.append(f"set number {data.get('set')!r}")
    parts = data.get("parts", [])
    if [p.get("code") for p in parts] != ["A", "B", "C"]:
        errs.append(f"parts {[p.get('code') for p in parts]}, expected A, B, C")
    group_no = 0
    for p in parts:
        keys(p, PART_KEYS, p.get("code", "?"))
        total = Decimal(0)
        for g in p.get("groups", []):
            group_no += 1
            gw = f"{p.get('code')}/{g.get('code')}"
            keys(g, GROUP_KEYS, gw)
            if g.get("code") != str(group_no):
                errs.append(f"{gw}: groups must be numbered 1, 2, ... across the parts")
            title(g.get("title"), gw)
            gsum = Decimal(0)
            if not g.get("criteria"):
                errs.append(f"{gw}: no criteria")
            for c in g.get("criteria", []):
                m = RE_CRITERION.fullmatch(str(c.get("code")))
                if not m or m.group(1) != g.get("code") or (m.group(2) == "" and len(g["criteria"]) > 1):
                    errs.append(f"{gw}: criterion code {c.get('code')!r} does not fit group {g.get('code')!r}")
                gsum += criterion(c, p.get("code"))
            gmax = num(g.get("max"), gw)
            if gmax != gsum:
                errs.append(f"{gw}: group max {g.get('max')} but its criteria sum {gsum}")
            total += gmax
        pmax = num(p.get("max"), p.get("code", "?"))
        if pmax != total:
            errs.append(f"{p.get('code')}: part max {p.get('max')} but its groups sum {total}")
        if p.get("code") in part_max and pmax != Decimal(part_max[p["code"]]):
            errs.append(f"{p.get('code')}: part max {p.get('max')}, regime {data.get('regime')} sets "
                        f"{part_max[p['code']]}")
    for key in ("rejection_reasons", "notes"):
        if not all(isinstance(t, str) and t for t in data.get(key, [])):
            errs.append(f"{key}: must be non-empty strings")
    for i, f in enumerate(data.get("fixes", []), 1):
        keys(f, FIX_KEYS, f"fixes[{i}]")
    return errs


def regime_part_max(path: Path) -> dict[str, dict[str, str]]:
    """Part maxima per regime code, from the regimes.json found above ``path`` (if any)."""
    for folder in [path, *path.parents]:
        candidate = folder / "regimes.json"
        if candidate.is_file():
            return {r["code"]: r["part_max"] for r in json.loads(candidate.read_text(encoding="utf-8"))}
    return {}


def main(argv: list[str]) -> int:
    if not argv:
        print("usage: check_json.py DIR_OR_FILE...", file=sys.stderr)
        return 2
    bad = 0
    for arg in argv:
        path = Path(arg)
        files = sorted(path.glob("set-*.json")) if path.is_dir() else [path]
        if path.is_dir() and len(files) != 26:
            print(f"{path}: {len(files)} set files, expected 26")
            bad += 1
        maxima = regime_part_max(path.resolve())
        for f in files:
            data = json.loads(f.read_text(encoding="utf-8"))
            errs = check_set(data, maxima.get(data.get("regime")))
            if f.stem != f"set-{data.get('set')}":
                errs.append(f"file name does not match set {data.get('set')!r}")
            for e in errs:
                print(f"{f.name}: {e}")
            bad += bool(errs)
    print("all valid" if not bad else f"{bad} file(s) with problems", file=sys.stderr)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
