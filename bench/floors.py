"""Floors: the same result as our code, computed by one hand-written SQL query, so that our time
can be reported as a multiple of it. Each case first checks that both give the same figures.

* Dashboard: the certificate figures per commune of the sample province for this year (the
  source query behind the dashboard's product and certificate indicators,
  ocop.program.sources.certificate_counts), on the new map.
* Catalog search: the first page (24 ids, in order) and the total of a diacritic-insensitive
  search, as ocop.catalog.selectors.catalog_products + products_page give them.
"""

from __future__ import annotations

from datetime import date, timedelta

from bench.cases_pages import Context
from bench.harness import Result, measure

RATIO_TARGET = 2.0

CERTIFICATE_FIGURES_SQL = """
SELECT substr(u.current_path, 1, %(width)s) AS part,
  COUNT(DISTINCT c.product_id) FILTER (WHERE c.issued_on >= %(start)s) AS rated_3plus,
  COUNT(DISTINCT c.product_id) FILTER (WHERE c.issued_on >= %(start)s AND c.stars = 3) AS rated_3,
  COUNT(DISTINCT c.product_id) FILTER (WHERE c.issued_on >= %(start)s AND c.stars = 4) AS rated_4,
  COUNT(DISTINCT c.product_id) FILTER (WHERE c.issued_on >= %(start)s AND c.stars = 5) AS rated_5,
  COUNT(DISTINCT c.product_id) FILTER (WHERE c.issued_on >= %(start)s AND c.stars = 5
                                       AND d.issuer_level = 'central') AS rated_5_national,
  COUNT(DISTINCT c.product_id) FILTER (WHERE c.issued_on >= %(start)s AND d.issuer_level = 'district') AS by_district,
  COUNT(DISTINCT c.product_id) FILTER (WHERE c.issued_on >= %(start)s AND d.issuer_level = 'province') AS by_province,
  COUNT(DISTINCT c.product_id) FILTER (WHERE c.issued_on >= %(start)s AND d.issuer_level = 'central') AS by_central,
  COUNT(DISTINCT c.product_id) FILTER (WHERE (c.revoked_on IS NULL OR c.revoked_on > %(end)s)
                                       AND c.valid_until >= %(end)s) AS valid_end,
  COUNT(*) FILTER (WHERE (c.revoked_on IS NULL OR c.revoked_on > %(end)s)
                   AND c.valid_until >= %(end)s AND c.valid_until <= %(window_end)s) AS expiring_end,
  COUNT(*) FILTER (WHERE c.valid_until >= %(start)s AND c.valid_until <= %(end)s
                   AND (c.revoked_on IS NULL OR c.revoked_on > c.valid_until)) AS expired,
  COUNT(*) FILTER (WHERE c.revoked_on >= %(start)s AND c.revoked_on <= %(end)s) AS revoked
FROM certificates_certificate c
JOIN registry_product p ON p.id = c.product_id
JOIN territory_adminunit u ON u.id = p.unit_id
JOIN certificates_decision d ON d.id = c.decision_id
WHERE c.issued_on <= %(end)s AND u.current_path LIKE %(prefix)s
GROUP BY 1
"""

SEARCH_PAGE_SQL = """
SELECT p.id, MAX(c.stars) AS stars, COUNT(*) OVER () AS total
FROM registry_product p
JOIN certificates_certificate c ON c.product_id = p.id AND c.issued_on <= %(today)s
  AND c.valid_until >= %(today)s AND (c.revoked_on IS NULL OR c.revoked_on > %(today)s)
WHERE p.is_active AND {words}
  AND NOT EXISTS (SELECT 1 FROM catalog_catalogwithdrawal w WHERE w.product_id = p.id)
GROUP BY p.id, p.name
ORDER BY stars DESC, p.name, p.id
LIMIT 24
"""

# The same page from the products' stored standing (registry.Product.standing_stars), where present.
SEARCH_PAGE_STANDING_SQL = """
SELECT p.id, p.standing_stars AS stars, COUNT(*) OVER () AS total
FROM registry_product p
WHERE p.is_active AND p.standing_stars IS NOT NULL AND {words}
  AND p.id NOT IN (SELECT w.product_id FROM catalog_catalogwithdrawal w)
ORDER BY stars DESC, p.name, p.id
LIMIT 24
"""

SEARCH_ROWS_SQL = """
SELECT p.id, p.name, pr.id, pr.name, u.id, u.name, pu.id, pu.name
FROM registry_product p
JOIN registry_producer pr ON pr.id = p.producer_id
JOIN territory_adminunit u ON u.id = p.unit_id
LEFT JOIN territory_adminunit pu ON pu.id = u.parent_id
WHERE p.id IN ({ids})
"""


def _fetch(sql: str, params) -> list[tuple]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _ratio_result(case: str, label: str, ours: dict, floor: dict, same: bool, note: str) -> Result:
    ratio = ours["median_ms"] / floor["median_ms"]
    return Result(
        case=case, label=label, median_ms=ours["median_ms"], p95_ms=ours["p95_ms"], runs=ours["runs"],
        queries=ours["queries"], target=f"≤ {RATIO_TARGET:g}× sàn", passed=same and ratio <= RATIO_TARGET,
        note=(f"sàn SQL viết tay {floor['median_ms']:.1f} ms ({floor['queries']} truy vấn) → **{ratio:.2f}×**; "
              f"{'cùng kết quả' if same else 'KẾT QUẢ KHÁC NHAU'}. {note}"),
        extra={"floor_ms": floor["median_ms"], "ratio": ratio, "same": same},
    )


def dashboard_floor(ctx: Context) -> list[Result]:
    from django.urls import reverse

    from ocop.certificates.status import expiring_days
    from ocop.program.areas import Query
    from ocop.program.measures import Period
    from ocop.program.sources import certificate_counts
    from ocop.territory.models import AdminUnit

    province = AdminUnit.objects.get(pk=ctx.sample.province_id)
    period = Period.year(ctx.sample.today.year)

    def ours():
        return certificate_counts(Query(unit=province, generation=AdminUnit.Generation.CURRENT, period=period))

    width = len(province.path) + 5 + 1
    params = {"width": width, "start": period.starts_on, "end": period.ends_on,
              "window_end": period.ends_on + timedelta(days=expiring_days()), "prefix": province.path + "%"}
    columns = ["rated_3plus", "rated_3", "rated_4", "rated_5", "rated_5_national", "by_district", "by_province",
               "by_central", "valid_end", "expiring_end", "expired", "revoked"]

    def floor():
        return {row[0]: dict(zip(columns, row[1:], strict=True)) for row in _fetch(CERTIFICATE_FIGURES_SQL, params)}

    same = ours() == floor()
    ours_t = measure(ours, repeat=ctx.repeat, warmup=ctx.warmup, memory=False)
    floor_t = measure(floor, repeat=ctx.repeat, warmup=ctx.warmup, memory=False)
    page = measure(ctx.pages.getter(f"{reverse('admin:program_dashboard')}?unit={province.pk}&year={period.starts_on.year}",
                                    staff=True), repeat=ctx.repeat, warmup=ctx.warmup, memory=False)
    return [
        _ratio_result("floors", "sàn: số liệu giấy chứng nhận theo xã của tỉnh (nguồn của bảng điều khiển)",
                      ours_t, floor_t, same, "Mã của ta: `ocop.program.sources.certificate_counts`."),
        Result(case="floors", label="sàn: cả trang bảng điều khiển tỉnh so với cùng sàn", median_ms=page["median_ms"],
               p95_ms=page["p95_ms"], runs=page["runs"], queries=page["queries"],
               note=f"**{page['median_ms'] / floor_t['median_ms']:.1f}×** sàn (cả trang tính mọi chỉ tiêu và vẽ "
                    "HTML; để tham khảo, không có mục tiêu)"),
    ]


def catalog_floor(ctx: Context) -> list[Result]:
    from django.db import connection

    from ocop.catalog.selectors import CatalogFilters, catalog_products, products_page, search_words

    query = "ca phe"
    today: date = ctx.sample.today
    words = search_words(query)
    like = " AND ".join(f"p.search_text LIKE %(w{i})s" for i in range(len(words)))
    params = {"today": today, **{f"w{i}": f"%{word}%" for i, word in enumerate(words)}}
    page_sql = SEARCH_PAGE_SQL.format(words=like)

    def ours():
        rows, total = products_page(catalog_products(CatalogFilters(q=query), today=today), 0, 24)
        return [p.pk for p in rows], total, [(p.producer.name, p.unit.name) for p in rows]

    def floor_with(sql):
        def floor():
            rows = _fetch(sql, params)
            ids = [row[0] for row in rows]
            details = {}
            if ids:
                marks = ", ".join(["%s"] * len(ids))
                details = {row[0]: (row[3], row[5]) for row in _fetch(SEARCH_ROWS_SQL.format(ids=marks), ids)}
            return ids, (rows[0][2] if rows else None), [details[i] for i in ids]

        return floor

    from ocop.registry.models import Product

    variants = {"qua giấy chứng nhận": floor_with(page_sql)}
    if any(f.name == "standing_stars" for f in Product._meta.fields):
        variants["qua cột standing_stars"] = floor_with(SEARCH_PAGE_STANDING_SQL.format(words=like))
    ours_value = ours()
    timed = {}
    for name, floor in variants.items():
        if floor() == ours_value:  # only a floor that gives the same result counts
            timed[name] = measure(floor, repeat=ctx.repeat, warmup=ctx.warmup, memory=False)
    same = bool(timed)
    best = min(timed, key=lambda n: timed[n]["median_ms"]) if timed else next(iter(variants))
    floor_t = timed.get(best) or measure(variants[best], repeat=ctx.repeat, warmup=ctx.warmup, memory=False)
    note = (f"'{query}': {ours_value[1] or 0} sản phẩm; sàn nhanh nhất {best} ("
            + "; ".join(f"{n} {t['median_ms']:.1f} ms" for n, t in timed.items())
            + f"); {connection.vendor}. Mã của ta: `catalog_products` + `products_page`.")
    ours_t = measure(ours, repeat=ctx.repeat, warmup=ctx.warmup, memory=False)
    page = measure(ctx.pages.getter("/san-pham/?q=ca+phe"), repeat=ctx.repeat, warmup=ctx.warmup, memory=False)
    return [
        _ratio_result("floors", "sàn: tìm 'ca phe', trang đầu và tổng số", ours_t, floor_t, same, note),
        Result(case="floors", label="sàn: cả trang tìm 'ca phe' so với cùng sàn", median_ms=page["median_ms"],
               p95_ms=page["p95_ms"], runs=page["runs"], queries=page["queries"],
               note=f"**{page['median_ms'] / floor_t['median_ms']:.1f}×** sàn (cả trang có thêm ảnh, số liệu, bộ lọc "
                    "và HTML; để tham khảo)"),
    ]
