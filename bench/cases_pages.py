"""Page and API cases, timed in-process through django.test.Client with the real middleware.

Targets (issue 8) are for scale ×10 on PostgreSQL, 2 cores; they are checked on every run and the
report says which database and scale a line is for."""

from __future__ import annotations

from dataclasses import dataclass

from bench.harness import Pages, Result, measure
from bench.sample import Sample

DASHBOARD_MS, SEARCH_MS, PAGE_MS, API_MS = 150, 50, 30, 50


@dataclass
class Context:
    sample: Sample
    pages: Pages
    repeat: int
    warmup: int
    pdf_batch: int = 1000


def _result(case: str, label: str, figures: dict, target_ms: float | None, note: str = "") -> Result:
    result = Result(case=case, label=label, note=note, **figures)
    if target_ms is not None:
        result.target = f"p50 ≤ {target_ms:g} ms"
        result.passed = result.median_ms <= target_ms
    return result


def _page(ctx: Context, case: str, label: str, url: str, target_ms: float | None, *, staff=False, note="") -> Result:
    figures = measure(ctx.pages.getter(url, staff=staff), repeat=ctx.repeat, warmup=ctx.warmup)
    return _result(case, label, figures, target_ms, note or f"`{url}`")


def dashboards(ctx: Context) -> list[Result]:
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    ctx.pages.login(get_user_model().objects.get(pk=ctx.sample.user_id))
    url = reverse("admin:program_dashboard")
    s = ctx.sample
    year = s.today.year
    return [
        _page(ctx, "dashboards", "bảng điều khiển toàn quốc (quản trị)", f"{url}?map=current&year={year}",
              DASHBOARD_MS, staff=True),
        _page(ctx, "dashboards", f"bảng điều khiển tỉnh {s.province_name}", f"{url}?unit={s.province_id}&year={year}",
              DASHBOARD_MS, staff=True),
        _page(ctx, "dashboards", "chỉ tiêu `products_certified` toàn quốc (API, mọi xã, bản đồ mới)",
              f"/api/v1/indicators/products_certified?year={year}", DASHBOARD_MS, staff=True),
        _page(ctx, "dashboards", "chỉ tiêu `products_certified` toàn quốc (API, mọi xã, bản đồ cũ)",
              f"/api/v1/indicators/products_certified?year={year}&generation=legacy", DASHBOARD_MS, staff=True),
    ]


def catalog(ctx: Context) -> list[Result]:
    s = ctx.sample
    return [
        _page(ctx, "catalog", "danh mục: tìm không dấu 'ca phe' (thấy 'cà phê')", "/san-pham/?q=ca+phe", SEARCH_MS),
        _page(ctx, "catalog", "danh mục: tìm hai từ 'mat ong rung'", "/san-pham/?q=mat+ong+rung", SEARCH_MS),
        _page(ctx, "catalog", f"danh mục lọc: 4 sao, tỉnh {s.province_code}, trang 2",
              f"/san-pham/?sao=4&tinh={s.province_code}&page=2", SEARCH_MS),
        _page(ctx, "catalog", "danh mục, trang 1 (không lọc)", "/san-pham/", SEARCH_MS),
        _page(ctx, "catalog", "danh mục, trang 45 (không lọc)", "/san-pham/?page=45", SEARCH_MS),
        _page(ctx, "catalog", "danh mục, trang 5.000 (không lọc; ×1: trang cuối)", "/san-pham/?page=5000", SEARCH_MS),
    ]


def pages(ctx: Context) -> list[Result]:
    s = ctx.sample
    return [
        _page(ctx, "pages", "trang sản phẩm", f"/san-pham/{s.product_id}/", PAGE_MS),
        _page(ctx, "pages", "trang xác minh giấy chứng nhận", f"/xac-minh/{s.certificate_uid}/", PAGE_MS),
    ]


def api(ctx: Context) -> list[Result]:
    s = ctx.sample
    return [
        _page(ctx, "api", "API sản phẩm: tỉnh, 4 sao", f"/api/v1/products?province={s.province_code}&stars=4", API_MS),
        _page(ctx, "api", "API sản phẩm: tìm 'ca phe', 100 bản ghi", "/api/v1/products?q=ca+phe&limit=100", API_MS),
        _page(ctx, "api", "API giấy chứng nhận: còn hiệu lực, 5 sao", "/api/v1/certificates?status=valid&stars=5",
              API_MS),
        _page(ctx, "api", "API giấy chứng nhận: 100 bản ghi, trang 10", "/api/v1/certificates?limit=100&offset=900",
              API_MS),
        *deep_lists(ctx),
    ]


def _cursor(ctx: Context, path: str, offset: int) -> str:
    """The `next` cursor after OFFSET rows of PATH (the page a client reaches by walking)."""
    response = ctx.pages.anonymous.get(f"{path}?limit=1&offset={offset}")
    cursor = response.json().get("next") if response.status_code == 200 else None
    if not cursor:
        raise RuntimeError(f"{path}: no cursor after {offset} rows")
    return cursor


def deep_lists(ctx: Context) -> list[Result]:
    """The API lists at offset 0, 900 and 100,000 (the bound), and at the same depth by cursor
    (issue 16 item 3). At ×1 the lists are shorter: offset 100,000 is past their end."""
    results = []
    for path, name in (("/api/v1/certificates", "giấy chứng nhận"), ("/api/v1/products", "sản phẩm")):
        for offset in (0, 900, 100_000):
            results.append(_page(ctx, "api", f"API {name}: offset {offset:,}".replace(",", "."),
                                 f"{path}?offset={offset}", API_MS))
        try:
            cursor = _cursor(ctx, path, 99_999)
        except RuntimeError:  # a list shorter than 100,000 rows (×1)
            cursor = _cursor(ctx, path, 900)
        results.append(_page(ctx, "api", f"API {name}: theo con trỏ (cursor), sâu 100.000",
                             f"{path}?cursor={cursor}", API_MS))
    return results
