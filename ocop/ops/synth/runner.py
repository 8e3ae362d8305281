"""Run the generator's phases in order, in one transaction, with progress per phase."""

import time
from datetime import date

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone

from ocop.lib.formatting import official_date
from ocop.ops.synth import certificates, cycle, producers, products, program, promotion, rating, rounds
from ocop.ops.synth.context import Context, Counts
from ocop.ops.synth.units import load_geography
from ocop.ops.synth.writer import Sink
from ocop.program.summaries import summaries_rebuild
from ocop.registry.models import Product

DEFAULT_SEED = 20250701


def run(*, scale: float = 1, products_count: int | None = None, seed: int = DEFAULT_SEED, today: date | None = None,
        workers: int | None = None, log=print) -> dict:
    """Fill the database; returns {"counts": {model label: rows}, "seconds": {phase: s}}. WORKERS:
    processes that generate the ratings (default 2 on PostgreSQL, 1 elsewhere); the data are the
    same whatever their number."""
    if workers is None:
        workers = 2 if connection.vendor == "postgresql" else 1
    if Product.objects.exists():
        raise ValidationError("CSDL đã có sản phẩm: dữ liệu tổng hợp chỉ nạp vào CSDL trống.")
    geo = load_geography()
    if not geo.communes:
        raise ValidationError("Chưa có đơn vị hành chính: chạy `ocop load-units` trước.")
    ctx = Context(counts=Counts.at_scale(scale, products_count), today=today or timezone.localdate(), seed=seed,
                  geo=geo, sink=Sink(), log=log)
    ctx.progress(f"bắt đầu: {ctx.counts}, {len(geo.communes):,} xã, ngày tham chiếu {official_date(ctx.today)}")
    seconds = {}
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit TO OFF")
        ctx.sink.fast_load()
        step = time.monotonic()
        plan = rounds.generate(ctx)
        seconds["rounds"] = time.monotonic() - step
        for name, phase in (
            ("producers", lambda: producers.generate(ctx)),
            ("products", lambda: products.generate(ctx, plan)),
            ("rating", lambda: rating.generate(ctx, plan, workers)),
            ("certificates", lambda: certificates.generate(ctx)),
            ("cycle", lambda: cycle.generate(ctx)),
            ("program", lambda: program.generate(ctx)),
            ("promotion", lambda: promotion.generate(ctx)),
        ):
            step = time.monotonic()
            phase()
            seconds[name] = time.monotonic() - step
        step = time.monotonic()
        checked = ctx.sink.triggers_off
        ctx.sink.finish()
        if checked:
            ctx.sink.check_foreign_keys()
            ctx.progress("đã kiểm tra khóa ngoại")
        seconds["finish"] = time.monotonic() - step
        step = time.monotonic()
        # The summary tables of the dashboard and the indicators, from the rows just written.
        rows = summaries_rebuild()
        seconds["summaries"] = time.monotonic() - step
        ctx.progress(f"bảng tổng hợp: {rows}")
        step = time.monotonic()
        ctx.progress("hoàn tất ghi, đang kết thúc giao dịch")
    seconds["commit"] = time.monotonic() - step
    if connection.vendor == "postgresql":
        step = time.monotonic()
        # VACUUM as well: rows loaded by COPY are not yet all-visible, so counts could not use
        # index-only scans until autovacuum came by.
        # (VACUUM cannot run inside a transaction, as in a test: then ANALYZE alone.)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)")
        seconds["analyze"] = time.monotonic() - step
    ctx.progress("xong")
    return {"counts": dict(ctx.sink.written), "seconds": seconds, "total": time.monotonic() - ctx.started}
