"""Selectors: scope (404 outside), folded search, filters, constant query counts; product codes
under concurrency on PostgreSQL."""

import threading

import pytest
from django.db import connection
from django.http import Http404

from ocop.registry import selectors, services
from ocop.registry.models import Producer
from ocop.registry.tests.factories import DocumentFactory, ProducerFactory, ProductFactory

pytestmark = pytest.mark.django_db


def test_get_outside_scope_is_404_like_missing(personas):
    producer = ProducerFactory(unit=personas.units.commune_b)
    product = ProductFactory(producer=producer)
    document = DocumentFactory(producer=producer)
    for user in (personas.commune_b, personas.province, personas.national, personas.auditor):
        assert selectors.producer_get(user=user, pk=producer.pk) == producer
        assert selectors.product_get(user=user, pk=product.pk) == product
        assert selectors.document_get(user=user, pk=document.pk) == document
    for user in (personas.commune_a, personas.other_province):
        for get, pk in [(selectors.producer_get, producer.pk), (selectors.product_get, product.pk),
                        (selectors.document_get, document.pk)]:
            with pytest.raises(Http404):
                get(user=user, pk=pk)
    with pytest.raises(Http404):
        selectors.producer_get(user=personas.national, pk="not-a-number")


def test_producer_list_filters_and_folded_search(personas):
    a = ProducerFactory(unit=personas.units.commune_a, name="Hợp tác xã Đồng Nai Xanh", kind=Producer.Kind.COOPERATIVE)
    ProducerFactory(unit=personas.units.commune_a, name="Công ty Mật ong", kind=Producer.Kind.SME)
    ProducerFactory(unit=personas.units.commune_b, name="HTX Đồng Nai Vàng", kind=Producer.Kind.COOPERATIVE)
    user = personas.province
    assert [p.name for p in selectors.producer_list(user=user, q="DONG NAI xanh")] == [a.name]
    assert selectors.producer_list(user=user, kind=Producer.Kind.COOPERATIVE).count() == 2
    assert selectors.producer_list(user=user, unit=personas.units.commune_a).count() == 2
    assert selectors.producer_list(user=personas.commune_b, q="dong nai").count() == 1


def test_product_search_by_code_and_producer_name(personas):
    producer = services.producer_create(actor=personas.commune_a, kind="dn", name="Công ty Ca cao Trọng Đức",
                                        tax_code="3600999888", unit=personas.units.commune_a)
    product = services.product_create(actor=personas.commune_a, producer=producer, name="Bột ca cao", criteria_set="13",
                                      year=2026)
    assert list(selectors.product_list(user=personas.province, q="trong duc")) == [product]
    assert list(selectors.product_list(user=personas.province, q="75-26068-001-2026")) == [product]
    assert list(selectors.product_list(user=personas.province, criteria_set="13")) == [product]


def test_producers_of_user_is_my_producer(personas):
    mine = ProducerFactory(unit=personas.units.commune_a)
    ProducerFactory(unit=personas.units.commune_a)
    services.producer_member_add(producer=mine, user=personas.producer, actor=personas.commune_a)
    assert list(selectors.producers_of_user(personas.producer)) == [mine]


@pytest.mark.parametrize("rows", [3, 30])
def test_list_selectors_use_one_query(personas, rows, django_assert_num_queries):
    for _ in range(rows):
        DocumentFactory(producer=ProductFactory(producer__unit=personas.units.commune_a).producer)
    user = personas.province
    from ocop.accounts.scope import scope_for

    scope_for(user)  # the scope is computed once per request and cached on the user
    with django_assert_num_queries(3):
        for producer in selectors.producer_list(user=user):
            str(producer.unit.parent)
        for product in selectors.product_list(user=user):
            str(product.producer), str(product.unit)
        for document in selectors.document_list(user=user):
            str(document.producer.unit), document.status


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_product_codes_stay_distinct_under_concurrency(personas):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks")
    producer = ProducerFactory(unit=personas.units.commune_a)
    codes, errors = [], []

    def create(i):
        from django.db import connection as thread_connection

        try:
            product = services.product_create(actor=None, producer=producer, name=f"Sản phẩm {i}", criteria_set="07",
                                              year=2026)
            codes.append(product.ocop_code)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=create, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert sorted(codes) == [f"75-26068-{n:03d}-2026" for n in range(1, 9)]
