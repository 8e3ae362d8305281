"""The registry back office: writes refused leave the rows, saves through services,
duplicate confirmation, uploads, folded search, export, and query counts."""

from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ocop.core.models import AuditEvent
from ocop.registry.models import Document, Producer, Product, ProductPhoto
from ocop.registry.tests.factories import DocumentFactory, ProducerFactory, ProductFactory
from ocop.registry.tests.files import fake_pdf_upload, pdf_upload, png_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def objects_b(personas):
    """A producer, product and document in commune B."""
    producer = ProducerFactory(unit=personas.units.commune_b, name="HTX Sữa Long Thành")
    product = ProductFactory(producer=producer)
    document = DocumentFactory(producer=producer)
    return {"producer": producer, "product": product, "document": document}


def form_errors(response) -> str:
    import re

    return " | ".join(re.findall(r'class="[^"]*errorlist[^"]*"[^>]*>(.*?)</ul>', response.text, re.S))[:3000]


def url(obj_or_model, view, *args):
    meta = obj_or_model._meta
    return reverse(f"admin:registry_{meta.model_name}_{view}", args=args)


MODELS = ["producer", "product", "document"]

# The status of every registry page as every persona is the permission matrix's
# (ocop/core/tests/test_permission_matrix.py, ADMIN_MODELS "registry.*"); here what it does not check.


@pytest.mark.parametrize("model", MODELS)
def test_auditor_gets_403_on_every_write(client, personas, objects_b, model):
    obj = objects_b[model]
    client.force_login(personas.auditor)
    assert client.post(url(obj, "change", obj.pk), {"name": "x"}).status_code == 403
    assert client.post(url(obj, "delete", obj.pk), {"post": "yes"}).status_code == 403
    assert client.post(url(obj, "add"), {"name": "x"}).status_code == 403
    assert type(obj).objects.filter(pk=obj.pk).exists()


def test_auditor_import_post_is_403(client, personas):
    client.force_login(personas.auditor)
    assert client.post(url(Producer, "import_excel"), {}).status_code == 403


def test_out_of_scope_writes_are_404(client, personas, objects_b):
    client.force_login(personas.commune_a)
    producer = objects_b["producer"]
    assert client.post(url(producer, "change", producer.pk), {"name": "x"}).status_code == 404
    assert client.post(url(producer, "delete", producer.pk), {"post": "yes"}).status_code == 404


# --- Saving through the services ------------------------------------------------------------

def producer_form(unit, **extra):
    data = {
        "kind": "htx", "name": "Hợp tác xã Ca cao Phú Hòa", "tax_code": "3600252847", "unit": unit.pk,
        "rep_name": "Lê Thị Mai", "rep_is_woman": "on", "workforce_total": 10, "workforce_local": 8,
        "workforce_women": 5, "address": "", "phone": "", "email": "", "website": "", "note": "",
        "rep_title": "", "rep_ethnicity": "", "registered_on": "", "founded_on": "", "joined_ocop_on": "",
    }
    data.update(extra)
    return data


def test_add_producer_goes_through_the_service(client, personas):
    client.force_login(personas.commune_a)
    response = client.post(url(Producer, "add"), producer_form(personas.units.commune_a))
    assert response.status_code == 302, response.text[:3000]
    producer = Producer.objects.get()
    assert producer.search_text.startswith("hop tac xa ca cao phu hoa")
    assert AuditEvent.objects.filter(action="producer.create", target_id=str(producer.pk)).exists()


def test_add_producer_outside_scope_is_a_form_error(client, personas):
    client.force_login(personas.commune_a)
    response = client.post(url(Producer, "add"), producer_form(personas.units.commune_b))
    assert response.status_code == 200 and "ngoài phạm vi" in response.text
    assert not Producer.objects.exists()


def test_possible_duplicate_needs_save_anyway(client, personas):
    ProducerFactory(unit=personas.units.commune_a, name="Hợp tác xã Ca cao Phú Hòa", tax_code="3600000099")
    client.force_login(personas.commune_a)
    form = producer_form(personas.units.commune_a, name="HTX Ca cao Phu Hoa", tax_code="3600000099")
    warned = client.post(url(Producer, "add"), form)
    assert warned.status_code == 200
    assert "Có thể trùng" in warned.text and 'name="confirm_duplicates"' in warned.text
    assert Producer.objects.count() == 1
    saved = client.post(url(Producer, "add"), {**form, "confirm_duplicates": "on"})
    assert saved.status_code == 302 and Producer.objects.count() == 2


def test_change_producer_audits_the_diff(client, personas, objects_b):
    producer = objects_b["producer"]
    client.force_login(personas.commune_b)
    form = producer_form(personas.units.commune_b, name=producer.name, tax_code=producer.tax_code, phone="0251 111",
                         rep_name=producer.rep_name, rep_is_woman="", workforce_local=0, workforce_women=0)
    response = client.post(url(producer, "change", producer.pk), form)
    assert response.status_code == 302, response.text[:3000]
    event = AuditEvent.objects.get(action="producer.update")
    assert event.after["phone"] == "0251 111" and "name" not in event.after


def test_add_product_with_photo(client, personas, objects_b):
    client.force_login(personas.commune_b)
    data = {
        "producer": objects_b["producer"].pk, "unit": "", "name": "Sữa chua nếp cẩm", "criteria_set": "08",
        "is_active": "on", "description": "", "story": "",
        "photos-TOTAL_FORMS": "1", "photos-INITIAL_FORMS": "0", "photos-MIN_NUM_FORMS": "0",
        "photos-MAX_NUM_FORMS": "1000", "photos-0-image": png_upload(), "photos-0-caption": "Hũ 500 g",
        "photos-0-position": "0",
    }
    response = client.post(url(Product, "add"), data)
    assert response.status_code == 302, form_errors(response)
    product = Product.objects.get(name="Sữa chua nếp cẩm")
    # No OCOP code yet: it is given when the product is first sent for evaluation (its year).
    assert product.ocop_code is None and product.unit == personas.units.commune_b
    assert ProductPhoto.objects.get(product=product).caption == "Hũ 500 g"
    assert AuditEvent.objects.filter(action="product.photo_add").exists()


def test_product_photo_that_is_not_an_image_is_refused(client, personas, objects_b):
    client.force_login(personas.commune_b)
    data = {
        "producer": objects_b["producer"].pk, "unit": "", "name": "Sữa tươi", "criteria_set": "02",
        "photos-TOTAL_FORMS": "1", "photos-INITIAL_FORMS": "0", "photos-MIN_NUM_FORMS": "0",
        "photos-MAX_NUM_FORMS": "1000", "photos-0-image": fake_pdf_upload(), "photos-0-caption": "",
        "photos-0-position": "0",
    }
    response = client.post(url(Product, "add"), data)
    assert response.status_code == 200
    assert not Product.objects.filter(name="Sữa tươi").exists()


def document_form(producer, upload, **extra):
    return {"producer": producer.pk, "product": "", "kind": "attp", "title": "", "number": "01/ATTP",
            "issuer": "Sở Y tế", "issued_on": "", "expires_on": "", "note": "", "file": upload, **extra}


def test_document_upload_through_admin_sniffs_content(client, personas, objects_b):
    client.force_login(personas.commune_b)
    producer = objects_b["producer"]
    refused = client.post(url(Document, "add"), document_form(producer, fake_pdf_upload()))
    assert refused.status_code == 200 and "không đúng định dạng" in refused.text
    saved = client.post(url(Document, "add"), document_form(producer, pdf_upload("attp.pdf")))
    assert saved.status_code == 302, saved.text[:3000]
    document = Document.objects.get(original_name="attp.pdf")
    assert document.content_type == "application/pdf"
    assert AuditEvent.objects.filter(action="document.upload", target_id=str(document.pk)).exists()
    again = client.post(url(Document, "add"), document_form(producer, pdf_upload("copy.pdf")))
    assert again.status_code == 200 and "đã được lưu" in again.text


# --- Search, export, lists ----------------------------------------------------------------

def test_folded_search_finds_without_diacritics(client, personas):
    ProducerFactory(unit=personas.units.commune_a, name="Công ty Sữa Đồng Nai")
    ProducerFactory(unit=personas.units.commune_a, name="Hợp tác xã Mật ong")
    client.force_login(personas.province)
    page = client.get(url(Producer, "changelist"), {"q": "dong nai"})
    assert "Công ty Sữa Đồng Nai" in page.text and "Mật ong" not in page.text


def test_changelists_show_only_in_scope_rows(client, personas, objects_b):
    ProducerFactory(unit=personas.units.hcm_commune, name="HTX Sài Gòn")
    client.force_login(personas.commune_a)
    page = client.get(url(Producer, "changelist"))
    assert "HTX Sữa Long Thành" not in page.text and "HTX Sài Gòn" not in page.text
    client.force_login(personas.province)
    page = client.get(url(Producer, "changelist"))
    assert "HTX Sữa Long Thành" in page.text and "HTX Sài Gòn" not in page.text


def test_document_status_filter(client, personas, objects_b):
    from datetime import timedelta

    from django.utils import timezone

    DocumentFactory(producer=objects_b["producer"], number="HET-HAN", expires_on=timezone.localdate() - timedelta(1))
    client.force_login(personas.province)
    page = client.get(url(Document, "changelist"), {"status": "expired"})
    assert "HET-HAN" in page.text and objects_b["document"].number not in page.text


def test_export_is_xlsx_and_scoped(client, personas, objects_b):
    from openpyxl import load_workbook

    ProducerFactory(unit=personas.units.commune_a, name="HTX Trấn Biên")
    client.force_login(personas.commune_a)
    assert client.get(url(Producer, "export")).status_code == 200
    response = client.post(url(Producer, "export"), {"format": "0", "resource": "0"})
    assert response.status_code == 200, response.text[:2000]
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Mã số thuế / số ĐKKD"
    assert [r[1] for r in rows[1:]] == ["HTX Trấn Biên"]


def changelist_queries(client, url_) -> int:
    client.get(url_)  # warm caches (content types, sessions)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url_).status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize("model", ["producer", "product", "document"])
def test_changelist_query_count_does_not_grow_with_rows(client, personas, model, record_property):
    make = {
        "producer": lambda: ProducerFactory(unit=personas.units.commune_a),
        "product": lambda: ProductFactory(producer__unit=personas.units.commune_a),
        "document": lambda: DocumentFactory(producer__unit=personas.units.commune_a),
    }[model]
    model_class = {"producer": Producer, "product": Product, "document": Document}[model]
    client.force_login(personas.province)
    for _ in range(3):
        make()
    few = changelist_queries(client, url(model_class, "changelist"))
    for _ in range(27):
        make()
    many = changelist_queries(client, url(model_class, "changelist"))
    record_property("queries", (few, many))
    print(f"{model} changelist queries: 3 rows={few}, 30 rows={many}")
    assert many == few


# --- Typed exports (issue 17): every cell keeps its type, the file and sheet are Vietnamese ----

def exported(client, model):
    from openpyxl import load_workbook

    response = client.post(url(model, "export"), {"format": "0", "resource": "0"})
    assert response.status_code == 200, response.text[:2000]
    book = load_workbook(BytesIO(response.content))
    return response, book.active, [list(r) for r in book.active.iter_rows(values_only=True)]


def test_producer_export_is_typed_with_vietnamese_names(client, personas):
    from datetime import date
    from urllib.parse import unquote

    ProducerFactory(unit=personas.units.commune_b, name="HTX Đồng Xanh", tax_code="0301234567",
                    founded_on=date(2019, 5, 4), workforce_total=12, workforce_women=7)
    client.force_login(personas.province)
    response, sheet, rows = exported(client, Producer)
    assert sheet.title == "Chủ thể OCOP"
    disposition = response["Content-Disposition"]
    assert "filename*=UTF-8''" in disposition
    assert unquote(disposition.split("''", 1)[1]).startswith("Chủ thể OCOP 20")
    header, row = rows[0], rows[1]
    cells = dict(zip(header, row, strict=True))
    assert cells["Mã số thuế / số ĐKKD"] == "0301234567"  # text, leading zero kept
    assert cells["Mã xã/phường"] == personas.units.commune_b.code and isinstance(cells["Mã xã/phường"], str)
    assert cells["Tổng số lao động"] == 12 and cells["Lao động nữ"] == 7
    assert cells["Ngày thành lập"].date() == date(2019, 5, 4)  # a date cell (openpyxl reads datetime)
    assert sheet.cell(row=2, column=header.index("Ngày thành lập") + 1).number_format == "DD/MM/YYYY"
    assert sheet.cell(row=2, column=1).data_type == "s"


def test_product_export_keeps_codes_as_text(client, personas):
    producer = ProducerFactory(unit=personas.units.commune_b, tax_code="0301234567")
    ProductFactory(producer=producer, unit=personas.units.commune_b, name="Mứt gừng", criteria_set="07",
                   ocop_code="75-26380-001-2026")
    client.force_login(personas.province)
    response, sheet, rows = exported(client, Product)
    assert sheet.title == "Sản phẩm"
    assert spreadsheet_name(response).startswith("Sản phẩm 20")
    header = rows[0]
    cells = dict(zip(header, rows[1], strict=True))
    assert (cells["Mã số thuế chủ thể"], cells["Bộ sản phẩm (01–26)"], cells["Mã sản phẩm OCOP"]) == (
        "0301234567", "07", "75-26380-001-2026")  # text, leading zeros kept
    for label in ("Mã số thuế chủ thể", "Bộ sản phẩm (01–26)", "Mã xã/phường"):
        column = sheet.cell(row=2, column=header.index(label) + 1)
        assert (column.data_type, column.number_format) == ("s", "@"), label


def spreadsheet_name(response) -> str:
    from ocop.lib.spreadsheet import disposition_filename

    return disposition_filename(response["Content-Disposition"])


def test_document_export_dates_are_dates(client, personas, objects_b):
    from datetime import date, datetime

    objects_b["document"].expires_on = date(2027, 3, 1)
    objects_b["document"].save()
    client.force_login(personas.province)
    _response, sheet, rows = exported(client, Document)
    cells = dict(zip(rows[0], rows[1], strict=True))
    assert sheet.title == "Kho giấy tờ"
    assert cells["Ngày hết hạn"] == datetime(2027, 3, 1)
    assert isinstance(cells["Mã định danh"], str)


def test_exported_producers_and_products_reimport_unchanged(client, personas):
    """Round trip: the export of each list, imported again, changes nothing."""
    from datetime import date

    from django.core.files.uploadedfile import SimpleUploadedFile

    from ocop.registry.importing import PRODUCERS, PRODUCTS, validate_file

    producer = ProducerFactory(unit=personas.units.commune_b, tax_code="0301234567", founded_on=date(2020, 1, 2),
                               joined_ocop_on=date(2021, 3, 4), rep_is_woman=True, email="a@b.vn")
    ProductFactory(producer=producer, unit=personas.units.commune_b, name="Mứt gừng", description="Ngọt")
    client.force_login(personas.province)
    for model, kind in [(Producer, PRODUCERS), (Product, PRODUCTS)]:
        response, _sheet, _rows = exported(client, model)
        upload = SimpleUploadedFile("export.xlsx", response.content)
        report = validate_file(upload, kind=kind, user=personas.province)
        assert report.summary() == {"new": 0, "update": 0, "unchanged": 1, "error": 0}, [
            r.errors for r in report.rows]
