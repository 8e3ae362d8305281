"""The import page in the back office: upload → report → confirm, and the template download."""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ocop.registry.importing import INSTRUCTIONS_TITLE, PRODUCER_COLUMNS, PRODUCT_COLUMNS
from ocop.registry.models import Producer, Product
from ocop.registry.tests.test_importing import producer_row, xlsx

pytestmark = pytest.mark.django_db
PRODUCER_IMPORT = reverse("admin:registry_producer_import_excel")


def test_template_has_header_row_and_instructions(client, personas):
    from openpyxl import load_workbook

    client.force_login(personas.commune_a)
    for model, columns in [("producer", PRODUCER_COLUMNS), ("product", PRODUCT_COLUMNS)]:
        response = client.get(reverse(f"admin:registry_{model}_import_template"))
        assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxml")
        workbook = load_workbook(BytesIO(response.content))
        header = next(workbook.worksheets[0].iter_rows(values_only=True))
        assert list(header) == [c.header for c in columns]
        assert INSTRUCTIONS_TITLE in workbook.sheetnames


def test_upload_report_confirm_and_reimport(client, personas):
    client.force_login(personas.commune_a)
    rows = [producer_row(i, personas.units.commune_a.code) for i in range(3)]
    report = client.post(PRODUCER_IMPORT, {"file": xlsx(rows)})
    assert report.status_code == 200
    assert 'data-count="new">3<' in report.text and "Xác nhận nhập" in report.text
    assert not Producer.objects.exists()
    token = report.context["confirm_form"].initial["token"]
    done = client.post(PRODUCER_IMPORT, {"token": token, "only_valid": ""})
    assert done.status_code == 302 and Producer.objects.count() == 3
    assert client.post(PRODUCER_IMPORT, {"token": token}).status_code == 302  # used up: back to the form
    again = client.post(PRODUCER_IMPORT, {"file": xlsx(rows)})
    assert 'data-count="unchanged">3<' in again.text and again.context["confirm_form"] is None


def test_bad_rows_are_listed_and_nothing_is_written_unless_only_valid(client, personas):
    client.force_login(personas.commune_a)
    rows = [producer_row(1, personas.units.commune_a.code), producer_row(2, "26380")]  # commune B: out of scope
    report = client.post(PRODUCER_IMPORT, {"file": xlsx(rows)})
    assert report.context["confirm_form"] is None
    assert "ngoài phạm vi" in report.text and report.context["error_rows"][0].number == 3
    assert not Producer.objects.exists()
    token = report.context["valid_only_form"].initial["token"]
    done = client.post(PRODUCER_IMPORT, {"token": token, "only_valid": "True"})
    assert done.status_code == 302
    assert list(Producer.objects.values_list("tax_code", flat=True)) == ["3600000001"]


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("chu-the.xls", b"a;b\n"), "Chỉ nhận tệp .xlsx, .csv hoặc .ods"),
        (SimpleUploadedFile("chu-the.csv", b"a;b\n"), "thiếu cột"),
        (SimpleUploadedFile("chu-the.ods", b"PK\x03\x04broken"), ".ods"),
        (SimpleUploadedFile("chu-the.xlsx", b"PK\x03\x04broken"), "bị hỏng"),
        (SimpleUploadedFile("chu-the.xlsx", b"%PDF-1.4"), "không phải là tệp Excel"),
    ],
)
def test_refused_files_show_a_message_and_write_nothing(client, personas, upload, message):
    client.force_login(personas.province)
    response = client.post(PRODUCER_IMPORT, {"file": upload})
    assert response.status_code == 200 and message in response.text
    assert not Producer.objects.exists()


def test_product_import_page(client, personas):
    client.force_login(personas.commune_a)
    client.post(PRODUCER_IMPORT, {"file": xlsx([producer_row(1, personas.units.commune_a.code)])})
    token = client.session["registry_imports"].popitem()[0]
    client.post(PRODUCER_IMPORT, {"token": token})
    url = reverse("admin:registry_product_import_excel")
    headers = [c.header for c in PRODUCT_COLUMNS]
    report = client.post(url, {"file": xlsx([["3600000001", "Hạt điều", "07", "", "", ""]], headers)})
    assert report.status_code == 200 and 'data-count="new">1<' in report.text
    client.post(url, {"token": report.context["confirm_form"].initial["token"]})
    assert Product.objects.get().name == "Hạt điều"
