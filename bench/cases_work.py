"""Long-running work: certificate PDFs (one in-process; a batch of 1,000 through the django-tasks-db
worker), the streamed Excel export of 100,000 products, importing 10,000 producers, and scoring
10,000 council results. Writes are undone (import: rolled back) or repeatable (PDFs are rendered
again with force), so a kept database can be timed again."""

from __future__ import annotations

import os
import random
import resource
import subprocess
import sys
import time
from io import BytesIO
from pathlib import Path

from bench.cases_pages import Context
from bench.harness import Result, measure, timed_once

ROOT = Path(__file__).resolve().parents[1]
PDF_MS, EXPORT_S, EXPORT_MB = 500, 30, 250
EXPORT_ROWS, IMPORT_ROWS, COUNCILS = 100_000, 10_000, 10_000



def _missing(case: str, label: str, why: str) -> Result:
    return Result(case=case, label=label, note=f"không đo: {why}")


def pdf_one(ctx: Context) -> list[Result]:
    from ocop.certificates.models import Certificate
    from ocop.certificates.rendering import certificate_for_render, render_certificate_pdf

    pk = Certificate.objects.get(uid=ctx.sample.certificate_uid).pk
    figures = measure(lambda: render_certificate_pdf(certificate_for_render(pk)), repeat=max(5, ctx.repeat // 4),
                      warmup=1)
    result = Result(case="pdf", label="một giấy chứng nhận PDF (WeasyPrint, trong tiến trình)", **figures,
                    target=f"≤ {PDF_MS} ms", note="đọc CSDL + HTML + PDF, không lưu tệp")
    result.passed = result.median_ms <= PDF_MS
    return [result]


def pdf_batch(ctx: Context) -> list[Result]:
    """The first 1,000 (--pdf-batch) certificates lose their stored PDF; one `render_missing_pdfs` task for them is
    enqueued and `ocop db_worker --batch` runs it: timed from enqueueing to the worker's exit."""
    label = f"{ctx.pdf_batch:,} giấy chứng nhận PDF qua tiến trình nền (db_worker)"
    try:
        from ocop.certificates.tasks import render_missing_pdfs
    except ImportError:
        return [_missing("pdf", label, "chưa có tác vụ `ocop.certificates.tasks.render_missing_pdfs`")]
    from ocop.certificates.batch import certificates_without_pdf
    from ocop.certificates.models import Certificate

    ids = list(Certificate.objects.order_by("pk").values_list("pk", flat=True)[:ctx.pdf_batch])
    Certificate.objects.filter(pk__in=ids).update(pdf="", pdf_generated_at=None)
    before = certificates_without_pdf().count()
    start = time.perf_counter()
    enqueued = render_missing_pdfs.enqueue(batch=len(ids))
    worker = subprocess.run([sys.executable, "-m", "ocop.cli", "db_worker", "--batch", "--no-startup-delay",
                             "--no-reload", "-v", "0"], cwd=ROOT, env=os.environ.copy(), capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    enqueued.refresh()
    rendered = before - certificates_without_pdf().count()
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    ok = worker.returncode == 0 and rendered == len(ids)
    per = elapsed / max(rendered, 1) * 1000
    return [Result(case="pdf", label=label, median_ms=elapsed * 1000, p95_ms=elapsed * 1000, runs=1,
                   peak_mb=peak_kb / 1024, memory="RSS đỉnh của tiến trình nền",
                   note=(f"{rendered} giấy vẽ và lưu, {per:.0f} ms mỗi giấy (kể cả khởi động tiến trình nền); "
                         f"tác vụ {enqueued.status}" + ("" if ok else f"; lỗi: {(worker.stderr or '')[-300:]}")),
                   extra={"per_certificate_ms": per})]


def export(ctx: Context) -> list[Result]:
    """The streamed export of "bulk" (ocop.registry.export_stream), on the first 100,000 products,
    into a temporary file as the export view does."""
    import tempfile

    label = f"xuất Excel {EXPORT_ROWS:,} sản phẩm (theo luồng)"
    try:
        from ocop.registry.export_stream import product_rows, write_products_xlsx
    except ImportError:
        return [_missing("export", label, "chưa có ocop.registry.export_stream")]
    from ocop.registry.models import Product

    last = Product.objects.order_by("pk").values_list("pk", flat=True)[EXPORT_ROWS - 1:EXPORT_ROWS].first()
    products = Product.objects.filter(pk__lte=last) if last else Product.objects.all()

    def run():
        with tempfile.TemporaryFile(suffix=".xlsx") as handle:
            rows = write_products_xlsx(product_rows(products), handle)
            return rows, handle.tell()

    figures = timed_once(run)
    rows, size = figures.pop("value")
    label = f"xuất Excel {rows:,} sản phẩm (theo luồng)"
    result = Result(case="export", label=label, **figures, target=f"≤ {EXPORT_S} s, ≤ {EXPORT_MB} MB",
                    note=f"{rows:,} dòng, tệp {size / 1024 / 1024:.1f} MB")
    result.passed = (result.median_ms <= EXPORT_S * 1000 and result.peak_mb is not None
                     and result.peak_mb <= EXPORT_MB)
    return [result]


def _producers_workbook(rows: int) -> bytes:
    from openpyxl import Workbook

    from ocop.registry.importing import PRODUCER_COLUMNS, SHEET_TITLES
    from ocop.territory.models import AdminUnit

    codes = list(AdminUnit.objects.filter(generation=AdminUnit.Generation.CURRENT, level=AdminUnit.Level.COMMUNE)
                 .order_by("code").values_list("code", flat=True))
    rng = random.Random(20260601)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(SHEET_TITLES["producers"])
    sheet.append([c.header for c in PRODUCER_COLUMNS])
    kinds = ["htx", "dn", "tht"]
    for i in range(rows):
        values = {"tax_code": f"99{i:08d}-777", "name": f"Hợp tác xã Đo Tải {i}", "kind": kinds[i % 3],
                  "unit_code": rng.choice(codes), "rep_name": "Nguyễn Văn Đo", "workforce_total": 12}
        sheet.append([values.get(c.key, "") for c in PRODUCER_COLUMNS])
    output = BytesIO()
    workbook.save(output)
    return output.getvalue()


def importing(ctx: Context) -> list[Result]:
    from django.contrib.auth import get_user_model
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import transaction

    from ocop.registry.importing import PRODUCERS, import_file

    user = get_user_model().objects.get(pk=ctx.sample.user_id)
    content = _producers_workbook(IMPORT_ROWS)
    summary = {}

    def run():
        upload = SimpleUploadedFile("chu-the.xlsx", content)
        with transaction.atomic():
            report = import_file(upload, kind=PRODUCERS, user=user)
            summary.update(report.summary())
            transaction.set_rollback(True)  # keep the benchmark database as it was

    figures = timed_once(run)
    figures.pop("value")
    return [Result(case="import", label=f"nhập {IMPORT_ROWS:,} chủ thể từ Excel (kiểm tra + ghi, rồi hoàn tác)",
                   **figures, note=f"tệp {len(content) / 1024:.0f} KB; kết quả {summary}")]


def scoring(ctx: Context) -> list[Result]:
    from bench.bench_scoring import SETS, random_sheet
    from ocop.criteria import sheets
    from ocop.criteria.scoring import council_result

    available = {r.code for r in sheets.list_regimes() if r.has_sheets}
    sets = [sheets.get_set(regime, code) for regime, code in SETS
            if regime in available and code in sheets.set_codes(regime)]
    rng = random.Random(20260522)
    work = []
    for i in range(COUNCILS):
        criteria_set = sets[i % len(sets)]
        leaves = sheets.leaf_criteria(criteria_set)
        work.append((criteria_set, [random_sheet(rng, leaves) for _ in range(5)]))

    def run():
        for criteria_set, members in work:
            council_result(criteria_set, members)

    figures = measure(run, repeat=3, warmup=1, memory=True)
    return [Result(case="scoring", label=f"chấm điểm {COUNCILS:,} kết quả hội đồng (5 phiếu mỗi hội đồng)", **figures,
                   note=f"bộ máy chấm điểm thuần, {len(sets)} bộ tiêu chí; không truy vấn CSDL")]
