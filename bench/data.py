"""The benchmark databases: one per database engine and scale, filled by `ocop synth --scale N`.

* PostgreSQL: postgres://postgres@127.0.0.1:5432/ocop_synth<N> (BENCH_PG_URL overrides the server
  part; BENCH_PG_DATABASE names another database, e.g. a copy to measure on), created when missing;
* SQLite: var/bench-synth<N>.sqlite3 (var/ is not in git).

A database built here is marked complete in var/bench-data.json once `ocop synth` has finished. A
marked database is reused, and so is one filled elsewhere with `ocop synth` that holds its last
phase (promotion records beside products); any other is built again from scratch. --rebuild always
rebuilds; --reuse never builds."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1]
PG_SERVER = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432")


def database_url(db: str, scale: int) -> str:
    if db == "pg":
        return f"{PG_SERVER.rstrip('/')}/{os.environ.get('BENCH_PG_DATABASE') or f'ocop_synth{scale}'}"
    return f"sqlite:///{ROOT / 'var' / f'bench-synth{scale}.sqlite3'}"


def pg_available() -> bool:
    try:
        import psycopg

        with psycopg.connect(f"{PG_SERVER.rstrip('/')}/postgres", connect_timeout=3):
            return True
    except Exception:  # no driver, no server: PostgreSQL is skipped, and the report says so
        return False


def _pg_admin(url: str):
    import psycopg

    parsed = urlparse(url)
    return psycopg.connect(parsed._replace(path="/postgres").geturl(), autocommit=True), parsed.path.lstrip("/")


def exists(url: str) -> bool:
    if url.startswith("sqlite"):
        return Path(urlparse(url).path).exists()
    conn, name = _pg_admin(url)
    with conn:
        return conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is not None


def _ocop(args: list[str], url: str, **kwargs) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": url}
    return subprocess.run([sys.executable, "-m", "ocop.cli", *args], cwd=ROOT, env=env, text=True, **kwargs)


MARKS = ROOT / "var" / "bench-data.json"


def _marks() -> dict:
    try:
        return json.loads(MARKS.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _mark(url: str, scale: int, seconds: float | None) -> None:
    marks = _marks()
    if seconds is None:
        marks.pop(url, None)
    else:
        marks[url] = {"scale": scale, "seconds": round(seconds), "built": time.strftime("%Y-%m-%d %H:%M:%S")}
    MARKS.parent.mkdir(parents=True, exist_ok=True)
    MARKS.write_text(json.dumps(marks, indent=1), encoding="utf-8")


def complete(url: str, scale: int) -> bool:
    """Whether this script built the database with `ocop synth --scale SCALE` to the end."""
    return _marks().get(url, {}).get("scale") == scale and exists(url)


# `ocop synth` writes the promotion records last: with them and products present, it ran to the end.
FINISHED_CHECK = (
    "import sys; from ocop.registry.models import Product; from ocop.promotion.models import Event; "
    "sys.exit(0 if Product.objects.exists() and Event.objects.exists() else 1)"
)


def synth_finished(url: str) -> bool:
    """Whether a database filled outside this script holds synth's last phase."""
    return exists(url) and _ocop(["shell", "-c", FINISHED_CHECK], url, capture_output=True).returncode == 0


def drop(url: str) -> None:
    if url.startswith("sqlite"):
        path = Path(urlparse(url).path)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return
    conn, name = _pg_admin(url)
    if not name.startswith("ocop_synth"):
        raise SystemExit(f"Không xóa cơ sở dữ liệu {name}: chỉ các CSDL ocop_synth<N> của phép đo.")
    with conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def create(url: str) -> None:
    if url.startswith("sqlite"):
        Path(urlparse(url).path).parent.mkdir(parents=True, exist_ok=True)
        return
    conn, name = _pg_admin(url)
    with conn:
        conn.execute(f'CREATE DATABASE "{name}"')


def ensure(db: str, scale: int, *, reuse: bool, rebuild: bool) -> tuple[str, str]:
    """The database URL, and a line for the report on where its data came from."""
    url = database_url(db, scale)
    if not rebuild and complete(url, scale):
        return url, f"Dữ liệu: `ocop synth --scale {scale}` (có sẵn, đã hoàn tất, dùng lại)."
    if not rebuild and synth_finished(url):
        return url, f"Dữ liệu: `ocop synth --scale {scale}` có sẵn (tạo ngoài bench, đủ đến pha cuối; dùng lại)."
    if reuse:
        raise SystemExit(f"--reuse: {url} chưa có dữ liệu hoàn tất của `ocop synth --scale {scale}`.")
    _mark(url, scale, None)
    drop(url)
    create(url)
    print(f"[bench] tạo dữ liệu: ocop synth --scale {scale} → {db}", file=sys.stderr, flush=True)
    start = time.perf_counter()
    for step in (["migrate", "-v", "0"], ["load-units"], ["synth", "--scale", str(scale)]):
        if _ocop(step, url).returncode:
            raise SystemExit(f"`ocop {' '.join(step)}` thất bại trên {db}.")
    seconds = time.perf_counter() - start
    _mark(url, scale, seconds)
    minutes = seconds / 60
    return url, f"Dữ liệu: `ocop synth --scale {scale}`, tạo mới trong lần chạy này ({minutes:.1f} phút)."
