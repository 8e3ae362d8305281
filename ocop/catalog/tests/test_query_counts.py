"""Exact query counts of every public catalog page, the same with a few rows and with many: a page
that starts querying per row (or adds a query) fails here. The page cache is off, so each request
does its work; whether the stored standings hold is remembered per public data version
(ocop.certificates.selectors.standings_hold), so no page asks it again (no bookkeeping query)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ocop.certificates.tests.factories import certify
from ocop.registry.tests.factories import ProductFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    settings.OCOP_CATALOG_CACHE_SECONDS = 0


def queries(client, url: str) -> int:
    """Queries of one request after a first one (which also fills the process-wide caches: the
    provinces of the filter form)."""
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured.captured_queries)


def grow(catalog, n: int = 18) -> None:
    """N more published products, each with a photo-less certificate, spread over two producers."""
    today = timezone.localdate()
    for i in range(n):
        producer = catalog.producer_a if i % 2 else catalog.producer_b
        certify(ProductFactory(producer=producer, name=f"Bánh pía số {i}", criteria_set="06"),
                stars=3 + i % 3,
                issued_on=today - timedelta(days=10 + i))


# page: (url, exact number of queries)
PAGES = {
    # key figures, featured ids + total, rows, certificates, photos, events
    "home": ("/", 6),
    # page ids (the total from the cache after the first request: catalog_total), rows,
    # certificates, photos
    "list": ("/san-pham/", 4),
    "search": ("/san-pham/?q=banh+pia", 4),
    # + the province's path for the filter
    "filtered": ("/san-pham/?sao=4&tinh=75&nhom=1&sap_xep=name", 5),
    "last page": ("/san-pham/?page=500", 4),  # past the end: the last page (the total known first)
}


@pytest.mark.parametrize("name", list(PAGES))
def test_list_pages_query_counts_are_pinned(client, catalog, name):
    url, expected = PAGES[name]
    few = queries(client, url)
    grow(catalog)
    assert (few, queries(client, url)) == (expected, expected)


def test_product_page_query_count_is_pinned(client, catalog):
    # product with producer and commune, photos, certificate, its decision's, sales points, links
    url = f"/san-pham/{catalog.banh_pia.pk}/"
    assert queries(client, url) == 6


def test_producer_page_query_count_is_pinned(client, catalog):
    # producer, page ids + total, rows, certificates, photos
    url = f"/chu-the/{catalog.producer_a.pk}/"
    few = queries(client, url)
    grow(catalog)
    assert (few, queries(client, url)) == (5, 5)


def test_open_data_page_query_count_is_pinned(client, catalog):
    from django.core.cache import cache

    def measured():
        cache.clear()  # the page keeps its figures in the cache
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/du-lieu-mo/").status_code == 200
        return len(captured.captured_queries)

    few = measured()
    grow(catalog)
    assert (few, measured()) == (0, 0)  # a list of the files: no figures read


def test_the_catalog_total_is_kept_per_search_and_a_published_change_shows_at_once(client, catalog, settings):
    """catalog_total: a second page of the same search reuses the count; a product published
    through the services (the public data version moves) is counted on the next page."""
    from ocop.catalog.pages import catalog_page
    from ocop.catalog.selectors import CatalogFilters, catalog_products

    settings.OCOP_CATALOG_CACHE_SECONDS = 0  # the pages themselves not cached: the count alone
    before = catalog_page(CatalogFilters(), "1").count
    assert before == catalog_products(CatalogFilters()).count()
    with CaptureQueriesContext(connection) as captured:
        catalog_page(CatalogFilters(), "2")
    assert not any("COUNT(" in q["sql"] for q in captured.captured_queries)
    grow(catalog, n=3)  # certificates issued through the services
    assert catalog_page(CatalogFilters(), "1").count == before + 3 == catalog_products(CatalogFilters()).count()
