"""`make bench`: build (or reuse) the benchmark data with `ocop synth`, time every case on SQLite
and on PostgreSQL (when a server answers), and write the bench section of bench/RESULTS.md.

    .venv/bin/python bench/run.py                       # PostgreSQL ×10 and SQLite ×1, all cases
    .venv/bin/python bench/run.py --scale 1 --db sqlite --cases catalog,pages
    .venv/bin/python bench/run.py --db pg --reuse       # time a kept database again, never build

Each database is timed in a child process of its own (Django binds one database per process);
the parent gathers their JSON and writes the report. See bench/harness.py for how a case is timed.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import subprocess
import sys
import tempfile
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Import bench.* from the repository root, not this folder's modules as top-level names.
sys.path = [str(ROOT)] + [p for p in sys.path if Path(p or ".").resolve() not in (ROOT, ROOT / "bench")]

CASES = ["dashboards", "office", "catalog", "pages", "api", "floors", "pdf", "export", "import", "scoring", "wrk"]

NOTES = [
    "Thời gian phía máy chủ đo trong tiến trình qua `django.test.Client` với toàn bộ middleware thật của dự án "
    "(phiên đăng nhập bằng `force_login` cho trang quản trị; không qua mạng), giữ một kết nối CSDL suốt lần đo. "
    "Mỗi phép đo: {warmup} lần chạy khởi động, rồi {repeat} lần đo; trung vị và p95 của các lần đo.",
    "Cột CPU: trung vị thời gian CPU của tiến trình đo (không gồm máy chủ CSDL); trên máy bận, CPU gần với chi phí "
    "thật hơn thời gian trôi qua.",
    "Số truy vấn: một lần chạy, đếm bằng `CaptureQueriesContext`. Bộ nhớ đỉnh: `tracemalloc` (cấp phát Python) "
    "trong một lần chạy riêng, không tính vào thời gian. Xuất/nhập Excel chạy một lần, không bật tracemalloc (nó "
    "làm chậm nhiều lần): bộ nhớ là mức tăng RSS đỉnh của tiến trình (VmHWM sau trừ VmRSS trước, ghi `RSS Δ`); "
    "lô PDF: RSS đỉnh của tiến trình nền.",
    "Bộ nhớ đệm của danh mục (`OCOP_CATALOG_CACHE_SECONDS`) tắt khi đo trong tiến trình: mỗi yêu cầu đều chạy "
    "truy vấn và vẽ trang của nó. Dưới gunicorn (thông lượng) nó bật như khi chạy thật: trang công khai lưu theo "
    "phiên bản dữ liệu công khai (`BENCH_WRK_UNCACHED=1` để tắt).",
    "Tổng số sản phẩm của một tìm kiếm trong danh mục (`OCOP_CATALOG_COUNT_SECONDS`) vẫn bật: giữ theo tìm kiếm và "
    "phiên bản dữ liệu công khai, nên trang đo đọc trang của nó, không đếm lại 180 nghìn sản phẩm.",
    "Chi phí cố định trang quản trị (bench/cases_office.py, `sidebar_builder`): đo trực tiếp, theo từng vai trò, đúng "
    "phần mọi trang quản trị trả trước việc của nó: `admin.site.each_context(request)` (thanh bên, các hàm quyền, số "
    "đếm của huy hiệu, danh sách ứng dụng) và mẫu thanh bên vẽ với ngữ cảnh đó, cho một yêu cầu mới của người dùng đã "
    "bỏ bộ nhớ theo yêu cầu (phạm vi, quyền); không gồm phiên đăng nhập và middleware. Số đếm của huy hiệu giữ trong "
    "bộ nhớ đệm chung đến khi một bản ghi được đếm thay đổi (`OCOP_INBOX_CACHE_SECONDS`); dòng '… lần đầu sau một "
    "thay đổi' đo cùng việc với bộ nhớ đệm đó tắt. Trang chủ quản trị (việc cần làm) là dòng riêng, qua toàn bộ "
    "middleware, mục tiêu 150 ms như các trang quản trị nặng của bảng mục tiêu (bảng điều khiển).",
    "Mục tiêu (issue 8) đặt cho quy mô ×10 trên PostgreSQL, 2 lõi; dòng SQLite và ×1 được so với cùng mục tiêu "
    "để tham khảo.",
    "Đầu vào thật lấy từ dữ liệu: tỉnh có nhiều sản phẩm còn hiệu lực nhất, một sản phẩm công khai của tỉnh đó và "
    "giấy chứng nhận còn hiệu lực của nó.",
    "Sàn (floor): cùng kết quả tính bằng một câu SQL viết tay (bench/floors.py), kiểm tra bằng nhau trước khi đo; "
    "tỉ số = thời gian của ta / thời gian sàn.",
    "Thông lượng: gunicorn 2 tiến trình, kết nối CSDL bền (`DB_CONN_MAX_AGE=60`), `wrk -t2 -c8 -d10s` từ một tiến "
    "trình khác qua loopback; trần là `/healthz` của cùng máy chủ. Cột trung vị là độ trễ p50 của wrk.",
    "Nhập Excel chạy trong một giao dịch rồi hoàn tác; lô PDF bỏ tệp PDF đã lưu của các giấy đầu tiên (theo id) "
    "rồi để tác vụ `render_missing_pdfs` vẽ lại: CSDL đo dùng lại được.",
    "Tải của máy: loadavg 1/5/15 phút lúc bắt đầu mỗi lần đo (ở đầu báo cáo và đầu mỗi bảng). Phép đo tự nó "
    "chiếm một lõi (loadavg 1 phút ≈ 1); cao hơn nhiều nghĩa là máy có việc khác và số liệu là cận trên.",
]


def _setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ["DEBUG"] = "false"
    # Every measured request comes from one address: time the endpoints, not the API rate limiter.
    os.environ["OCOP_API_RATE_PER_ADDRESS"] = os.environ["OCOP_API_RATE_PER_TOKEN"] = "0"
    os.environ.setdefault("MEDIA_ROOT", str(ROOT / "var" / "bench-media"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.OCOP_CATALOG_CACHE_SECONDS = 0
    call_command("migrate", verbosity=0)
    for name in ("fontTools", "weasyprint"):  # their per-PDF font subsetting chatter
        logging.getLogger(name).setLevel(logging.WARNING)


def _analyze() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def child(url: str, cases: list[str], repeat: int, warmup: int, pdf_batch: int, out: Path) -> int:
    """Time CASES on the database at URL (this process only), and write the results to OUT."""
    _setup_django(url)
    from bench import cases_office, cases_pages, cases_work, cases_wrk, floors
    from bench.harness import Pages, Result
    from bench.sample import pick

    _analyze()
    sample = pick()
    ctx = cases_pages.Context(sample=sample, pages=Pages(), repeat=repeat, warmup=warmup, pdf_batch=pdf_batch)
    runners = {
        "dashboards": [cases_pages.dashboards, cases_office.dashboards_by_role], "office": [cases_office.fixed_cost],
        "catalog": [cases_pages.catalog], "pages": [cases_pages.pages],
        "api": [cases_pages.api], "floors": [floors.dashboard_floor, floors.catalog_floor],
        "pdf": [cases_work.pdf_one, cases_work.pdf_batch], "export": [cases_work.export],
        "import": [cases_work.importing], "scoring": [cases_work.scoring], "wrk": [cases_wrk.throughput],
    }
    results = []
    for case in cases:
        for runner in runners[case]:
            print(f"[bench] {case}: {runner.__name__}", file=sys.stderr, flush=True)
            try:
                results += runner(ctx)
            except Exception as exc:  # one broken case must not hide the others' figures
                traceback.print_exc()
                results.append(Result(case=case, label=runner.__name__, note=f"lỗi: {exc.__class__.__name__}: {exc}"))
    from django.db import connection

    data = {
        "vendor": connection.vendor,
        "sample": {k: str(v) for k, v in sample.__dict__.items()},
        "results": [r.as_dict() for r in results],
    }
    out.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


def _data_line(origin: str, sample: dict) -> str:
    return (f"{origin} {int(sample['products']):,} sản phẩm ({int(sample['published']):,} công khai), "
            f"{int(sample['producers']):,} chủ thể, {int(sample['certificates']):,} giấy chứng nhận, sản phẩm ở "
            f"{int(sample['communes_with_products']):,} xã. Đầu vào: tỉnh {sample['province_name']} "
            f"(mã {sample['province_code']}), sản phẩm #{sample['product_id']}, giấy `{sample['certificate_uid']}`.")


# Each of these runs in a fresh process, so that its peak-RSS growth is its own.
ISOLATED = ("export", "import")


def _groups(cases: list[str]) -> list[list[str]]:
    shared = [c for c in cases if c not in ISOLATED]
    return ([shared] if shared else []) + [[c] for c in cases if c in ISOLATED]


def _run_child(url: str, cases: list[str], args) -> dict | None:
    with tempfile.TemporaryDirectory(prefix="ocop-bench-") as folder:
        out = Path(folder) / "results.json"
        command = [sys.executable, str(Path(__file__).resolve()), "--child", url, "--cases", ",".join(cases),
                   "--repeat", str(args.repeat), "--warmup", str(args.warmup), "--pdf-batch", str(args.pdf_batch),
                   "--json", str(out)]
        done = subprocess.run(command, cwd=ROOT)
        if done.returncode or not out.exists():
            return None
        return json.loads(out.read_text(encoding="utf-8"))


SAVED = ROOT / "var" / "bench-results"


def _save(run: dict) -> None:
    SAVED.mkdir(parents=True, exist_ok=True)
    (SAVED / f"{run['db']}-{run['scale']}.json").write_text(json.dumps(run, ensure_ascii=False), encoding="utf-8")


def _saved_others(runs: list[dict]) -> list[dict]:
    """Earlier runs of other databases or scales (--merge), each marked with when it was measured."""
    done = {(r["db"], r["scale"]) for r in runs}
    others = []
    for path in sorted(SAVED.glob("*.json")) if SAVED.exists() else []:
        run = json.loads(path.read_text(encoding="utf-8"))
        if (run["db"], run["scale"]) not in done:
            others.append(run)
    return others


def _ordered(runs: list[dict]) -> list[dict]:
    """PostgreSQL first (the targets are for it), the larger scale first."""
    return sorted(runs, key=lambda r: (r["db"] != "pg", -r["scale"]))


def parent(args) -> int:
    from bench import data, report

    dbs = args.db.split(",")
    server = data.pg_available()
    pg = "pg" in dbs and server
    info = report.machine(data.database_url("pg", args.scale[0]) if server else None)
    runs = []
    if args.report_only:
        dbs, runs = [], _saved_others([])
    for db in dbs:
        for scale in args.sqlite_scales if db == "sqlite" else args.scale:
            run = {"db": db, "scale": scale, "results": [], "data_line": "", "load": report.machine(None)["load"]}
            runs.append(run)
            if db == "pg" and not pg:
                run["error"] = "không có máy chủ PostgreSQL (BENCH_PG_URL)."
                continue
            url, origin = data.ensure(db, scale, reuse=args.reuse, rebuild=args.rebuild)
            measured = None
            for group in _groups(args.cases):
                part = _run_child(url, group, args)
                if part is None:
                    run["error"] = f"tiến trình đo ({', '.join(group)}) thất bại; xem lỗi phía trên."
                    break
                if measured is None:
                    measured = part
                else:
                    measured["results"] += part["results"]
            if measured is None:
                continue
            run["results"] = measured["results"]
            run["data_line"] = _data_line(origin, measured["sample"])
            run["measured_at"] = report.machine(None)["date"]
            _save(run)
            _print(run)
    if args.merge:
        runs += _saved_others(runs)
    notes = [n.format(repeat=args.repeat, warmup=args.warmup) for n in NOTES]
    text = report.section(info, _ordered(runs), notes)
    if args.output:
        report.write(Path(args.output), text)
        print(f"[bench] đã ghi {args.output}", file=sys.stderr)
    else:
        print(text)
    return 0 if all(not r.get("error") for r in runs) else 1


def _print(run: dict) -> None:
    from bench.report import table

    print(f"\n{run['db']} ×{run['scale']}: {run['data_line']}")
    print("\n".join(table(run["results"])), flush=True)
    for result in run["results"]:
        if result.get("passed") is False:
            print(f"\n[chưa đạt] {result['label']}: {result.get('queries')} truy vấn; chậm nhất:")
            for query in result.get("extra", {}).get("slowest", []):
                print(f"  {query['ms']} ms  {query['sql'][:1500]}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Đo hiệu năng OCOP và ghi bench/RESULTS.md.")
    ap.add_argument("--scale", default=None,
                    help="quy mô dữ liệu của `ocop synth`, vd. 10 hoặc 1,10 (mặc định 10 cho PostgreSQL, 1 cho SQLite)")
    ap.add_argument("--db", default="sqlite,pg", help="sqlite, pg hoặc sqlite,pg (mặc định cả hai, pg khi có máy chủ)")
    ap.add_argument("--cases", default=",".join(CASES), help=f"một phần của: {','.join(CASES)}")
    ap.add_argument("--reuse", action="store_true", help="chỉ dùng dữ liệu đã có, không tạo")
    ap.add_argument("--rebuild", action="store_true", help="luôn tạo lại dữ liệu")
    ap.add_argument("--repeat", type=int, default=20, help="số lần đo mỗi phép (mặc định 20)")
    ap.add_argument("--warmup", type=int, default=3, help="số lần chạy khởi động (mặc định 3)")
    ap.add_argument("--pdf-batch", type=int, default=1000, help="số giấy chứng nhận của lô PDF (mặc định 1000)")
    ap.add_argument("--merge", action="store_true",
                    help="giữ trong báo cáo các CSDL/quy mô đã đo ở lần trước (var/bench-results/) mà lần này không đo")
    ap.add_argument("--report-only", action="store_true",
                    help="không đo: viết lại báo cáo từ các lần đo đã lưu (var/bench-results/)")
    ap.add_argument("--output", default=str(ROOT / "bench" / "RESULTS.md"), help="'' để chỉ in ra màn hình")
    ap.add_argument("--child", metavar="DATABASE_URL", help=argparse.SUPPRESS)
    ap.add_argument("--json", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    args.cases = [c for c in args.cases.split(",") if c]
    unknown = set(args.cases) - set(CASES)
    if unknown or not args.cases:
        ap.error(f"phép đo không có: {', '.join(sorted(unknown)) or '(trống)'}")
    if args.child:
        return child(args.child, args.cases, args.repeat, args.warmup, args.pdf_batch, Path(args.json))
    if set(args.db.split(",")) - {"sqlite", "pg"}:
        ap.error("--db: sqlite, pg hoặc sqlite,pg")
    # The targets are for PostgreSQL at ×10; building ×10 in SQLite (no COPY) takes far longer, so
    # SQLite runs at ×1 unless a scale is asked for.
    explicit = args.scale is not None
    try:
        args.scale = [int(s) for s in (args.scale or "10").split(",")]
    except ValueError:
        ap.error("--scale: số nguyên, vd. 10 hoặc 1,10")
    args.sqlite_scales = args.scale if explicit else [1]
    if args.reuse and args.rebuild:
        ap.error("--reuse và --rebuild loại trừ nhau")
    return parent(args)


if __name__ == "__main__":
    sys.exit(main())
