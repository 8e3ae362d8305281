"""The API for anonymous callers: published data only, one error shape, no server errors."""

import pytest

pytestmark = pytest.mark.django_db

API = "/api/v1"


def names(response):
    return sorted(item["name"] for item in response.json()["items"])


def test_anonymous_products_are_the_published_ones(client, catalog):
    response = client.get(f"{API}/products")
    assert response.status_code == 200
    assert names(response) == sorted(p.name for p in catalog.published)
    assert response.json()["count"] == 3
    item = next(i for i in response.json()["items"] if i["name"] == "Bánh pía sầu riêng")
    assert item["stars"] == 4 and item["published"] is True
    assert item["certificate"]["uid"] == str(catalog.cert_banh_pia.uid)
    assert item["certificate"]["status"] == "valid"
    assert item["url"].endswith(f"/san-pham/{catalog.banh_pia.pk}/")


@pytest.mark.parametrize("attr", ["unrecognised", "expired", "revoked", "inactive", "withdrawn", "future"])
def test_anonymous_never_gets_a_hidden_product(client, catalog, attr):
    product = getattr(catalog, attr)
    assert client.get(f"{API}/products/{product.pk}").status_code == 404
    assert product.name not in client.get(f"{API}/products", {"q": product.name}).text
    assert product.name not in client.get(f"{API}/products", {"limit": 100}).text


def test_anonymous_search_is_folded(client, catalog):
    assert names(client.get(f"{API}/products", {"q": "banh pia"})) == ["Bánh pía sầu riêng"]
    assert names(client.get(f"{API}/products", {"q": "dieu"})) == ["Hạt điều rang muối"]


def test_filters(client, catalog):
    assert names(client.get(f"{API}/products", {"stars": 5})) == ["Trà sen Tây Hồ"]
    assert names(client.get(f"{API}/products", {"province": "75"})) == ["Bánh pía sầu riêng", "Hạt điều rang muối"]
    assert names(client.get(f"{API}/products", {"kind": "ho"})) == ["Hạt điều rang muối"]
    assert names(client.get(f"{API}/products", {"sector": "1", "criteria_set": "06"})) == ["Bánh pía sầu riêng"]


def test_anonymous_producers_are_published_only(client, catalog):
    producers = client.get(f"{API}/producers").json()
    assert {p["name"] for p in producers["items"]} == {
        catalog.producer_a.name, catalog.producer_b.name, catalog.producer_hcm.name}
    assert all(p["tax_code"] is None for p in producers["items"])  # no back-office fields
    assert client.get(f"{API}/certificates/{catalog.cert_tra.uid}").json()["stars"] == 5


def test_units_are_public_reference_data(client, units):
    response = client.get(f"{API}/units", {"q": "dong nai", "generation": "current"})
    assert [u["code"] for u in response.json()["items"]] == ["75"]
    assert client.get(f"{API}/units/{units.commune_a.pk}").json()["parent_id"] == units.dong_nai.pk


def test_pagination_limits(client, catalog):
    page = client.get(f"{API}/products", {"limit": 1, "offset": 1}).json()
    assert (len(page["items"]), page["count"], page["limit"], page["offset"]) == (1, 3, 1, 1)
    too_big = client.get(f"{API}/products", {"limit": 101})
    assert too_big.status_code == 422


@pytest.mark.parametrize(("url", "status"), [
    ("/products/999999", 404),
    ("/products/0", 422),
    ("/products/abc", 422),
    ("/products/99999999999999999999999", 422),
    ("/products?stars=9", 422),
    ("/products?offset=-1", 422),
    ("/products?q=%00", 422),
    ("/certificates/not-a-uuid", 422),
    ("/dossiers", 401),
])
def test_one_error_shape(client, catalog, url, status):
    response = client.get(API + url)
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/problem+json")
    body = response.json()
    assert body["status"] == status and body["type"].startswith("urn:ocop:problem:")
    assert isinstance(body["title"], str) and isinstance(body["detail"], str)


def test_validation_errors_say_where(client):
    body = client.get(f"{API}/products", {"stars": "9"}).json()
    assert body["errors"] == [{"field": "stars", "message": "Phải nhỏ hơn hoặc bằng 5.", "code": "less_than_equal"}]


def test_a_bad_token_is_401_even_on_public_endpoints(client, catalog):
    response = client.get(f"{API}/products", headers={"Authorization": "Bearer nope"})
    assert response.status_code == 401 and response.headers["WWW-Authenticate"].startswith("Bearer")
    assert client.get(f"{API}/products", headers={"Authorization": "Basic eDp5"}).status_code == 401


def test_products_list_query_count_is_fixed(client, catalog, django_assert_max_num_queries, no_rate_limit):
    from ocop.certificates.tests.factories import certify
    from ocop.registry.tests.factories import ProductFactory

    for i in range(20):
        certify(ProductFactory(producer=catalog.producer_a, name=f"Bánh {i}", criteria_set="06"), stars=3)
    client.get(f"{API}/products", {"limit": 100})  # (the public data version, whether the standings hold)
    with django_assert_max_num_queries(4):  # page ids with the total, rows, certificates, photos
        response = client.get(f"{API}/products", {"limit": 100})
    assert response.json()["count"] == 23
