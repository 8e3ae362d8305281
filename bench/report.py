"""The machine a run was made on, and the bench section of bench/RESULTS.md (written between the
markers <!-- bench:start --> and <!-- bench:end -->; other sections of the file are kept)."""

from __future__ import annotations

import os
import platform
import sqlite3
import subprocess
from datetime import UTC, datetime
from pathlib import Path

START, END = "<!-- bench:start -->", "<!-- bench:end -->"
DB_NAMES = {"sqlite": "SQLite", "pg": "PostgreSQL"}


def _first(path: str, prefix: str) -> str:
    try:
        for line in Path(path).read_text().splitlines():
            if line.startswith(prefix):
                return line.split(":", 1)[1].strip() if ":" in line else line.split("=", 1)[1].strip().strip('"')
    except OSError:
        pass
    return ""


def pg_version(url: str) -> str:
    try:
        import psycopg

        with psycopg.connect(url, connect_timeout=3) as conn:
            return conn.execute("SHOW server_version").fetchone()[0]
    except Exception as exc:  # no server, no database: say so in the report
        return f"không kết nối được ({exc.__class__.__name__})"


def machine(pg_url: str | None) -> dict:
    mem_kb = _first("/proc/meminfo", "MemTotal")
    ram = f"{int(mem_kb.split()[0]) / 1024 / 1024:.1f} GB" if mem_kb else "?"
    try:
        load = "{:.2f} {:.2f} {:.2f}".format(*os.getloadavg())
    except OSError:
        load = "?"
    return {
        "cpu": _first("/proc/cpuinfo", "model name") or platform.processor() or "?",
        "cores": os.cpu_count(),
        "ram": ram,
        "os": f"{_first('/etc/os-release', 'PRETTY_NAME=') or platform.system()} (kernel {platform.release()})",
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "postgresql": pg_version(pg_url) if pg_url else "không đo",
        "load": load,
        "commit": _git("rev-parse", "--short", "HEAD"),
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
    }


def _git(*args: str) -> str:
    try:
        return subprocess.run(["git", *args], capture_output=True, text=True, timeout=5).stdout.strip() or "?"
    except OSError:
        return "?"


def _ms(value) -> str:
    if value is None:
        return "—"
    return f"{value / 1000:.2f} s" if value >= 10_000 else f"{value:.1f} ms"


def _status(result: dict) -> str:
    if result.get("passed") is None:
        return "—"
    return "✅ đạt" if result["passed"] else "❌ chưa đạt"


def table(results: list[dict]) -> list[str]:
    lines = ["| phép đo | trung vị | p95 | CPU | lần | truy vấn | bộ nhớ đỉnh | mục tiêu | kết quả | ghi chú |",
             "|---|---:|---:|---:|---:|---:|---:|---|---|---|"]
    for r in results:
        memory = f"{r['peak_mb']:.1f} MB ({r['memory']})" if r.get("peak_mb") is not None else "—"
        queries = "—" if r.get("queries") is None else str(r["queries"])
        lines.append(f"| {r['label']} | {_ms(r.get('median_ms'))} | {_ms(r.get('p95_ms'))} | {_ms(r.get('cpu_ms'))} "
                     f"| {r.get('runs') or '—'} "
                     f"| {queries} | {memory} | {r.get('target') or '—'} | {_status(r)} | {r.get('note') or ''} |")
    return lines


def section(info: dict, runs: list[dict], notes: list[str]) -> str:
    out = [START, "", "## Đo hiệu năng (`make bench`)", "",
           f"Báo cáo lập lúc {info['date']}, mã nguồn `{info['commit']}`. Lệnh: `make bench` "
           "(`.venv/bin/python bench/run.py`; `--help` cho các tùy chọn).", "",
           "| máy | |", "|---|---|",
           f"| CPU | {info['cpu']} |", f"| số lõi | {info['cores']} |", f"| RAM | {info['ram']} |",
           f"| hệ điều hành | {info['os']} |", f"| Python | {info['python']} |",
           f"| PostgreSQL | {info['postgresql']} |", f"| SQLite | {info['sqlite']} |",
           f"| tải máy lúc lập báo cáo (loadavg 1/5/15 phút) | {info['load']} |", ""]
    for run in runs:
        when = f"Đo xong lúc {run['measured_at']}" + (f" (loadavg lúc bắt đầu {run['load']})" if run.get("load") else "")
        out += [f"### {DB_NAMES[run['db']]}, quy mô ×{run['scale']}", "",
                f"{when}. {run['data_line']}" if run.get("measured_at") else run["data_line"], ""]
        if run.get("error"):
            out += [f"Không đo được: {run['error']}", ""]
            continue
        judged = [r for r in run["results"] if r.get("passed") is not None]
        met = sum(1 for r in judged if r["passed"])
        out += [f"Mục tiêu: đạt {met}/{len(judged)}.", ""] + table(run["results"]) + [""]
    out += ["### Cách đo", ""] + [f"- {note}" for note in notes] + ["", END]
    return "\n".join(out)


def write(path: Path, text: str) -> None:
    """Replace the bench section of PATH (or append it), keeping every other section."""
    current = path.read_text(encoding="utf-8") if path.exists() else "# Kết quả đo hiệu năng\n"
    if START in current and END in current:
        before, rest = current.split(START, 1)
        after = rest.split(END, 1)[1]
        updated = before + text + after
    else:
        updated = current.rstrip("\n") + "\n\n" + text + "\n"
    path.write_text(updated, encoding="utf-8")
