"""`ocop synth --scale 1|10`: fill an empty database with national-scale synthetic data."""

from datetime import date

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from ocop.ops.synth.runner import DEFAULT_SEED, run


class Command(BaseCommand):
    help = "Nạp dữ liệu tổng hợp quy mô toàn quốc (×1: 18.000 sản phẩm được công nhận) vào CSDL trống."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1, help="hệ số quy mô: 1 (toàn quốc) hoặc 10")
        parser.add_argument("--products", type=int, default=None,
                            help="số sản phẩm được công nhận (thay cho --scale, giữ nguyên tỷ lệ; dùng để thử)")
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="hạt giống ngẫu nhiên")
        parser.add_argument("--today", type=date.fromisoformat, default=None,
                            help="ngày tham chiếu YYYY-MM-DD (mặc định: hôm nay)")
        parser.add_argument("--workers", type=int, default=None,
                            help="số tiến trình sinh phiếu chấm (mặc định 2 với PostgreSQL, 1 với CSDL khác)")

    def handle(self, *args, scale, products, seed, today, workers, **options):
        if scale <= 0 or (products is not None and products <= 0) or (workers is not None and workers < 1):
            raise CommandError("--scale, --products và --workers phải lớn hơn 0.")
        try:
            report = run(scale=scale, products_count=products, seed=seed, today=today, workers=workers,
                         log=self.stdout.write)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        for label, count in sorted(report["counts"].items()):
            self.stdout.write(f"  {label:32} {count:>12,}")
        phases = ", ".join(f"{name} {s:.1f}s" for name, s in report["seconds"].items())
        self.stdout.write(self.style.SUCCESS(f"Xong trong {report['total']:.1f} giây ({phases})."))
