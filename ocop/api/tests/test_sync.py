"""The API as a national system syncing from it would use it: walk every list by cursor (no row
missed or repeated while rows are inserted), fetch only what changed (updated_since), revalidate
with ETag / Last-Modified (304), and meet a clear error past the offset bound."""

from datetime import timedelta

import pytest
from django.utils import timezone

from ocop.api.pagination import MAX_OFFSET
from ocop.certificates.services import standings_store
from ocop.certificates.tests.factories import certify
from ocop.registry.models import Product
from ocop.registry.tests.factories import ProductFactory

pytestmark = pytest.mark.django_db
API = "/api/v1"


def walk(client, path: str, **params) -> list[dict]:
    """Every item of a list, following `next`; side(i), if given, runs before the i-th page."""
    items, cursor, side = [], None, params.pop("side", None)
    for i in range(100):
        if side:
            side(i)
        query = dict(params, **({"cursor": cursor} if cursor else {}))
        page = client.get(f"{API}{path}", query)
        assert page.status_code == 200, page.content
        data = page.json()
        items += data["items"]
        cursor = data["next"]
        if cursor is None:
            return items
    raise AssertionError("the walk did not end")


def more_products(catalog, n: int, prefix: str = "Sản phẩm") -> list[Product]:
    today = timezone.localdate()
    made = []
    for i in range(n):
        product = ProductFactory(producer=catalog.producer_a if i % 2 else catalog.producer_b,
                                 name=f"{prefix} {i:02}", criteria_set="06")
        certify(product, stars=3 + i % 3, issued_on=today - timedelta(days=5 + i % 4))
        made.append(product)
    return made


@pytest.mark.parametrize("sort", ["stars", "name", "new"])
def test_the_cursor_walks_every_product_once_while_rows_are_inserted(client, catalog, sort):
    more_products(catalog, 9)
    before = {p.pk for p in Product.objects.filter(pk__in=[p.pk for p in catalog.published])} | set(
        Product.objects.filter(name__startswith="Sản phẩm").values_list("pk", flat=True))
    inserted = []

    def insert(i):
        if i in (1, 3):  # between pages: products that sort anywhere (stars 3–5, names A…Z)
            inserted.extend(more_products(catalog, 3, prefix=f"Chen {i}"))

    items = walk(client, "/products", limit=2, sort=sort, side=insert)
    ids = [item["id"] for item in items]
    assert len(ids) == len(set(ids))  # nothing repeated
    assert before <= set(ids)  # nothing that existed when the walk began is missed
    assert set(ids) <= before | {p.pk for p in inserted}
    assert ids == [i["id"] for i in client.get(f"{API}/products", {"limit": 100, "sort": sort}).json()["items"]
                   if i["id"] in set(ids)]  # in the list's own order


def test_the_cursor_walks_every_certificate_once_while_rows_are_inserted(client, catalog):
    more_products(catalog, 7)
    before = [c["uid"] for c in client.get(f"{API}/certificates", {"limit": 100}).json()["items"]]
    items = walk(client, "/certificates", limit=3, side=lambda i: i == 2 and more_products(catalog, 4, "Chen"))
    uids = [c["uid"] for c in items]
    assert len(uids) == len(set(uids)) and set(before) <= set(uids)
    issued = [c["issued_on"] for c in items]
    assert issued == sorted(issued, reverse=True)  # newest first, the documented order


def test_every_list_walks_by_cursor(client, personas, catalog, bearer, units):
    headers = bearer(personas.province)
    for path in ("/units", "/producers", "/products", "/certificates", "/dossiers"):
        full = client.get(f"{API}{path}", {"limit": 100}, headers=headers).json()
        items, cursor = [], None
        while True:
            page = client.get(f"{API}{path}", {"limit": 2, **({"cursor": cursor} if cursor else {})},
                              headers=headers).json()
            items += page["items"]
            cursor = page["next"]
            if not cursor:
                break
        assert items == full["items"][: len(items)] and len(items) == full["count"], path


def test_updated_since_returns_exactly_the_changed_rows(client, catalog):
    more_products(catalog, 4)
    since = timezone.now()
    assert client.get(f"{API}/products", {"updated_since": since.isoformat()}).json()["items"] == []
    changed = list(Product.objects.filter(name__in=["Sản phẩm 01", "Sản phẩm 03"]))
    for product in changed:
        product.description = "Mô tả mới"
        product.save()
    data = client.get(f"{API}/products", {"updated_since": since.isoformat()}).json()
    assert sorted(i["id"] for i in data["items"]) == sorted(p.pk for p in changed)
    assert data["count"] == 2
    stamps = [i["updated_at"] for i in data["items"]]
    assert stamps == sorted(stamps)  # oldest change first: the last one is the next sync's start

    # a certificate changed after the moment: only it
    certificate = type(catalog.cert_tra).objects.get(pk=catalog.cert_tra.pk)
    certificate.extension_basis = "Đã nộp hồ sơ đánh giá lại"
    certificate.save()
    changed_certificates = client.get(f"{API}/certificates", {"updated_since": since.isoformat()}).json()["items"]
    assert [c["uid"] for c in changed_certificates] == [str(certificate.uid)]


def test_updated_since_sees_the_bulk_writers(client, catalog):
    """The daily standings roll writes products in bulk: the stars an integrator sees change, so
    their updated_at moves too."""
    since = timezone.now()
    product = catalog.banh_pia
    standings_store(Product, [(product.pk, 5, product.standing_from, product.standing_until)])
    data = client.get(f"{API}/products", {"updated_since": since.isoformat()}).json()
    assert [(i["id"], i["stars"]) for i in data["items"]] == [(product.pk, 5)]


def test_a_naive_updated_since_is_local_time(client, catalog):
    local = timezone.localtime() - timedelta(minutes=5)
    naive = local.replace(tzinfo=None, microsecond=0).isoformat()
    Product.objects.update(updated_at=timezone.now() - timedelta(hours=1))
    Product.objects.get(pk=catalog.banh_pia.pk).save()
    ids = [i["id"] for i in client.get(f"{API}/products", {"updated_since": naive}).json()["items"]]
    assert ids == [catalog.banh_pia.pk]


@pytest.mark.parametrize("value", ["0.5", "1733443200", "2026-12-01", "hôm qua", "2026-12-01T25:00:00"])
def test_updated_since_is_an_iso_date_time_only(client, catalog, value):
    assert client.get(f"{API}/products", {"updated_since": value}).status_code == 422


@pytest.mark.parametrize(("value", "status"), [
    ("4466-11-20T12:15:51+23:34", 200),  # schemathesis: an offset PostgreSQL refuses (±15:59) was a 500
    ("2026-12-01T08:00:00-15:30", 200),
    ("9999-12-31T23:59:00-01:00", 422),  # past year 9999 in UTC
    ("0001-01-01T00:00:00+01:00", 422),  # before year 1 in UTC
])
def test_updated_since_with_an_extreme_offset(client, catalog, value, status):
    response = client.get(f"{API}/products", {"updated_since": value})
    assert response.status_code == status
    if status == 200:
        assert response.json()["items"] == [] or value.startswith("2026")


def test_a_repeated_conditional_get_is_304(client, catalog):
    Product.objects.update(updated_at=timezone.now() - timedelta(hours=1))  # changed an hour ago
    url = f"{API}/products"
    first = client.get(url)
    etag, modified = first["ETag"], first["Last-Modified"]
    assert etag.startswith('"') and modified.endswith("GMT")
    assert first["Cache-Control"] == "no-cache"
    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b"" and again["ETag"] == etag
    assert client.get(url, headers={"If-Modified-Since": modified}).status_code == 304
    detail = client.get(f"{API}/certificates/{catalog.cert_tra.uid}")
    assert client.get(f"{API}/certificates/{catalog.cert_tra.uid}",
                      headers={"If-None-Match": detail["ETag"]}).status_code == 304
    # a change: a new body, a new tag, 200; no Last-Modified while its second may see more changes
    product = Product.objects.get(pk=catalog.banh_pia.pk)
    product.name = "Bánh pía sầu riêng Tân Lộc"
    product.save()
    changed = client.get(url, headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed["ETag"] != etag
    assert client.get(url, headers={"If-Modified-Since": modified}).status_code == 200
    Product.objects.filter(pk=product.pk).update(updated_at=timezone.now() - timedelta(minutes=1))
    assert client.get(url)["Last-Modified"] != modified


def test_offset_is_bounded_and_points_to_the_cursor(client, catalog):
    response = client.get(f"{API}/products", {"offset": MAX_OFFSET + 1})
    assert response.status_code == 422
    assert "cursor" in response.json()["detail"] and "100.000" in response.json()["detail"]
    assert client.get(f"{API}/certificates", {"offset": MAX_OFFSET}).status_code == 200
    assert client.get(f"{API}/products", {"offset": 1, "cursor": "abc"}).status_code == 422


def test_a_foreign_or_broken_cursor_is_422(client, catalog):
    by_name = client.get(f"{API}/products", {"limit": 1, "sort": "name"}).json()["next"]
    assert by_name
    assert client.get(f"{API}/products", {"cursor": by_name, "sort": "stars"}).status_code == 422
    assert client.get(f"{API}/certificates", {"cursor": by_name}).status_code == 422
    for broken in ("abc", "eyJ4Ijox", "W10"):
        response = client.get(f"{API}/products", {"cursor": broken})
        assert response.status_code == 422, broken
        assert "cursor" in response.json()["detail"]


def test_the_total_is_exact_or_cached_and_says_which(client, catalog):
    first = client.get(f"{API}/products", {"limit": 1}).json()
    assert (first["count"], first["count_kind"]) == (3, "exact")
    ProductFactory(producer=catalog.producer_a, name="Mới công nhận", criteria_set="06")
    certify(Product.objects.get(name="Mới công nhận"), stars=4)
    again = client.get(f"{API}/products", {"limit": 1}).json()
    assert (again["count"], again["count_kind"]) == (3, "cached")  # the same query within a minute
    whole = client.get(f"{API}/products", {"limit": 100}).json()  # the page holds the list: exact
    assert (whole["count"], whole["count_kind"]) == (4, "exact")
    last = client.get(f"{API}/products", {"limit": 3, "offset": 3}).json()  # the last page shows it
    assert (last["count"], last["count_kind"]) == (4, "exact")


def test_updated_since_on_every_list_returns_exactly_the_changed_row(client, personas, catalog, bearer):
    """Each list an integrator syncs (units, producers, products, certificates, dossiers): after a
    moment T, one record saved through the ORM is the only one `updated_since=T` returns."""
    from ocop.rating.models import Dossier
    from ocop.territory.models import AdminUnit

    for year in (2025, 2026):
        Dossier.objects.create(product=catalog.dieu, unit=catalog.dieu.unit, year=year,
                               criteria_set=catalog.dieu.criteria_set, assisted=True, consent_note="Đồng ý")
    lists = {
        "/units": (AdminUnit, catalog.dieu.unit),
        "/producers": (type(catalog.producer_a), catalog.producer_a),
        "/products": (Product, catalog.tra),
        "/certificates": (type(catalog.cert_tra), catalog.cert_tra),
        "/dossiers": (Dossier, Dossier.objects.get(product=catalog.dieu, year=2025)),
    }
    token = bearer(personas.province)  # dossiers are read with a key; the rest as anyone reads them
    an_hour_ago = timezone.now() - timedelta(hours=1)
    for model, _record in lists.values():
        model.objects.update(updated_at=an_hour_ago)
    since = (timezone.now() - timedelta(minutes=1)).isoformat()
    for path, (model, record) in lists.items():
        headers = token if path == "/dossiers" else {}
        assert client.get(f"{API}{path}", {"updated_since": since}, headers=headers).json()["items"] == [], path
        model.objects.get(pk=record.pk).save()
        items = client.get(f"{API}{path}", {"updated_since": since}, headers=headers).json()["items"]
        key = "uid" if path == "/certificates" else "id"
        assert [i[key] for i in items] == [str(record.uid) if key == "uid" else record.pk], path
        everything = client.get(f"{API}{path}", {"updated_since": an_hour_ago.isoformat(), "limit": 100},
                                headers=headers).json()["items"]
        stamps = [(i["updated_at"], i[key]) for i in everything]
        assert len(everything) > 1 and [s[0] for s in stamps] == sorted(s[0] for s in stamps), path
