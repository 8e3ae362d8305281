"""Exact query counts of the registry's back-office change lists (producers, products, documents),
plain and searched, for a province and a commune officer: the same with 2 rows and with 20."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ocop.registry.tests.factories import DocumentFactory, ProducerFactory, ProductFactory

pytestmark = pytest.mark.django_db


def queries(client, url: str) -> int:
    """Queries of one request after a first one (which fills the process-wide caches)."""
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured.captured_queries)


def rows(personas, n: int) -> None:
    """N producers in commune A, each with a product and a document."""
    for _ in range(n):
        producer = ProducerFactory(unit=personas.units.commune_a)
        ProductFactory(producer=producer)
        DocumentFactory(producer=producer)


# (persona, change list, query string): exact queries — session, user, scope, count, page, the
# filters' choices and the sidebar
LISTS = {  # (the sidebar reads one cached Scope: ocop.accounts.sidebar; its badges: one query)
    ("province", "producer", ""): 11,
    ("commune_a", "producer", ""): 11,
    ("province", "producer", "?q=hop+tac"): 11,
    ("province", "product", ""): 11,
    ("commune_a", "product", ""): 11,
    ("province", "product", "?q=hat+dieu"): 11,
    ("province", "document", ""): 11,
}


@pytest.mark.parametrize("persona,model,query", list(LISTS))
def test_change_lists_query_counts_are_pinned(client, personas, persona, model, query):
    rows(personas, 2)
    client.force_login(getattr(personas, persona))
    url = reverse(f"admin:registry_{model}_changelist") + query
    few = queries(client, url)
    rows(personas, 18)
    assert (few, queries(client, url)) == (LISTS[persona, model, query],) * 2
