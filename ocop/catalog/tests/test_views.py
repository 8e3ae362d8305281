"""Public pages: what anonymous visitors see, search, filters, pagination, query counts."""

import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from ocop.certificates.tests.factories import certify
from ocop.registry.tests.factories import ProducerFactory, ProductFactory

pytestmark = pytest.mark.django_db

LIST = reverse("catalog:product_list")


def product_url(product):
    return reverse("catalog:product_detail", args=[product.pk])


def test_home_shows_key_figures_and_an_svg_chart(client, catalog):
    page = client.get(reverse("home"))
    assert page.status_code == 200
    text = page.text
    assert "<svg" in text and 'role="img"' in text
    assert "Bánh pía sầu riêng" in text  # featured
    for product in catalog.hidden:
        assert product.name not in text


def test_pages_carry_no_inline_style_attributes(client, catalog):
    for url in [reverse("home"), LIST, product_url(catalog.banh_pia),
                reverse("catalog:producer_detail", args=[catalog.producer_a.pk]), reverse("catalog:fake_report"),
                reverse("catalog:open_data"), reverse("catalog:verify_lookup")]:
        page = client.get(url)
        assert page.status_code == 200, url
        assert not re.search(r"\sstyle=", page.text), url
        assert "<style" not in page.text, url
        assert "'unsafe-inline'" not in page.headers["Content-Security-Policy"], url


def test_catalog_lists_published_products_only(client, catalog):
    text = client.get(LIST).text
    for product in catalog.published:
        assert product.name in text
    for product in catalog.hidden:
        assert product.name not in text


@pytest.mark.parametrize(("q", "found", "absent"), [
    ("banh pia", "Bánh pía sầu riêng", "Hạt điều rang muối"),
    ("dieu", "Hạt điều rang muối", "Bánh pía sầu riêng"),
])
def test_search_without_diacritics(client, catalog, q, found, absent):
    text = client.get(LIST, {"q": q}).text
    assert found in text and absent not in text
    for product in catalog.hidden:
        assert product.name not in text


def test_search_never_reveals_hidden_products(client, catalog):
    text = client.get(LIST, {"q": "banh pia"}).text
    assert "Bánh pía hết hạn" not in text and "Bánh pía tạm ẩn" not in text and "Bánh pía chưa cấp" not in text
    assert client.get(LIST, {"q": "thu hoi"}).text.count("product-card-name") == 0


def test_filters_by_stars_province_commune_and_kind(client, catalog):
    assert "Trà sen Tây Hồ" in client.get(LIST, {"sao": "5"}).text
    assert "Bánh pía sầu riêng" not in client.get(LIST, {"sao": "5"}).text
    text = client.get(LIST, {"tinh": "75", "xa": "26380"}).text
    assert "Hạt điều rang muối" in text and "Bánh pía sầu riêng" not in text
    text = client.get(LIST, {"loai": "dn"}).text
    assert "Trà sen Tây Hồ" in text and "Hạt điều rang muối" not in text


@pytest.mark.parametrize("params", [
    {"sao": "9"}, {"sao": "x"}, {"nhom": "zz"}, {"tinh": "<script>"}, {"page": "-3"}, {"page": "99999999999999999999"},
    {"q": "a" * 500}, {"q": "\x00"}, {"sap_xep": "drop"}, {"xa": "26068"},
])
def test_bad_filter_values_are_ignored_not_errors(client, catalog, params):
    assert client.get(LIST, params).status_code == 200


def test_pagination_is_24_per_page(client, catalog):
    for i in range(30):
        certify(ProductFactory(producer=catalog.producer_a, name=f"Bánh pía số {i:02d}", criteria_set="06"),
                stars=3)
    first = client.get(LIST, {"q": "banh pia"}).text
    assert first.count('class="product-card"') == 24
    assert "Trang 1/2" in first and "page=2" in first
    second = client.get(LIST, {"q": "banh pia", "page": "2"}).text
    assert second.count('class="product-card"') == 7


def test_list_query_count_does_not_grow_with_rows(client, catalog, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(LIST)
    for i in range(30):
        certify(ProductFactory(producer=catalog.producer_b, name=f"Điều {i}", criteria_set="07"), stars=4)
    cache.clear()
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(LIST)
    # provinces (for the filter), newest audit event (cache key), stored standings hold today,
    # the total (then kept per search and public data version: catalog_total), page ids, page
    # rows, certificates, photos
    assert len(few.captured_queries) == 8


def test_list_is_cached_briefly(client, catalog, django_assert_num_queries):
    # Cold: the public data version (then kept in the cache for a few seconds), whether the stored
    # standings hold (kept a minute per version), then the page's own 6 queries.
    with django_assert_num_queries(8):
        client.get(LIST)
    with django_assert_num_queries(0):  # the whole page from the cache: no bookkeeping query either
        client.get(LIST)
    with django_assert_num_queries(5):  # another page: its own queries only (total, ids, products,
        client.get(LIST + "?sao=4")      # certificates, covers), no bookkeeping


def test_a_revocation_shows_at_once_despite_the_cache(client, personas, catalog):
    from datetime import timedelta

    from django.utils import timezone

    from ocop.certificates.services import certificate_revoke

    assert "Bánh pía sầu riêng" in client.get(LIST).text
    assert client.get(product_url(catalog.banh_pia)).status_code == 200
    certificate_revoke(certificate=catalog.cert_banh_pia, ground="stopped", actor=personas.province,
                       finding_on=timezone.localdate() - timedelta(days=2))
    assert "Bánh pía sầu riêng" not in client.get(LIST).text
    assert client.get(product_url(catalog.banh_pia)).status_code == 404


def test_home_query_count_is_fixed(client, catalog, django_assert_max_num_queries):
    with django_assert_max_num_queries(11):
        client.get(reverse("home"))


def test_product_page_shows_certificate_producer_and_where_to_buy(client, catalog):
    from ocop.promotion.models import EcommerceLink, SalesPoint

    point = SalesPoint.objects.create(name="Điểm bán OCOP Biên Hòa", address="1 Đường A", unit=catalog.units.commune_a)
    point.products.add(catalog.banh_pia)
    EcommerceLink.objects.create(product=catalog.banh_pia, platform="shopee", url="https://shopee.vn/banh-pia")
    page = client.get(product_url(catalog.banh_pia))
    assert page.status_code == 200
    text = page.text
    assert catalog.cert_banh_pia.decision.number in text
    assert catalog.cert_banh_pia.valid_until.strftime("%d/%m/%Y") in text
    assert "Còn hiệu lực" in text
    assert f"/xac-minh/{catalog.cert_banh_pia.uid}/" in text
    assert "Điểm bán OCOP Biên Hòa" in text and "https://shopee.vn/banh-pia" in text
    assert "Hợp tác xã Bánh Pía Tân Lộc" in text


def test_expiring_certificate_says_so(client, catalog):
    assert "sắp hết hạn" in client.get(product_url(catalog.dieu)).text


@pytest.mark.parametrize("attr", ["unrecognised", "expired", "revoked", "inactive", "withdrawn", "future"])
def test_hidden_product_pages_are_404(client, catalog, attr):
    assert client.get(product_url(getattr(catalog, attr))).status_code == 404


def test_producer_page_lists_its_published_products_only(client, catalog):
    text = client.get(reverse("catalog:producer_detail", args=[catalog.producer_a.pk])).text
    assert "Bánh pía sầu riêng" in text
    for product in catalog.hidden:
        assert product.name not in text


def test_producer_without_published_products_is_404(client, catalog):
    hidden = ProducerFactory(unit=catalog.units.commune_a, name="Chủ thể chưa có sản phẩm OCOP")
    ProductFactory(producer=hidden, name="Chưa công nhận")
    assert client.get(reverse("catalog:producer_detail", args=[hidden.pk])).status_code == 404


def test_verify_lookup_redirects_to_the_certificate_page(client, catalog):
    uid = catalog.cert_banh_pia.uid
    response = client.get(reverse("catalog:verify_lookup"), {"ma": str(uid).upper()})
    assert response.status_code == 302 and response.url.endswith(f"/xac-minh/{uid}/")
    assert client.get(reverse("catalog:verify_lookup"), {"ma": "not-a-code"}).status_code == 200


def test_pages_in_english_at_the_english_url(client, catalog):
    page = client.get(f"/en{LIST}")
    assert page.status_code == 200 and page.headers["Content-Language"] == "en"


def test_a_page_past_the_end_shows_the_last_page(client, catalog):
    text = client.get(LIST, {"page": "7"}).text
    assert text.count('class="product-card"') == 3 and "Bánh pía sầu riêng" in text


def test_no_results_is_a_page_too(client, catalog):
    page = client.get(LIST, {"q": "khong co san pham nay", "page": "3"})
    assert page.status_code == 200 and 'class="product-card"' not in page.text
