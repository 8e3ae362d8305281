"""Measure the bulk paths at scale (not a test): the streamed product export, the Excel import of
producers, and the certificate PDF.

    python bench/load_bulk.py --database-url postgres://postgres@127.0.0.1:5432/ocop_bulk \\
        --products 100000 --producers 10000

The database is prepared like `ocop serve` (units and the demo), then filled up to --products
products (rows written directly in batches: this is data for the measurement, not the code under
test). Each measurement runs in a fresh process so its peak memory (ru_maxrss) is its own; the
export is measured once plainly (time, peak RSS) and once under tracemalloc (peak of Python
allocations). Prints one JSON object.
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup(url: str) -> None:
    os.environ.update({"DATABASE_URL": url, "DEBUG": "0", "DJANGO_SETTINGS_MODULE": "config.settings"})
    os.chdir(ROOT)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def superuser():
    from ocop.accounts.models import User

    user = User.objects.filter(username="bench-bulk").first()
    return user or User.objects.create_superuser("bench-bulk", "bench-bulk@example.org", None)


def fill(products: int) -> int:
    """Top the database up to PRODUCTS products, in 100 producers per commune of Đồng Nai."""
    from ocop.lib.text import fold
    from ocop.ops.serve import prepare
    from ocop.registry.models import Producer, Product
    from ocop.territory.models import AdminUnit

    prepare(demo=True)
    missing = products - Product.objects.count()
    communes = list(AdminUnit.objects.filter(generation="current", level="commune", code__startswith="2")[:40])
    batch = 0
    while missing > 0:
        producers = Producer.objects.bulk_create([
            Producer(kind=Producer.Kind.COOPERATIVE, name=f"HTX Đo khối lượng {batch}-{i}",
                     tax_code=f"38{batch:04d}{i:04d}", unit=communes[i % len(communes)],
                     search_text=fold(f"htx do khoi luong {batch}-{i}"))
            for i in range(100)
        ])
        size = min(missing, 5000)
        Product.objects.bulk_create([
            Product(producer=producers[i % 100], unit=producers[i % 100].unit, name=f"Sản phẩm đo {batch}-{i}",
                    criteria_set=f"{i % 26 + 1:02d}", description=f"Mô tả sản phẩm đo khối lượng số {i}, " * 4,
                    story="Câu chuyện sản phẩm của vùng đất Đồng Nai. " * 5, ocop_code=f"B{batch:04d}-{i:05d}",
                    search_text=fold(f"san pham do {batch}-{i}"))
            for i in range(size)
        ], batch_size=1000)
        missing -= size
        batch += 1
    return Product.objects.count()


def measure_export(traced: bool) -> dict:
    import tracemalloc

    from ocop.registry.export_stream import product_export

    user = superuser()
    if traced:
        tracemalloc.start()
    began, cpu = time.perf_counter(), time.process_time()
    handle, rows = product_export(user=user)
    seconds, cpu = time.perf_counter() - began, time.process_time() - cpu
    size = handle.seek(0, 2)
    handle.close()
    result = {"rows": rows, "seconds": round(seconds, 2), "cpu_seconds": round(cpu, 2), "file_mb": round(size / 1e6, 1),
              "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}
    if traced:
        result["tracemalloc_peak_mb"] = round(tracemalloc.get_traced_memory()[1] / 1e6, 1)
    return result


def measure_import(producers: int) -> dict:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext
    from openpyxl import Workbook

    from ocop.registry.importing import PRODUCER_COLUMNS, PRODUCERS, import_file
    from ocop.territory.models import AdminUnit

    codes = list(AdminUnit.objects.filter(generation="current", level="commune", code__startswith="2")
                 .values_list("code", flat=True)[:40])
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Chủ thể")
    sheet.append([c.header for c in PRODUCER_COLUMNS])
    stamp = int(time.time()) % 10000
    for i in range(producers):
        sheet.append([f"37{stamp:04d}{i:04d}", f"Hợp tác xã Nhập thử {stamp}-{i}", "Hợp tác xã", codes[i % len(codes)],
                      f"Ấp {i % 9 + 1}", "Nguyễn Văn An", "Giám đốc", "x" if i % 3 == 0 else "", "", "0251 3000 000",
                      f"htx{i}@example.vn", "15/03/2015", "01/06/2024", 20, 15, 8])
    with tempfile.NamedTemporaryFile(suffix=".xlsx") as handle:
        workbook.save(handle.name)
        upload = SimpleUploadedFile("chu-the.xlsx", Path(handle.name).read_bytes())
    user = superuser()
    began, cpu = time.perf_counter(), time.process_time()
    with CaptureQueriesContext(connection) as queries, transaction.atomic():
        report = import_file(upload, kind=PRODUCERS, user=user)
        seconds, cpu = time.perf_counter() - began, time.process_time() - cpu
        transaction.set_rollback(True)  # measured, not kept: the run can be repeated
    return {"rows": producers, "written": report.counts, "errors": len(report.errors),
            "seconds": round(seconds, 2), "cpu_seconds": round(cpu, 2), "queries": len(queries.captured_queries),
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}


def measure_pdf(count: int) -> dict:
    from ocop.certificates.models import Certificate
    from ocop.certificates.rendering import certificate_for_render, render_certificate_pdf

    pks = list(Certificate.objects.order_by("pk").values_list("pk", flat=True)[:count])
    render_certificate_pdf(certificate_for_render(pks[0]))  # warm: fonts, templates
    times, cpus = [], []
    for pk in pks:
        began, cpu = time.perf_counter(), time.process_time()
        render_certificate_pdf(certificate_for_render(pk))
        times.append(time.perf_counter() - began)
        cpus.append(time.process_time() - cpu)
    times.sort()
    cpus.sort()
    return {"renders": len(times), "median_s": round(times[len(times) // 2], 3), "max_s": round(times[-1], 3),
            "median_cpu_s": round(cpus[len(cpus) // 2], 3)}


def child(args) -> None:
    setup(args.database_url)
    if args.step == "fill":
        result = {"products": fill(args.products)}
    elif args.step in ("export", "export-traced"):
        result = measure_export(args.step == "export-traced")
    elif args.step == "import":
        result = measure_import(args.producers)
    else:
        result = measure_pdf(args.pdfs)
    print("RESULT " + json.dumps(result), flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/ocop_bulk")
    parser.add_argument("--products", type=int, default=100_000)
    parser.add_argument("--producers", type=int, default=10_000)
    parser.add_argument("--pdfs", type=int, default=10)
    parser.add_argument("--steps", default="fill,export,export-traced,import,pdf")
    parser.add_argument("--step", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.step:
        child(args)
        return 0
    results = {"load_before": round(os.getloadavg()[0], 2), "cpus": os.cpu_count()}
    for step in args.steps.split(","):
        out = subprocess.run(
            [sys.executable, __file__, "--step", step, "--database-url", args.database_url, "--products",
             str(args.products), "--producers", str(args.producers), "--pdfs", str(args.pdfs)],
            capture_output=True, text=True, check=False,
        )
        line = next((x for x in out.stdout.splitlines() if x.startswith("RESULT ")), None)
        results[step] = json.loads(line[7:]) if line else {"failed": out.stderr[-2000:]}
        print(step, results[step], flush=True)
    results["load_after"] = round(os.getloadavg()[0], 2)
    print(json.dumps(results, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
