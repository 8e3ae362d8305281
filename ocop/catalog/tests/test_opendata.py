"""Open data: CSV and JSON of published products only, statistics, the national field layout."""

import csv
import io
import json

import pytest
from django.urls import reverse

from ocop.catalog.exports import NATIONAL_FIELDS, PRODUCT_FIELDS

pytestmark = pytest.mark.django_db


def download(client, name, fmt):
    response = client.get(reverse("catalog:open_data_file", args=[name, fmt]))
    assert response.status_code == 200 and response.streaming
    return b"".join(response.streaming_content).decode("utf-8")


def csv_rows(text):
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:])))


def test_products_csv_lists_published_products_only(client, catalog):
    rows = csv_rows(download(client, "san-pham", "csv"))
    assert sorted(r["ten_san_pham"] for r in rows) == sorted(p.name for p in catalog.published)
    assert list(rows[0]) == [f.name for f in PRODUCT_FIELDS]
    banh_pia = next(r for r in rows if r["ten_san_pham"] == "Bánh pía sầu riêng")
    assert banh_pia["hang_sao"] == "4" and banh_pia["ma_ocop"] == "75-26068-001-2025"
    assert banh_pia["ma_xa"] == "26068" and banh_pia["ma_tinh"] == "75" and banh_pia["tinh_trang"] == "valid"
    assert banh_pia["ma_xac_minh"] == str(catalog.cert_banh_pia.uid)


def test_products_json_lists_published_products_only(client, catalog):
    data = json.loads(download(client, "san-pham", "json"))
    assert data["dataset"] == "san-pham" and data["fields"] == [f.name for f in PRODUCT_FIELDS]
    assert sorted(i["ten_san_pham"] for i in data["items"]) == sorted(p.name for p in catalog.published)
    text = json.dumps(data, ensure_ascii=False)
    for product in catalog.hidden:
        assert product.name not in text


def test_national_layout(client, catalog):
    rows = csv_rows(download(client, "ocop-quoc-gia", "csv"))
    assert list(rows[0]) == [f.name for f in NATIONAL_FIELDS]
    dieu = next(r for r in rows if r["TEN_SAN_PHAM"] == "Hạt điều rang muối")
    assert dieu["TRANG_THAI"] == "SAP_HET_HAN" and dieu["HANG_SAO"] == "3" and dieu["MA_DVHC"] == "26380"
    assert len(rows) == 3


def test_statistics(client, catalog):
    rows = json.loads(download(client, "thong-ke", "json"))["items"]
    total = next(r for r in rows if r["chi_tieu"] == "san_pham")
    assert total["gia_tri"] == 3
    by_province = {r["ma"]: r["gia_tri"] for r in rows if r["chi_tieu"] == "theo_tinh"}
    assert by_province == {"75": 2, "79": 1}
    assert csv_rows(download(client, "thong-ke", "csv"))[0]["chi_tieu"] == "san_pham"


def test_the_page_documents_every_field(client):
    text = client.get(reverse("catalog:open_data")).text
    for field in PRODUCT_FIELDS + NATIONAL_FIELDS:
        assert f"<code>{field.name}</code>" in text


@pytest.mark.parametrize("path", ["/du-lieu-mo/khong-co.csv", "/du-lieu-mo/san-pham.xml"])
def test_unknown_files_are_404(client, path):
    assert client.get(path).status_code == 404


def test_export_query_count_does_not_grow_with_rows(client, catalog, django_assert_max_num_queries):
    from ocop.catalog.tests.factories import certify, make_product

    for i in range(25):
        certify(make_product(catalog.producer_a, f"Bánh {i}", "06"), stars=3)
    with django_assert_max_num_queries(3):  # products, certificates (one batch), savepoint-free
        rows = csv_rows(download(client, "san-pham", "csv"))
    assert len(rows) == 28
