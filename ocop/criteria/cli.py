"""Command-line entry points, as plain functions (``ocop criteria ...`` and ``ocop rate ...``).

    criteria_main(["check"])                       verify every set; exit 1 on any problem
    criteria_main(["list"])                        regimes and their sets
    criteria_main(["show", "--regime", R, "--set", NN, "--format", "json"|"text"])
    rate_main(["--regime", R, "--set", NN, "--answers", F1, F2, ..., "--consolidated", F,
               "--level", "province"|"central"])

Output conventions
    ``show --format json`` writes ``max`` and ``points`` as JSON numbers, exactly as the data's
    decimal strings (40, 2.5), never through float; star markers are integers or null.
    ``rate`` writes every score (totals, parts, average, spread) as a decimal string ("72.5");
    star counts as integers. The average is truncated to 2 decimals for display; the band is
    decided on the exact average (see :mod:`ocop.criteria.scoring`).

Exit codes: 0 success; 1 ``check`` found problems or the data cannot be read; 2 bad arguments or
a bad answer sheet (message on stderr naming the file and the criterion).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from decimal import Decimal
from pathlib import Path

from ocop.criteria import sheets
from ocop.criteria.scoring import SheetError, council_result
from ocop.criteria.sheets import CriteriaSet, Criterion, DataError, UnknownSet
from ocop.criteria.validation import check_all, count_valid

LEVEL_NAMES = {"province": "cấp tỉnh", "central": "cấp trung ương"}


# argparse writes its own framing in English; these are the phrases our commands can produce.
_ARGPARSE_VI = (
    ("the following arguments are required: ", "thiếu tham số bắt buộc: "),
    ("unrecognized arguments: ", "tham số không nhận ra: "),
    ("invalid choice: ", "lựa chọn không hợp lệ: "),
    ("(choose from ", "(chọn một trong "),
    ("expected at least one argument", "cần ít nhất một giá trị"),
    ("expected one argument", "cần một giá trị"),
    ("argument ", "tham số "),
)


class _Formatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        return super().add_usage(usage, actions, groups, "cách dùng: " if prefix is None else prefix)


class _Parser(argparse.ArgumentParser):
    """argparse with Vietnamese usage line, section titles and error messages."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", _Formatter)
        kwargs.setdefault("add_help", False)
        super().__init__(*args, **kwargs)
        self._positionals.title = "tham số"
        self._optionals.title = "tùy chọn"
        self.add_argument("-h", "--help", action="help", help="hiện hướng dẫn này rồi thoát")

    def error(self, message: str):
        for english, vietnamese in _ARGPARSE_VI:
            message = message.replace(english, vietnamese)
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: lỗi: {message}\n")


def _parser(prog: str, description: str) -> argparse.ArgumentParser:
    return _Parser(prog=prog, description=description)


# --------------------------------------------------------------------------- JSON with exact numbers

_NUM = "\x00num:"


def _num(value: Decimal) -> str:
    """A placeholder that :func:`_dumps` turns into a bare JSON number, written exactly."""
    return _NUM + format(value.normalize(), "f")


def _dumps(obj) -> str:
    text = json.dumps(obj, ensure_ascii=False, indent=2)
    return re.sub(r'"\\u0000num:(-?\d+(?:\.\d+)?)"', r"\1", text)


def _dec(value: Decimal) -> str:
    """A score as a decimal string: "72", "72.5" (no exponent, no trailing zeros)."""
    return format(value.normalize(), "f") if value != 0 else "0"


# --------------------------------------------------------------------------- ocop criteria


def _leaf_rows(cs: CriteriaSet):
    """(part, criterion) for the leaves, in sheet order (sub-items listed as their own criteria)."""
    for part, _group, c in sheets.iter_criteria(cs):
        if c.is_leaf:
            yield part, c


def set_as_json(cs: CriteriaSet) -> dict:
    parts = []
    for part in cs.parts:
        parts.append({
            "code": part.code,
            "max": _num(part.max),
            "criteria": [
                {"code": c.code, "title": c.title, "max": _num(c.max), "min_stars": c.min_stars,
                 "options": [{"code": o.code, "title": o.title, "points": _num(o.points),
                              "min_stars": o.min_stars} for o in c.options]}
                for p, c in _leaf_rows(cs) if p is part
            ],
        })
    return {"regime": cs.regime, "set": cs.code, "title": cs.title, "parts": parts}


def _stars(n: int | None) -> str:
    return f" [{'*' * n}]" if n else ""


def _applies_when(cond) -> str:
    """A condition in words: "chỉ áp dụng khi 5a là 2, 3, 4 hoặc 5 (ghi chú ở 5b), nếu không: 0 điểm"."""
    clauses = "; ".join(f"{c.criterion} là {', '.join(c.options)}" for c in cond.when)
    return f"chỉ áp dụng khi {clauses} (ghi chú ở {cond.source}), nếu không: 0 điểm"


def set_as_text(cs: CriteriaSet) -> str:
    lines = [f"{cs.regime} — bộ {cs.code}: {cs.title}"]
    if cs.applies_to:
        lines.append(cs.applies_to)

    def crit(c: Criterion, indent: str) -> None:
        lines.append(f"{indent}{c.code}. {c.title} (tối đa {_dec(c.max)}){_stars(c.min_stars)}")
        for note in c.notes:
            lines.append(f"{indent}    » {note}")
        lines.extend(f"{indent}    ⇒ {_applies_when(cond)}" for cond in c.conditions)
        for o in c.options:
            lines.append(f"{indent}    [{o.code}] {o.title} — {_dec(o.points)} điểm{_stars(o.min_stars)}")
        for item in c.items:
            crit(item, indent + "  ")

    for part in cs.parts:
        lines.append("")
        lines.append(f"Phần {part.code}: {part.title} ({_dec(part.max)} điểm)")
        for group in part.groups:
            lines.append(f"  {group.code}. {group.title} ({_dec(group.max)} điểm)")
            for c in group.criteria:
                if len(group.criteria) == 1 and c.code == group.code and c.title == group.title:
                    for note in c.notes:
                        lines.append(f"      » {note}")
                    lines.extend(f"      ⇒ {_applies_when(cond)}" for cond in c.conditions)
                    for o in c.options:
                        lines.append(f"      [{o.code}] {o.title} — {_dec(o.points)} điểm{_stars(o.min_stars)}")
                else:
                    crit(c, "    ")
    for note in cs.notes:
        lines.append("")
        lines.append(f"Ghi chú: {note}")
    if cs.fixes:
        lines.append("")
        lines.append(f"Đã sửa {len(cs.fixes)} lỗi chép so với bản nguồn:")
        lines.extend(f"  - {f.where}: {f.fix}" for f in cs.fixes)
    return "\n".join(lines)


def _cmd_check(_args) -> int:
    problems = check_all()
    for p in problems:
        print(str(p))
    if problems:
        print(f"Có {len(problems)} lỗi trong dữ liệu bộ tiêu chí.", file=sys.stderr)
        return 1
    counts = count_valid()
    detail = ", ".join(f"{code}: {n}" for code, n in counts.items())
    print(f"{sum(counts.values())} bộ tiêu chí hợp lệ ({detail})")
    return 0


def _cmd_list(_args) -> int:
    for regime in sheets.list_regimes():
        period = f"{regime.in_force_from or '?'} → {regime.in_force_to or 'nay'}"
        head = f"{regime.code}  {regime.decision or regime.title}  ({period})"
        if not regime.has_sheets:
            print(f"{head}  — không có phiếu chấm")
            continue
        found = sheets.list_sets(regime.code)
        print(f"{head}  — {len(found)} bộ")
        for cs in found:
            print(f"  {cs.code}  {cs.title}")
    return 0


def _cmd_show(args) -> int:
    cs = sheets.get_set(args.regime, args.set)
    print(_dumps(set_as_json(cs)) if args.format == "json" else set_as_text(cs))
    return 0


def criteria_main(argv: list[str]) -> int:
    parser = _parser("ocop criteria", "Bộ tiêu chí đánh giá, phân hạng sản phẩm OCOP (dữ liệu).")
    sub = parser.add_subparsers(dest="command", metavar="LỆNH", parser_class=_Parser, title="lệnh")
    sub.required = True
    p = sub.add_parser("check", help="kiểm tra mọi bộ tiêu chí (tổng điểm, mã, dấu sao)")
    p.set_defaults(func=_cmd_check)
    p = sub.add_parser("list", help="liệt kê các chế độ và bộ tiêu chí")
    p.set_defaults(func=_cmd_list)
    p = sub.add_parser("show", help="hiện một bộ tiêu chí")
    p.add_argument("--regime", required=True, metavar="CHẾ_ĐỘ", help="mã chế độ, ví dụ qd148-2023, qd26-2026")
    p.add_argument("--set", required=True, metavar="BỘ", help="mã bộ tiêu chí, 01…26")
    p.add_argument("--format", choices=["json", "text"], default="text", help="định dạng (mặc định text)")
    p.set_defaults(func=_cmd_show)
    if not argv:
        parser.print_help()
        return 2
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except UnknownSet as exc:
        print(f"Lỗi: {exc}", file=sys.stderr)
        return 2
    except DataError as exc:
        print(f"Lỗi dữ liệu: {exc}", file=sys.stderr)
        return 1


# --------------------------------------------------------------------------- ocop rate


class _BadFile(Exception):
    pass


def _read_answers(path: str) -> dict:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise _BadFile(f"tệp {path}: không tìm thấy") from None
    except OSError as exc:
        raise _BadFile(f"tệp {path}: không đọc được ({exc.strerror})") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise _BadFile(f"tệp {path}: JSON lỗi ở dòng {exc.lineno}, cột {exc.colno}") from None
    if not isinstance(data, dict):
        raise _BadFile(f"tệp {path}: cần một đối tượng JSON {{\"mã tiêu chí\": \"mã phương án\"}}")
    return data


def result_as_json(cs: CriteriaSet, result) -> dict:
    return {
        "regime": cs.regime,
        "set": cs.code,
        "members": [{"total": _dec(m.total), "parts": {k: _dec(v) for k, v in m.parts.items()},
                     "not_applicable": list(m.not_applicable)}
                    for m in result.members],
        "average": _dec(result.average_display),
        "spread": _dec(result.spread),
        "band_stars": result.band_stars,
        "stars": result.stars,
        "unmet_minimums": [{"criterion": c, "min_stars": s} for c, s in result.unmet_minimums],
        "certifiable": result.certifiable,
        "potential_5_star": result.potential_5_star,
    }


def rate_main(argv: list[str]) -> int:
    parser = _parser("ocop rate", "Tính điểm các phiếu chấm của hội đồng và xếp hạng sao. "
                     "Mỗi tệp phiếu là JSON {\"mã tiêu chí\": \"mã phương án\"}, "
                     "với \"0\" khi không phương án nào của tiêu chí phù hợp.")
    parser.add_argument("--regime", required=True, metavar="CHẾ_ĐỘ", help="mã chế độ, ví dụ qd148-2023, qd26-2026")
    parser.add_argument("--set", required=True, metavar="BỘ", help="mã bộ tiêu chí, 01…26")
    parser.add_argument("--answers", required=True, nargs="+", metavar="TỆP",
                        help="phiếu chấm của từng thành viên hội đồng (một hoặc nhiều tệp)")
    parser.add_argument("--consolidated", metavar="TỆP",
                        help="phiếu tổng hợp của hội đồng; nếu không có, yêu cầu tối thiểu "
                             "chỉ đạt khi quá nửa số phiếu đạt")
    parser.add_argument("--level", choices=list(LEVEL_NAMES), default="province",
                        help="cấp đánh giá: province (cấp tỉnh, mặc định) hoặc central (trung ương)")
    parser.add_argument("--absent", nargs="+", default=[], metavar="TỆP",
                        help="phiếu của thành viên vắng mặt (quy chế hội đồng): ghi nhận, không tính vào "
                             "điểm trung bình và đa số về yêu cầu tối thiểu")
    args = parser.parse_args(argv)
    try:
        cs = sheets.get_set(args.regime, args.set)
    except UnknownSet as exc:
        print(f"Lỗi: {exc}", file=sys.stderr)
        return 2
    except DataError as exc:
        print(f"Lỗi dữ liệu: {exc}", file=sys.stderr)
        return 1
    try:
        members = [_read_answers(f) for f in args.answers]
        for path in args.absent:
            _read_answers(path)  # a readable sheet, recorded as absent and left out
        consolidated = _read_answers(args.consolidated) if args.consolidated else None
    except _BadFile as exc:
        print(f"Lỗi: {exc}", file=sys.stderr)
        return 2
    try:
        result = council_result(cs, members, consolidated, level=args.level)
    except SheetError as exc:
        name = args.consolidated if exc.member == "consolidated" else (
            args.answers[exc.member] if isinstance(exc.member, int) else "?")
        print(f"Lỗi: phiếu {name} không hợp lệ (bộ {cs.regime}/{cs.code}):", file=sys.stderr)
        for code, message in exc.errors:
            print(f"  - tiêu chí {code}: {message}" if code else f"  - {message}", file=sys.stderr)
        return 2
    data = result_as_json(cs, result)
    if args.absent:
        data["absent"] = list(args.absent)
    print(_dumps(data))
    return 0
