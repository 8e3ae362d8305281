"""Exact query counts of every API list (and its filters), anonymous and with a token: the same with
a few rows and with many, so that a list that starts querying per row, or adds a query, fails here."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ocop.certificates.tests.factories import certify
from ocop.rating.models import Dossier
from ocop.registry.tests.factories import ProductFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_rate_limit")]
API = "/api/v1"


def queries(client, url: str, headers=None) -> int:
    """Queries of one request after a first one (which fills the process-wide caches)."""
    client.get(url, headers=headers or {})
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, headers=headers or {})
    assert response.status_code == 200, (url, response.content[:300])
    return len(captured.captured_queries)


def grow(catalog, n: int = 18) -> None:
    today = timezone.localdate()
    for i in range(n):
        producer = catalog.producer_a if i % 2 else catalog.producer_b
        product = ProductFactory(producer=producer, name=f"Bánh pía số {i}", criteria_set="06")
        certify(product, stars=3 + i % 3, issued_on=today - timedelta(days=10 + i))
        Dossier.objects.create(product=product, unit=product.unit, year=2026, criteria_set=product.criteria_set)


# url: exact queries anonymous; the token's own lookups are counted apart below
ANONYMOUS = {
    f"{API}/units?limit=100": 2,  # page keys, rows (the page holds the whole list: its total, no count)
    f"{API}/units?level=commune&q=xa": 2,
    # (whether the stored standings hold is remembered per public data version: no query after the first)
    f"{API}/producers?limit=100": 2,  # page keys, rows with units (published products inside)
    f"{API}/producers?kind=htx&province=75&q=hop+tac": 3,  # + the province
    # page keys, rows, certificates, photos
    f"{API}/products?limit=100": 4,
    f"{API}/products?q=banh+pia&stars=4&sector=1&sort=name": 4,
    f"{API}/products?province=75&kind=htx&sort=new": 5,  # + the province
    # page keys, rows (every issued certificate is public: no published-products subquery)
    f"{API}/certificates?limit=100": 2,
    f"{API}/certificates?status=valid&stars=4": 2,
}


@pytest.mark.parametrize("url", list(ANONYMOUS))
def test_anonymous_lists_query_counts_are_pinned(client, catalog, url):
    few = queries(client, url)
    grow(catalog)
    assert (few, queries(client, url)) == (ANONYMOUS[url], ANONYMOUS[url])


# with a province officer's token: the token (with its user) and the scope come first
WITH_TOKEN = {
    # (the page shows its total when it holds the whole list: no count; ocop.api.pagination)
    f"{API}/producers?limit=100": 4,  # token, scope, page keys, rows
    # token, scope, page keys, rows, certificates, photos, which are published (ids)
    f"{API}/products?limit=100": 7,
    f"{API}/certificates?limit=100": 4,  # token, scope, page keys, rows
    # token, scope, page keys, rows (none at first: an empty page loads no rows)
    f"{API}/dossiers?limit=100": (3, 4),
    f"{API}/indicators": 1,  # token (the list of indicators is fixed)
}


@pytest.mark.parametrize("url", list(WITH_TOKEN))
def test_lists_with_a_token_query_counts_are_pinned(client, personas, catalog, bearer, url):
    headers = bearer(personas.province)
    few = queries(client, url, headers)
    grow(catalog)
    expected = WITH_TOKEN[url] if isinstance(WITH_TOKEN[url], tuple) else (WITH_TOKEN[url], WITH_TOKEN[url])
    assert (few, queries(client, url, headers)) == expected
