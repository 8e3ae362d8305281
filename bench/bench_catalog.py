"""Benchmark the public catalog at scale: N products in a scratch database, then the catalog list,
searches and filters, a product page and the API list timed server-side with Django's test client.

Run from the repository root:

    .venv/bin/python bench/bench_catalog.py [--products 20000] [--repeat 20]
    .venv/bin/python bench/bench_catalog.py --products 200000 \\
        --database-url postgres://postgres@127.0.0.1:5432/ocop_bench_catalog

Without --database-url a temporary SQLite file is used and deleted afterwards. --keep keeps the
database and --reuse times again on a kept one (after a code change) without rebuilding it. A PostgreSQL
database is created when missing and dropped at the end (unless --keep); its name must contain
"bench", so that a real database is never touched. About 85% of the products hold a certificate
(70% in force, 10% expired, 5% revoked), the rest are unrated. The catalog's data cache is off
while timing, so every request does its queries. Median and 95th percentile per scenario are
printed, with the number of queries of one request.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

WORDS = ["Bánh pía", "Hạt điều", "Mật ong", "Trà", "Cà phê", "Nước mắm", "Rượu", "Gạo", "Bưởi", "Sầu riêng",
         "Tiêu", "Khô cá", "Chả lụa", "Bánh tráng", "Mứt", "Nấm", "Yến sào", "Tinh dầu", "Chuối sấy", "Măng"]
KINDS = ["rang muối", "sấy dẻo", "đặc biệt", "hữu cơ", "truyền thống", "cao cấp", "Đồng Nai", "Long Khánh"]
SETS = ["04", "06", "07", "08", "09", "11", "13", "14", "20", "21"]
BATCH = 5000


def prepare_database(url: str | None, keep: bool, reuse: bool = False) -> tuple[str, callable]:
    """The DATABASE_URL to use and a cleanup function."""
    if reuse:
        if not url:
            raise SystemExit("--reuse cần --database-url của lần đo trước (chạy với --keep).")
        return url, lambda: None
    if not url:
        folder = tempfile.mkdtemp(prefix="ocop-bench-")
        path = Path(folder) / "bench.sqlite3"

        def cleanup():
            if not keep:
                for suffix in ("", "-wal", "-shm"):
                    Path(f"{path}{suffix}").unlink(missing_ok=True)
                Path(folder).rmdir()

        return f"sqlite:///{path}", cleanup
    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    if parsed.scheme.startswith("postgres"):
        if "bench" not in name:
            raise SystemExit("Tên cơ sở dữ liệu đo phải chứa 'bench' (để không đụng vào dữ liệu thật).")
        import psycopg

        admin_url = parsed._replace(path="/postgres").geturl()
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')

        def cleanup():
            if keep:
                return
            from django.db import connections

            connections.close_all()
            with psycopg.connect(admin_url, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}"')

        return url, cleanup
    return url, lambda: None


def setup_django(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["DEBUG"] = "false"
    os.environ["OCOP_API_RATE_PER_ADDRESS"] = os.environ["OCOP_API_RATE_PER_TOKEN"] = "0"  # the endpoints, not the limiter
    import django

    django.setup()
    from django.conf import settings

    settings.OCOP_CATALOG_CACHE_SECONDS = 0
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def make_units(communes_per_province: int = 30):
    from ocop.core.testing import make_unit, make_units
    from ocop.territory.models import AdminUnit

    base = make_units()
    C, X = AdminUnit.Generation.CURRENT, AdminUnit.Level.COMMUNE
    communes = [base.commune_a, base.commune_b, base.hcm_commune]
    for province in (base.dong_nai, base.hcm):
        for i in range(communes_per_province):
            code = f"{90000 + int(province.code) * 100 + i}"[-5:]
            communes.append(make_unit(C, X, AdminUnit.Kind.COMMUNE, code, f"Xã Thử {province.code}-{i}", province))
    return base, communes


def populate(n: int, seed: int) -> dict:
    from ocop.certificates.models import Certificate, Decision
    from ocop.lib.text import fold
    from ocop.rating.models import RatingResult
    from ocop.registry.models import Producer, Product

    rng = random.Random(seed)
    base, communes = make_units()
    today = date.today()
    decisions = {}
    for province in (base.dong_nai, base.hcm):
        for year in range(today.year - 4, today.year + 1):
            decisions[(province.pk, year)] = Decision.objects.create(
                issuer_level="province", issuer_unit=province, issuer_key=f"province:{province.pk}", year=year,
                number=f"{year}-{province.code}/QĐ-UBND", signed_on=date(year, 1, 15), is_historical=True)
    revocation = decisions[(base.dong_nai.pk, today.year)]
    counts = {"products": 0, "in_force": 0, "expired": 0, "revoked": 0, "unrated": 0}
    serial = 0
    while counts["products"] < n:
        size = min(BATCH, n - counts["products"])
        producers = []
        for _ in range(max(size // 2, 1)):
            serial += 1
            unit = rng.choice(communes)
            name = f"Hợp tác xã {rng.choice(WORDS)} {serial}"
            producers.append(Producer(kind=rng.choice(["htx", "ho", "dn", "tht"]), name=name, tax_code=f"{serial:010d}",
                                      unit=unit, workforce_total=5, search_text=fold(name)))
        Producer.objects.bulk_create(producers, batch_size=1000)
        products = []
        for i in range(size):
            producer = producers[i % len(producers)]
            name = f"{rng.choice(WORDS)} {rng.choice(KINDS)} {counts['products'] + i}"
            products.append(Product(producer=producer, unit=producer.unit, name=name, criteria_set=rng.choice(SETS),
                                    search_text=fold(f"{name} {producer.name}")))
        Product.objects.bulk_create(products, batch_size=1000)
        results, certificates = [], []
        for product in products:
            roll = rng.random()
            if roll >= 0.85:
                counts["unrated"] += 1
                continue
            stars = rng.choice([3, 3, 3, 4, 4, 5])
            if roll < 0.70:
                issued = today - timedelta(days=rng.randint(1, 1000))
                counts["in_force"] += 1
            else:
                issued = today - timedelta(days=rng.randint(1100, 1400))
            province = product.unit.parent
            results.append(RatingResult(product=product, level="province", rated_by_unit=province, regime="qd148-2023",
                                        criteria_set=product.criteria_set, year=issued.year,
                                        average=Decimal(50 + stars * 8), band_stars=stars, stars=stars,
                                        is_historical=True))
            certificate = Certificate(product=product, decision=decisions[(province.pk, issued.year)], stars=stars,
                                      issued_on=issued, valid_until=issued + timedelta(days=1095))
            if 0.80 <= roll < 0.85:
                certificate.issued_on = today - timedelta(days=200)
                certificate.valid_until = today + timedelta(days=895)
                certificate.revoked_on = today - timedelta(days=3)
                certificate.revocation_decision = revocation
                counts["revoked"] += 1
            elif roll >= 0.70:
                counts["expired"] += 1
            certificates.append(certificate)
        RatingResult.objects.bulk_create(results, batch_size=1000)
        for certificate, result in zip(certificates, results, strict=True):
            certificate.result = result
        Certificate.objects.bulk_create(certificates, batch_size=1000)
        counts["products"] += size
        print(f"  … {counts['products']:,} sản phẩm", file=sys.stderr)
    return counts


def existing_counts() -> dict:
    from ocop.catalog.selectors import in_force_certificates
    from ocop.certificates.models import Certificate
    from ocop.registry.models import Product

    today = date.today()
    return {
        "products": Product.objects.count(),
        "expired": Certificate.objects.filter(valid_until__lt=today, revoked_on__isnull=True).count(),
        "revoked": Certificate.objects.filter(revoked_on__lte=today).count(),
        "unrated": Product.objects.filter(certificates__isnull=True).count(),
        "in_force": in_force_certificates(today).count(),
    }


def analyze() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def time_requests(scenarios, repeat: int) -> list[tuple[str, float, float, int]]:
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections, connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    # Keep one connection for the whole run (as a server with persistent connections does), so
    # that the timings are the pages' work, not connecting to the database on every request.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    client = Client()
    rows = []
    for label, url in scenarios:
        response = client.get(url)  # warm-up; also checks the page works
        if response.status_code != 200:
            raise SystemExit(f"{url}: HTTP {response.status_code}")
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        query_count = len(queries.captured_queries)  # now: the next request clears the log
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            client.get(url)
            times.append((time.perf_counter() - start) * 1000)
        times.sort()
        p95 = times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]
        rows.append((label, statistics.median(times), p95, query_count))
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Đo tốc độ danh mục sản phẩm công khai.")
    ap.add_argument("--products", type=int, default=20_000)
    ap.add_argument("--repeat", type=int, default=20)
    ap.add_argument("--seed", type=int, default=20260601)
    ap.add_argument("--database-url", default=None, help="mặc định: tệp SQLite tạm")
    ap.add_argument("--keep", action="store_true", help="giữ lại cơ sở dữ liệu đo")
    ap.add_argument("--reuse", action="store_true", help="đo lại trên cơ sở dữ liệu đã giữ (không tạo dữ liệu)")
    args = ap.parse_args(argv)

    url, cleanup = prepare_database(args.database_url, args.keep, args.reuse)
    try:
        setup_django(url)
        from django.db import connection

        start = time.perf_counter()
        counts = existing_counts() if args.reuse else populate(args.products, args.seed)
        analyze()
        built = time.perf_counter() - start
        from ocop.catalog.selectors import published_products
        from ocop.registry.models import Product

        published = published_products().count()
        sample = Product.objects.filter(pk__in=published_products().values("pk")).order_by("pk").first()
        scenarios = [
            ("danh mục, trang 1", "/san-pham/"),
            ("danh mục, trang 50", "/san-pham/?page=50"),
            ("tìm 'banh pia'", "/san-pham/?q=banh+pia"),
            ("tìm 'dieu rang muoi'", "/san-pham/?q=dieu+rang+muoi"),
            ("tìm hiếm 'yen sao 1234'", "/san-pham/?q=yen+sao+1234"),
            ("lọc 4 sao, tỉnh 75", "/san-pham/?sao=4&tinh=75"),
            ("lọc nhóm 1, hộ kinh doanh", "/san-pham/?nhom=1&loai=ho"),
            ("trang sản phẩm", f"/san-pham/{sample.pk}/"),
            ("trang chủ (số liệu, biểu đồ)", "/"),
            ("API sản phẩm, tìm 'banh pia'", "/api/v1/products?q=banh+pia"),
            ("API sản phẩm, 100 bản ghi", "/api/v1/products?limit=100"),
        ]
        rows = time_requests(scenarios, args.repeat)
        print(f"\nCSDL: {connection.vendor} · {counts['products']:,} sản phẩm (công khai {published:,}; "
              f"hết hạn {counts['expired']:,}; thu hồi {counts['revoked']:,}; chưa đánh giá {counts['unrated']:,}) · "
              f"{'dữ liệu có sẵn' if args.reuse else f'tạo dữ liệu {built:.1f} s'} · {args.repeat} lần mỗi phép đo, "
              "không dùng cache")
        print(f"{'phép đo':34} {'trung vị':>10} {'p95':>10} {'truy vấn':>9}")
        for label, median, p95, queries in rows:
            print(f"{label:34} {median:8.1f}ms {p95:8.1f}ms {queries:9d}")
        return 0
    finally:
        cleanup()


if __name__ == "__main__":
    sys.exit(main())
