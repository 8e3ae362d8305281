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
    from ocop.certificates.tests.factories import certify
    from ocop.registry.tests.factories import ProductFactory

    for i in range(25):
        certify(ProductFactory(producer=catalog.producer_a, name=f"Bánh {i}", criteria_set="06"), stars=3)
    # the public data version and whether the standings hold (both then kept in the cache: the
    # certificates above moved the version), products, certificates (one batch), savepoint-free
    with django_assert_max_num_queries(4):
        rows = csv_rows(download(client, "san-pham", "csv"))
    assert len(rows) == 28


# --- Issue 17: typed open data, a Frictionless package, a licence, files spreadsheets open right ---

def raw(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_the_data_package_validates_with_frictionless(client, catalog, tmp_path):
    """datapackage.json and the CSV files beside it, as served, pass the frictionless validator;
    codes stay strings ("07"-style leading zeros kept), stars are integers, dates are dates."""
    import datetime

    from frictionless import Package, validate

    package = json.loads(raw(client, reverse("catalog:open_data_package")))
    (tmp_path / "datapackage.json").write_text(json.dumps(package, ensure_ascii=False), encoding="utf-8")
    for resource in package["resources"]:
        (tmp_path / resource["path"]).write_bytes(raw(client, f"/du-lieu-mo/{resource['path']}"))
    report = validate(str(tmp_path / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    assert package["licenses"][0]["name"] == "CC-BY-4.0"
    products = Package(str(tmp_path / "datapackage.json")).get_resource("san-pham")
    fields = {f.name: f.type for f in products.schema.fields}
    assert fields["ma_xa"] == fields["ma_tinh"] == fields["ma_ocop"] == fields["bo_san_pham"] == "string"
    assert fields["hang_sao"] == "integer" and fields["ngay_cap"] == "date"
    rows = {r["ten_san_pham"]: r for r in products.read_rows()}
    banh_pia = rows["Bánh pía sầu riêng"]
    assert banh_pia["ma_xa"] == "26068" and banh_pia["hang_sao"] == 4
    assert isinstance(banh_pia["ngay_cap"], datetime.date) and banh_pia["bo_san_pham"] == "06"


def test_csv_bytes_are_what_spreadsheets_and_programs_need(client, catalog):
    """LibreOffice is not installed here (too heavy for CI): the byte-level properties instead.
    UTF-8 with a BOM, CRLF lines, every text field quoted (so "Format quoted field as text" keeps
    codes), numbers unquoted; the Vietnamese letters are intact UTF-8, "Đ" included."""
    data = raw(client, reverse("catalog:open_data_file", args=["san-pham", "csv"]))
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8")
    assert "\r\n" in text and "\n" not in text.replace("\r\n", "")
    line = next(x for x in text.split("\r\n") if "Bánh pía sầu riêng" in x)
    assert '"26068"' in line and '"75"' in line and ',4,' in line
    assert "Đồng" in text or "Sóc Trăng" in text or "Bánh pía" in text


def test_xlsx_open_data_keeps_codes_as_text_and_numbers_as_numbers(client, catalog):
    import datetime
    from io import BytesIO

    from openpyxl import load_workbook

    response = client.get(reverse("catalog:open_data_file", args=["san-pham", "xlsx"]))
    assert "filename*=UTF-8''S%E1%BA%A3n%20ph%E1%BA%A9m%20OCOP%20" in response["Content-Disposition"]
    sheet = load_workbook(BytesIO(response.content)).active
    assert sheet.title == "Sản phẩm OCOP"
    rows = list(sheet.iter_rows(values_only=True))
    banh_pia = dict(zip(rows[0], next(r for r in rows if r[2] == "Bánh pía sầu riêng"), strict=True))
    assert banh_pia["ma_xa"] == "26068" and banh_pia["bo_san_pham"] == "06" and banh_pia["hang_sao"] == 4
    assert isinstance(banh_pia["ngay_cap"], datetime.datetime) and isinstance(banh_pia["ma_san_pham"], int)


def test_the_page_states_the_licence_and_links_the_package(client):
    text = client.get(reverse("catalog:open_data")).text
    assert 'href="https://creativecommons.org/licenses/by/4.0/" rel="license"' in text
    assert reverse("catalog:open_data_package") in text and "/du-lieu-mo/san-pham.xlsx" in text
