"""The data of each public page, built from ocop.catalog.selectors and cached briefly.

The cache holds records and codes only (no translated text, no CSRF token, no CSP nonce), keyed by
the page's parameters, today's date (a certificate's status changes with the date) and the public
data version (ocop.core.public_version: every service that changes what the public sees — a
certificate issued or revoked, a product, a photo, a withdrawal — moves it, so the change shows at
once; a login or a download does not), for OCOP_CATALOG_CACHE_SECONDS (60 by default; 0 turns
caching off). Whole pages for anonymous visitors are cached as HTML on the same key
(ocop.catalog.html_cache).
"""

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.urls import NoReverseMatch, reverse
from django.utils.translation import ngettext

from ocop.catalog import charts, facets
from ocop.catalog.selectors import (
    CatalogFilters,
    attach_public_details,
    catalog_products,
    key_figures,
    products_page,
    public_producer_get,
    public_product_get,
    published_products,
    today_local,
)
from ocop.certificates.status import live_status_on, public_badge
from ocop.core.public_version import public_version
from ocop.promotion.selectors import ecommerce_links_for, sales_points_for, upcoming_events
from ocop.registry.models import Product

PER_PAGE = 24
MAX_PAGE = 10_000
PRODUCER_PRODUCTS_MAX = 200

def cache_seconds() -> int:
    return int(getattr(settings, "OCOP_CATALOG_CACHE_SECONDS", 60))


def cache_key(name: str, key: str) -> str:
    """The cache key of NAME's entry for KEY, today and the current public data version."""
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    return f"catalog:{name}:{today_local():%Y%m%d}:{public_version()}:{digest}"


def cached(name: str, key: str, build):
    seconds = cache_seconds()
    if seconds <= 0:
        return build()
    full_key = cache_key(name, key)
    value = cache.get(full_key)
    if value is None:
        value = build()
        cache.set(full_key, value, seconds)
    return value


def verification_path(uid) -> str:
    """The certificate's public verification page (owned by ocop.certificates)."""
    try:
        return reverse("certificates:verify", args=[str(uid)])
    except NoReverseMatch:
        return f"/xac-minh/{uid}/"


# --- The catalog list ------------------------------------------------------------------------------

@dataclass(frozen=True)
class CatalogPage:
    products: list[Product]
    count: int
    number: int
    num_pages: int

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.num_pages

    @property
    def previous_page_number(self) -> int:
        return self.number - 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1

    @property
    def start_index(self) -> int:
        return (self.number - 1) * PER_PAGE + 1 if self.count else 0

    @property
    def end_index(self) -> int:
        return min(self.number * PER_PAGE, self.count)


def page_number(value) -> int:
    try:
        return min(max(int(value), 1), MAX_PAGE)
    except (TypeError, ValueError):
        return 1


def catalog_page(filters: CatalogFilters, page: str | None) -> CatalogPage:
    number = page_number(page)

    def build():
        products = catalog_products(filters)
        count = catalog_total(filters, products)
        pages = max(1, -(-count // PER_PAGE))
        current = min(number, pages)  # past the last page: the last page
        rows = products_page(products, (current - 1) * PER_PAGE, PER_PAGE, counted=False)[0] if count else []
        return CatalogPage(attach_public_details(rows), count, current, pages)

    return cached("list", f"{filters.cache_key()}|{number}", build)


def count_seconds() -> int:
    return int(getattr(settings, "OCOP_CATALOG_COUNT_SECONDS", 300))


def catalog_total(filters: CatalogFilters, products) -> int:
    """The number of products a search finds, kept in the shared cache under the search, today
    and the public data version (so a change through the services shows at once) for
    OCOP_CATALOG_COUNT_SECONDS (0: counted on every page): the count of an unfiltered search reads
    all 180k published products at ×10, more than the page itself. Kept apart from the pages'
    cache (OCOP_CATALOG_CACHE_SECONDS), which the bench turns off to measure each page's work."""
    seconds = count_seconds()
    if seconds <= 0:
        return products.count()
    key = cache_key("total", filters.cache_key())
    found = cache.get(key)
    if found is None:
        found = products.count()
        cache.set(key, found, seconds)
    return found


# --- Product and producer pages -------------------------------------------------------------------

def qr_data_uri(url: str) -> str:
    import segno

    return segno.make(url, error="m").svg_data_uri(scale=4, border=2)


def product_data(pk) -> dict:
    def build():
        product = public_product_get(pk)
        path = verification_path(product.certificate.uid)
        return {
            "product": product,
            "certificate": product.certificate,
            "photos": list(product.photos.all()),
            "sales_points": sales_points_for([product.pk]).get(product.pk, []),
            "links": ecommerce_links_for([product.pk]).get(product.pk, []),
            "verify_path": path,
            "qr": qr_data_uri(settings.SITE_URL + path),
            "sector": facets.sector_of_set(product.criteria_set),
            "set": product.criteria_set,
        }

    data = dict(cached("product", str(pk), build))
    data["status"] = public_badge(live_status_on(data["certificate"], today_local()))
    return data


def producer_data(pk) -> dict:
    def build():
        producer = public_producer_get(pk)
        products = published_products().filter(producer=producer).order_by("-public_stars", "name", "pk")
        products = attach_public_details(products_page(products, 0, PRODUCER_PRODUCTS_MAX)[0])
        return {"producer": producer, "products": products}

    return cached("producer", str(pk), build)


# --- Home -------------------------------------------------------------------------------------------

FEATURED = 8


def home_data() -> dict:
    def build():
        figures = key_figures()
        featured, _total = products_page(catalog_products(CatalogFilters(sort="stars")), 0, FEATURED)
        by_sector = [(s.title, sum(figures.by_set.get(code, 0) for code in s.sets)) for s in facets.sectors()]
        return {
            "figures": figures,
            "featured": attach_public_details(featured),
            "events": upcoming_events(today=today_local()),
            "sector_chart": charts.bar_chart(by_sector),
            "province_chart": charts.bar_chart([(name, n) for _code, name, n in figures.by_province[:10]]),
        }

    data = dict(cached("home", "home", build))
    figures = data["figures"]
    data["stars_chart"] = charts.bar_chart(
        [(ngettext("%(n)s sao", "%(n)s sao", s) % {"n": s}, figures.by_stars.get(s, 0)) for s in reversed(facets.STAR_CHOICES)],
        label_width=80,
    )
    return data
