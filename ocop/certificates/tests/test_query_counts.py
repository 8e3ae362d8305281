"""Exact query counts of the certificates app's pages: the public verification page, the back-office
change lists (certificates, decisions, expiring), the producer's notifications; the same with 2
certificates and with 14, for a province officer and for a commune officer."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ocop.certificates.tests.factories import issue, make_member, make_result
from ocop.registry.tests.factories import ProductFactory

pytestmark = pytest.mark.django_db


def queries(client, url: str) -> int:
    """Queries of one request after a first one (which fills the process-wide caches)."""
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured.captured_queries)


def certify(personas, n: int, producer=None) -> list:
    made = []
    for _ in range(n):
        product = (ProductFactory(producer=producer, criteria_set="13") if producer else
                   ProductFactory(producer__unit=personas.units.commune_a, criteria_set="13"))
        made.extend(issue([make_result(product)])[1])
    return made


def test_the_verification_page_query_count_is_pinned(client, personas):
    [certificate] = certify(personas, 1)
    url = reverse("certificates:verify", args=[certificate.uid])
    assert queries(client, url) == VERIFY_QUERIES


VERIFY_QUERIES = 2  # the certificate with its product, units and decisions; is it published (standings remembered)

LISTS = {
    # session, user, scope, the count and the page, then the filters' choices and the sidebar's
    # (the sidebar reads one Scope: ocop.accounts.sidebar; its badges are one query: ocop.inbox)
    ("province", "admin:certificates_certificate_changelist"): 12,
    ("commune_a", "admin:certificates_certificate_changelist"): 12,
    ("province", "admin:certificates_decision_changelist"): 14,
    ("commune_a", "admin:certificates_decision_changelist"): 14,
    ("province", "admin:certificates_expiring"): 10,
}


@pytest.mark.parametrize("persona,name", list(LISTS))
def test_back_office_lists_query_counts_are_pinned(client, personas, persona, name):
    certify(personas, 2)
    client.force_login(getattr(personas, persona))
    url = reverse(name)
    few = queries(client, url)
    certify(personas, 12)
    assert (few, queries(client, url)) == (LISTS[persona, name],) * 2


def test_the_producers_notifications_query_count_is_pinned(client, personas):
    producer = ProductFactory(producer__unit=personas.units.commune_a, criteria_set="13").producer
    make_member(personas.producer, producer)
    certify(personas, 2, producer=producer)
    client.force_login(personas.producer)
    url = reverse("portal:notifications")
    few = queries(client, url)
    certify(personas, 12, producer=producer)
    assert (few, queries(client, url)) == (NOTIFICATIONS_QUERIES,) * 2


NOTIFICATIONS_QUERIES = 4  # session, user, the menu's unread count, the notifications with their certificates' products
