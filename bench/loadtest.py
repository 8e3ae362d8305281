"""`make loadtest`: a bounded load test of the real server, with writes, and a check that no data
was lost.

1. Prepares a database (default: PostgreSQL `ocop_loadtest`; migrate, administrative units and the
   demo, or `ocop synth --scale 1` with --data synth), and for this run: writer accounts (commune
   officers with API tokens) and a pool of fresh products for them.
2. Starts gunicorn on a free loopback port, as `ocop serve` does, with DEBUG off.
3. For --duration (default 5 minutes): wrk with --connections (50) rotates over the catalog, the
   certificate verification page and the public API lists (bench/loadtest.lua), while --writers
   processes file dossiers through the real API (POST /api/v1/dossiers). Writers work in pairs on
   the same products, so every product is raced for: one 201, the other a clean 422.
4. Checks: no 5xx and no socket errors on either side, and every accepted dossier is in the
   database exactly once (none lost, none duplicated, none written without an answer).
5. Writes the figures into bench/RESULTS.md between <!-- load:start --> and <!-- load:end -->
   (--no-results to skip), and exits 1 when a check failed.

    python bench/loadtest.py --duration 30s          # a short try
    make loadtest                                     # the full 5 minutes
"""

import argparse
import json
import multiprocessing
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LUA = ROOT / "bench" / "loadtest.lua"
RESULTS = ROOT / "bench" / "RESULTS.md"
START, END = "<!-- load:start -->", "<!-- load:end -->"
DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/ocop_loadtest"


def seconds(text: str) -> int:
    """'5m', '30s', '90' → seconds."""
    text = text.strip().lower()
    factor = {"s": 1, "m": 60, "h": 3600}.get(text[-1:])
    return int(float(text[:-1]) * factor) if factor else int(text)


# --- 1. The database --------------------------------------------------------------------------

def recreate_postgres(url: str) -> None:
    import psycopg

    parts = urllib.parse.urlparse(url)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def prepare_database(data: str) -> None:
    from django.core.management import call_command, get_commands

    from ocop.ops.serve import prepare

    if data == "synth":
        if "synth" not in get_commands():
            raise SystemExit("Lệnh `ocop synth` chưa có trong bản này; dùng --data demo.")
        prepare(demo=False)
        from ocop.registry.models import Product

        if not Product.objects.exists():  # synth refuses a filled database; --fresh starts over
            call_command("synth", scale=1)
    else:
        prepare(demo=True)


def writer_fixture(run: str, writers: int, per_pair: int) -> list[dict]:
    """Per writer: a commune officer with an API token; per pair of writers: a producer and
    PER_PAIR fresh products in one commune (both writers of the pair race for each product)."""
    from ocop.accounts.models import Role, RoleAssignment, User
    from ocop.api.tokens import api_token_create
    from ocop.registry import bulk
    from ocop.registry.models import Producer
    from ocop.territory.models import AdminUnit

    unit_ids = list(Producer.objects.order_by("unit_id").values_list("unit_id", flat=True).distinct()[:50])
    communes = list(AdminUnit.objects.filter(pk__in=unit_ids, generation="current", level="commune"))
    if not communes:
        raise SystemExit("Cơ sở dữ liệu chưa có chủ thể nào ở xã, phường hiện hành.")
    pairs = []
    for pair in range((writers + 1) // 2):
        commune = communes[pair % len(communes)]
        tax_code = f"39{secrets.randbelow(10**8):08d}"
        [producer] = bulk.producers_create_bulk(actor=None, rows=[{
            "kind": Producer.Kind.COOPERATIVE, "name": f"HTX Thử tải {run}-{pair}", "tax_code": tax_code,
            "unit": commune, "workforce_total": 10,
        }])
        products = bulk.products_create_bulk(actor=None, rows=[
            {"producer": producer, "unit": commune, "name": f"Sản phẩm thử tải {run}-{pair}-{i}",
             "criteria_set": "07", "description": "Dùng cho kiểm thử tải."}
            for i in range(per_pair)
        ])
        pairs.append([p.pk for p in products])
    plan = []
    for number in range(writers):
        user = User.objects.create_user(username=f"loadtest-{run}-{number}", password=secrets.token_urlsafe(16),
                                        full_name=f"Thử tải {number}", is_staff=True)
        commune = communes[(number // 2) % len(communes)]
        RoleAssignment.objects.create(user=user, role=Role.COMMUNE_OFFICER, unit=commune)
        _, key = api_token_create(user=user, name="loadtest", actor=None)
        plan.append({"number": number, "token": key, "products": pairs[number // 2]})
    return plan


def read_paths() -> list[str]:
    """The paths wrk rotates over: catalog pages, verification pages, API lists (in about equal
    shares), all of published data."""
    from ocop.catalog.selectors import published_products
    from ocop.certificates.models import Certificate

    products = list(published_products().order_by("pk").values_list("pk", flat=True)[:30])
    uids = [str(u) for u in Certificate.objects.order_by("pk").values_list("uid", flat=True)[:40]]
    catalog = ["/", "/san-pham/", "/san-pham/?page=2", "/san-pham/?q=mat+ong", "/san-pham/?q=banh"]
    catalog += [f"/san-pham/{pk}/" for pk in products]
    verify = [f"/xac-minh/{uid}/" for uid in uids]
    api = ["/api/v1/products", "/api/v1/producers", "/api/v1/certificates", "/api/v1/units?level=province"]
    api += [f"/api/v1/products/{pk}" for pk in products[:10]]
    return catalog + verify * max(1, len(catalog) // max(1, len(verify))) + api * max(1, len(catalog) // len(api))


# --- 2. The server ----------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(port: int, workers: int, env: dict, log: Path) -> subprocess.Popen:
    command = [
        sys.executable, "-m", "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{port}", "--workers",
        str(workers), "--graceful-timeout", "5", "--timeout", "60", "--error-logfile", str(log),
    ]
    server = subprocess.Popen(command, cwd=ROOT, env=env)
    deadline = time.time() + 90
    while time.time() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn dừng ngay khi khởi động (mã {server.returncode}); xem {log}.")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as answer:
                if answer.status == 200:
                    return server
        except (urllib.error.URLError, OSError):
            time.sleep(0.5)
    server.terminate()
    raise SystemExit("gunicorn không trả lời /healthz sau 90 giây.")


def check_paths(base: str, paths: list[str]) -> list[str]:
    """Only the paths that answer 200 before the load starts (a 404 in the mix would read as an error)."""
    good = []
    for path in dict.fromkeys(paths):
        try:
            with urllib.request.urlopen(base + path, timeout=30) as answer:
                if answer.status == 200:
                    good.append(path)
        except (urllib.error.URLError, OSError) as exc:
            print(f"  bỏ {path}: {exc}", flush=True)
    return [p for p in paths if p in good]


# --- 3. Writers -------------------------------------------------------------------------------

def writer(base: str, run: str, job: dict, stop_at: float, interval: float, out: str) -> None:
    """File one dossier per product until STOP_AT; record what the server answered."""
    result = {"number": job["number"], "accepted": [], "refused": 0, "errors": [], "latencies": []}
    headers = {"Authorization": f"Bearer {job['token']}", "Content-Type": "application/json"}
    for seq, product in enumerate(job["products"]):
        if time.time() >= stop_at:
            break
        marker = f"LT{run}-{job['number']}-{seq}"
        body = json.dumps({"product_id": product, "assisted": True, "registration_no": marker,
                           "consent_note": "Kiểm thử tải"}).encode()
        request = urllib.request.Request(f"{base}/api/v1/dossiers", data=body, headers=headers, method="POST")
        began = time.perf_counter()
        try:
            with urllib.request.urlopen(request, timeout=30) as answer:
                status, data = answer.status, answer.read()
        except urllib.error.HTTPError as exc:
            status, data = exc.code, exc.read()
        except OSError as exc:
            result["errors"].append({"marker": marker, "error": repr(exc)})
            continue
        finally:
            result["latencies"].append(time.perf_counter() - began)
        if status == 201:
            result["accepted"].append([json.loads(data)["id"], marker, product])
        elif status == 422:
            result["refused"] += 1  # the other writer of the pair got this product first
        else:
            result["errors"].append({"marker": marker, "status": status, "body": data[:300].decode(errors="replace")})
        time.sleep(interval)
    Path(out).write_text(json.dumps(result))


# --- 4. Verification --------------------------------------------------------------------------

def verify(run: str, outcomes: list[dict], pools: list[list[int]]) -> dict:
    from django.db.models import Count

    from ocop.rating.models import Dossier

    accepted = {marker: (pk, product) for o in outcomes for pk, marker, product in o["accepted"]}
    rows = list(Dossier.objects.filter(registration_no__startswith=f"LT{run}-")
                .values_list("pk", "registration_no", "product_id"))
    stored = {marker: (pk, product) for pk, marker, product in rows}
    products = {pk for pool in pools for pk in pool}
    raced = (Dossier.objects.filter(product_id__in=products).values("product_id").annotate(n=Count("id"))
             .filter(n__gt=1).count())
    return {
        "accepted": len(accepted),
        "persisted": len(rows),
        "duplicates": len(rows) - len(stored),
        "lost": sum(1 for m, v in accepted.items() if stored.get(m) != v),
        "unacknowledged": len(set(stored) - set(accepted)),
        "products_with_two_dossiers": raced,
    }


# --- 5. Report --------------------------------------------------------------------------------

def percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


class LoadSampler(threading.Thread):
    """The 1-minute load average every few seconds while the test runs."""

    def __init__(self):
        super().__init__(daemon=True)
        self.samples: list[float] = []
        self.stop = threading.Event()

    def run(self):
        while not self.stop.wait(5):
            self.samples.append(os.getloadavg()[0])


def markdown(r: dict) -> str:
    w, lat, st, err, data = r["wrk"], r["wrk"]["latency_us"], r["wrk"]["status"], r["wrk"]["errors"], r["data"]
    rps = w["requests"] / (w["duration_us"] / 1e6)
    socket_errors = err["connect"] + err["read"] + err["write"] + err["timeout"]
    lines = [
        START,
        "## Kiểm thử tải / Load test (`make loadtest`)",
        "",
        f"{r['when']} — {r['duration']} s, wrk {r['threads']} luồng × {r['connections']} kết nối (chờ tối đa "
        f"{r['timeout']}), gunicorn "
        f"{r['workers']} tiến trình, {r['database']} ({r['dataset']}), {r['writers']} tiến trình ghi qua "
        "`POST /api/v1/dossiers`.",
        f"Máy: {os.cpu_count()} CPU, load average trước khi chạy {r['load_before']:.2f}, trong khi chạy "
        f"trung bình {r['load_mean']:.2f}, cao nhất {r['load_max']:.2f} (máy dùng chung, wrk và các tiến trình "
        "ghi chạy trên cùng máy).",
        "",
        "| đọc (wrk: danh mục, xác minh, API) | giá trị |",
        "|---|---|",
        f"| yêu cầu | {w['requests']:,} ({rps:,.1f}/s) |",
        f"| độ trễ p50 / p90 / p99 / max | {lat['p50'] / 1000:.0f} / {lat['p90'] / 1000:.0f} / "
        f"{lat['p99'] / 1000:.0f} / {lat['max'] / 1000:.0f} ms |",
        f"| trả lời 2xx / 3xx / 4xx / 5xx | {st['2xx']:,} / {st['3xx']} / {st['4xx']} / {st['5xx']} |",
        f"| lỗi socket (connect, read, write, timeout) | {err['connect']}, {err['read']}, {err['write']}, "
        f"{err['timeout']} |",
        "",
        "| ghi (hồ sơ qua API) | giá trị |",
        "|---|---|",
        f"| gửi | {r['writes']['attempted']:,} ({r['writes']['attempted'] / r['duration']:.1f}/s) |",
        f"| được nhận (201) | {data['accepted']:,} |",
        f"| bị từ chối đúng luật (422: sản phẩm đã có hồ sơ đang mở, do cặp ghi tranh nhau) | "
        f"{r['writes']['refused']:,} |",
        f"| lỗi (5xx, lỗi socket) | {r['writes']['errors']} |",
        f"| độ trễ ghi p50 / p99 | {r['writes']['p50'] * 1000:.0f} / {r['writes']['p99'] * 1000:.0f} ms |",
        f"| có trong CSDL / trùng / mất / ghi mà không trả lời | {data['persisted']:,} / {data['duplicates']} / "
        f"{data['lost']} / {data['unacknowledged']} |",
        f"| sản phẩm có hai hồ sơ | {data['products_with_two_dossiers']} |",
        "",
        f"Lỗi trong nhật ký gunicorn: {r['server_errors']}. Kết luận: **{'ĐẠT' if r['passed'] else 'KHÔNG ĐẠT'}** "
        f"({'no 5xx, no socket errors, every accepted write stored exactly once' if r['passed'] else '; '.join(r['failures'])}).",
        "",
        f"*English:* {w['requests']:,} reads at {rps:,.1f} req/s, p50 {lat['p50'] / 1000:.0f} ms, p99 "
        f"{lat['p99'] / 1000:.0f} ms, {st['5xx']} 5xx, {socket_errors} socket errors; {data['accepted']:,} dossiers "
        f"accepted, {data['persisted']:,} persisted, {data['duplicates']} duplicated, {data['lost']} lost.",
        END,
    ]
    return "\n".join(lines)


def write_results(block: str, path: Path = RESULTS) -> None:
    text = path.read_text(encoding="utf-8") if path.exists() else "# Kết quả đo / Results\n"
    if START in text and END in text:
        head, rest = text.split(START, 1)
        text = head + block + rest.split(END, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    path.write_text(text, encoding="utf-8")


# --- main -------------------------------------------------------------------------------------

def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", default="5m", help="5m (mặc định), 30s, ...")
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--threads", type=int, default=2, help="luồng của wrk")
    parser.add_argument("--workers", type=int, default=3, help="tiến trình gunicorn")
    parser.add_argument("--timeout", default="30s", help="wrk: chờ trả lời tối đa (quá thì tính là lỗi)")
    parser.add_argument("--writers", type=int, default=4, help="tiến trình ghi (theo cặp)")
    parser.add_argument("--write-interval", type=float, default=0.25, help="giây nghỉ giữa hai lần ghi")
    parser.add_argument("--database-url", default=os.environ.get("LOADTEST_DATABASE_URL", DEFAULT_DB))
    parser.add_argument("--fresh", action="store_true", help="xoá và tạo lại CSDL PostgreSQL trước khi chạy")
    parser.add_argument("--data", choices=["demo", "synth"], default="demo")
    parser.add_argument("--no-results", action="store_true", help="không ghi vào bench/RESULTS.md")
    args = parser.parse_args(argv)
    duration = seconds(args.duration)

    os.chdir(ROOT)
    sys.path.insert(0, str(ROOT))
    work = Path(tempfile.mkdtemp(prefix="ocop-loadtest-"))
    env = {**os.environ, "DATABASE_URL": args.database_url, "DEBUG": "0", "DB_CONN_MAX_AGE": "60",
           "MEDIA_ROOT": str(work / "media"), "OCOP_ENV": "development", "DJANGO_SETTINGS_MODULE": "config.settings",
           # One address sends every request: the API's rate limit would answer 429 (ocop.api.middleware).
           "OCOP_API_RATE_PER_ADDRESS": "0", "OCOP_API_RATE_PER_TOKEN": "0"}
    if args.data == "synth":
        env["OCOP_SYNTH"] = "1"  # the synth app is installed only where enabled (config/settings.py)
    os.environ.update(env)
    if args.fresh and args.database_url.startswith("postgres"):
        recreate_postgres(args.database_url)

    import django

    django.setup()
    from django.db import connection

    from ocop.catalog.selectors import published_products
    from ocop.certificates.models import Certificate

    print("Chuẩn bị CSDL...", flush=True)
    prepare_database(args.data)
    run = datetime.now(UTC).strftime("%m%d%H%M%S")
    per_pair = int(duration / max(args.write_interval, 0.05)) + 50
    plan = writer_fixture(run, args.writers, per_pair)
    paths = read_paths()
    dataset = (f"{args.data}: {published_products().count():,} sản phẩm công bố, "
               f"{Certificate.objects.count():,} giấy chứng nhận")
    connection.close()

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    print(f"gunicorn tại {base} ({args.workers} tiến trình)...", flush=True)
    server = start_server(port, args.workers, env, work / "gunicorn.log")
    load_before = os.getloadavg()[0]
    sampler = LoadSampler()
    try:
        paths = check_paths(base, paths)
        urls = work / "paths.txt"
        urls.write_text("\n".join(paths) + "\n")
        print(f"{len(paths)} địa chỉ đọc, {args.writers} tiến trình ghi, {duration} s...", flush=True)
        sampler.start()
        stop_at = time.time() + duration
        spawn = multiprocessing.get_context("spawn")
        outs = [str(work / f"writer-{job['number']}.json") for job in plan]
        writers = [spawn.Process(target=writer, args=(base, run, job, stop_at, args.write_interval, out))
                   for job, out in zip(plan, outs, strict=True)]
        for process in writers:
            process.start()
        wrk = subprocess.run(
            ["wrk", "-t", str(args.threads), "-c", str(args.connections), "-d", f"{duration}s", "--timeout", args.timeout,
             "--latency", "-s", str(LUA), base, "--", str(urls)],
            capture_output=True, text=True, check=False,
        )
        for process in writers:
            process.join(timeout=120)
        sampler.stop.set()
    finally:
        server.terminate()
        server.wait(timeout=30)
    line = next((x for x in wrk.stdout.splitlines() if x.startswith("LOADTEST-JSON ")), None)
    if line is None:
        print(wrk.stdout, wrk.stderr, file=sys.stderr)
        raise SystemExit("wrk không in kết quả.")
    outcomes = [json.loads(Path(out).read_text()) for out in outs if Path(out).exists()]
    latencies = [x for o in outcomes for x in o["latencies"]]
    log = (work / "gunicorn.log").read_text(errors="replace")
    server_errors = sum(log.count(word) for word in ("Traceback", "WORKER TIMEOUT", "[ERROR]"))
    result = {
        "when": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"), "duration": duration, "threads": args.threads,
        "timeout": args.timeout,
        "connections": args.connections, "workers": args.workers, "writers": args.writers,
        "database": connection.vendor, "dataset": dataset,
        "wrk": json.loads(line.removeprefix("LOADTEST-JSON ")),
        "writes": {"attempted": len(latencies), "refused": sum(o["refused"] for o in outcomes),
                   "errors": sum(len(o["errors"]) for o in outcomes),
                   "p50": percentile(latencies, 0.5), "p99": percentile(latencies, 0.99)},
        "data": verify(run, outcomes, [job["products"] for job in plan]),
        "server_errors": server_errors,
        "load_before": load_before,
        "load_mean": sum(sampler.samples) / len(sampler.samples) if sampler.samples else load_before,
        "load_max": max(sampler.samples, default=load_before),
    }
    w, d = result["wrk"], result["data"]
    failures = []
    if w["status"]["5xx"]:
        failures.append(f"{w['status']['5xx']} 5xx")
    if any(w["errors"][k] for k in ("connect", "read", "write", "timeout")):
        failures.append(f"socket errors {w['errors']}")
    if w["status"]["4xx"]:
        failures.append(f"{w['status']['4xx']} 4xx on reads")
    if len(outcomes) != len(plan) or result["writes"]["errors"]:
        failures.append(f"writer errors: {result['writes']['errors']} ({len(outcomes)}/{len(plan)} writers reported)")
    if d["lost"] or d["duplicates"] or d["unacknowledged"] or d["persisted"] != d["accepted"]:
        failures.append(f"data: {d}")
    if d["products_with_two_dossiers"]:
        failures.append(f"{d['products_with_two_dossiers']} products with two dossiers")
    if server_errors:
        failures.append(f"{server_errors} errors in the gunicorn log")
    result["failures"], result["passed"] = failures, not failures
    block = markdown(result)
    print(block)
    for o in outcomes:
        for error in o["errors"][:3]:
            print("writer error:", error, file=sys.stderr)
    if not args.no_results:
        write_results(block)
        print(f"Đã ghi vào {RESULTS.relative_to(ROOT)}.")
    return 0 if result["passed"] else 1


if __name__ == "__main__":
    sys.exit(main())
