"""published_products() and the catalog search, straight on the selectors."""

from datetime import timedelta

import pytest
from django.utils import timezone

from ocop.catalog.selectors import (
    CatalogFilters,
    catalog_products,
    key_figures,
    published_certificates,
    published_producers,
    published_products,
    search_words,
)
from ocop.certificates.models import Certificate
from ocop.certificates.selectors import standings_current
from ocop.certificates.services import product_standings_refresh
from ocop.certificates.tests.factories import certify

pytestmark = pytest.mark.django_db


def names(queryset):
    return sorted(p.name for p in queryset)


def test_only_recognised_products_in_force_are_published(catalog):
    assert names(published_products()) == names(catalog.published)


@pytest.mark.parametrize("attr", ["unrecognised", "expired", "revoked", "inactive", "withdrawn", "future"])
def test_hidden_products_are_never_published(catalog, attr):
    assert not published_products().filter(pk=getattr(catalog, attr).pk).exists()


def test_a_certificate_counts_up_to_and_including_its_last_valid_day(catalog):
    last_day = catalog.cert_dieu.valid_until
    assert published_products(today=last_day).filter(pk=catalog.dieu.pk).exists()
    assert not published_products(today=last_day + timedelta(days=1)).filter(pk=catalog.dieu.pk).exists()


def test_a_revocation_dated_in_the_future_keeps_the_product_until_then(catalog):
    today = timezone.localdate()
    catalog.cert_banh_pia.revoked_on = today + timedelta(days=3)
    catalog.cert_banh_pia.revocation_decision = catalog.cert_revoked.revocation_decision
    catalog.cert_banh_pia.save()
    product_standings_refresh(product_ids=[catalog.banh_pia.pk])  # as certificate_revoke does
    assert published_products(today=today).filter(pk=catalog.banh_pia.pk).exists()
    assert not published_products(today=today + timedelta(days=3)).filter(pk=catalog.banh_pia.pk).exists()


@pytest.mark.parametrize("days_ago", [0, 100])
def test_the_best_certificate_in_force_is_shown(catalog, days_ago):
    from ocop.catalog.selectors import current_certificates
    better = certify(catalog.banh_pia, stars=5, issued_on=timezone.localdate() - timedelta(days=days_ago))
    product = published_products().get(pk=catalog.banh_pia.pk)
    assert product.public_stars == 5
    assert current_certificates([product.pk])[product.pk] == better
    assert published_products().filter(pk=catalog.banh_pia.pk).count() == 1


def test_of_two_equal_certificates_the_newest_is_shown(catalog):
    from ocop.catalog.selectors import current_certificates
    newer = certify(catalog.banh_pia, stars=4, issued_on=timezone.localdate() - timedelta(days=2))
    assert current_certificates([catalog.banh_pia.pk])[catalog.banh_pia.pk] == newer


def _listing(filters: CatalogFilters, today=None):
    return [(p.pk, p.public_stars) for p in catalog_products(filters, today=today)]


@pytest.mark.parametrize("filters", [CatalogFilters(), CatalogFilters(sort="name"), CatalogFilters(stars=4),
                                     CatalogFilters(q="banh pia"), CatalogFilters(province="75", sort="new")])
def test_stored_standings_and_the_computed_fallback_list_the_same(catalog, filters):
    certify(catalog.dieu, stars=5, issued_on=timezone.localdate() - timedelta(days=3))
    assert standings_current()
    stored = _listing(filters)
    Certificate.objects.filter(product=catalog.banh_pia).update(standing_applied=False)  # as after a bulk load
    assert not standings_current()
    assert _listing(filters) == stored and stored
    far = timezone.localdate() + timedelta(days=400)  # past the windows of some products: computed
    assert not standings_current(far)
    computed_far = _listing(filters, today=far)
    product_standings_refresh(today=far)  # the daily roll, on that day
    assert standings_current(far) and _listing(filters, today=far) == computed_far


def test_producers_and_certificates_follow_the_published_products(catalog):
    assert set(published_producers()) == {catalog.producer_a, catalog.producer_b, catalog.producer_hcm}
    assert {c.product_id for c in published_certificates()} == {p.pk for p in catalog.published}


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("banh pia", ["Bánh pía sầu riêng"]),
        ("Bánh  PÍA", ["Bánh pía sầu riêng"]),
        ("dieu", ["Hạt điều rang muối"]),
        ("điều", ["Hạt điều rang muối"]),
        ("tan loc", ["Bánh pía sầu riêng"]),  # the producer's name is searched too
        ("75-26068-001", ["Bánh pía sầu riêng"]),  # and the OCOP code
        ("khong co", []),
        ("\x00", ["Bánh pía sầu riêng", "Hạt điều rang muối", "Trà sen Tây Hồ"]),
    ],
)
def test_search_ignores_diacritics_and_case(catalog, q, expected):
    assert names(catalog_products(CatalogFilters(q=q))) == expected


def test_search_words_are_bounded():
    assert search_words("a " * 50) == ["a"] * 8
    assert search_words("x" * 500) == ["x" * 100]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (CatalogFilters(stars=4), ["Bánh pía sầu riêng"]),
        (CatalogFilters(stars=5), ["Trà sen Tây Hồ"]),
        (CatalogFilters(sector="1"), ["Bánh pía sầu riêng", "Hạt điều rang muối", "Trà sen Tây Hồ"]),
        (CatalogFilters(sector="2"), []),
        (CatalogFilters(criteria_set="07"), ["Hạt điều rang muối"]),
        (CatalogFilters(province="75"), ["Bánh pía sầu riêng", "Hạt điều rang muối"]),
        (CatalogFilters(province="79"), ["Trà sen Tây Hồ"]),
        (CatalogFilters(province="99"), []),
        (CatalogFilters(commune="26380"), ["Hạt điều rang muối"]),
        (CatalogFilters(kind="ho"), ["Hạt điều rang muối"]),
    ],
)
def test_filters(catalog, filters, expected):
    assert names(catalog_products(filters)) == expected


def test_default_order_is_stars_then_name(catalog):
    assert [p.name for p in catalog_products(CatalogFilters())] == [
        "Trà sen Tây Hồ", "Bánh pía sầu riêng", "Hạt điều rang muối",
    ]


def test_key_figures_count_published_products_only(catalog):
    figures = key_figures()
    assert figures.products == 3
    assert figures.by_stars == {3: 1, 4: 1, 5: 1}
    assert figures.producers == 3 and figures.communes == 3
    assert sorted(figures.by_province) == [("75", "Đồng Nai", 2), ("79", "Hồ Chí Minh", 1)]
