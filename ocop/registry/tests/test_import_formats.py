"""Issue 17: import accepts .xlsx, .csv and .ods; a file is checked whole before anything is
written; an exported file re-imports without change in every format; a product whose producer
has no tax code re-imports (by the producer's name)."""

import csv
import io
from datetime import date

import pytest
import tablib
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from ocop.registry.importing import (
    PRODUCER_COLUMNS,
    PRODUCERS,
    PRODUCTS,
    ImportFileError,
    import_file,
    validate_file,
)
from ocop.registry.models import Producer, Product
from ocop.registry.tests.factories import ProducerFactory, ProductFactory
from ocop.registry.tests.test_importing import producer_row

pytestmark = pytest.mark.django_db
HEADERS = [c.header for c in PRODUCER_COLUMNS]


def as_csv(headers, rows, *, delimiter=",", bom=True, encoding="utf-8") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(headers)
    writer.writerows(["" if v is None else v for v in row] for row in rows)
    return (("\ufeff" if bom else "") + buffer.getvalue()).encode(encoding)


def as_ods(headers, rows, *, guide=True) -> bytes:
    book = tablib.Databook()
    if guide:
        book.add_sheet(tablib.Dataset(["Điền từ dòng 2"], title="Hướng dẫn"))
    book.add_sheet(tablib.Dataset(*[["" if v is None else v for v in r] for r in rows], headers=headers,
                                  title="Chủ thể"))
    return book.export("ods")


def test_csv_import_utf8_with_bom_and_semicolons(personas):
    a = personas.units.commune_a.code
    data = as_csv(HEADERS, [producer_row(1, a), producer_row(2, a)], delimiter=";")
    report = import_file(SimpleUploadedFile("chủ thể.csv", data), kind=PRODUCERS, user=personas.commune_a)
    assert report.counts == {"new": 2, "update": 0}
    producer = Producer.objects.get(tax_code="3600000001")
    assert producer.founded_on == date(2015, 3, 15) and producer.workforce_women == 8
    assert producer.name == "Hợp tác xã Dịch vụ Nông nghiệp 1"
    again = import_file(SimpleUploadedFile("x.csv", data), kind=PRODUCERS, user=personas.commune_a)
    assert again.summary()["unchanged"] == 2


def test_csv_not_in_utf8_is_refused_with_how_to_save_it(personas):
    data = "Mã số thuế / số ĐKKD,Tên chủ thể\n".encode("utf-16")
    with pytest.raises(ImportFileError, match="UTF-8"):
        validate_file(SimpleUploadedFile("x.csv", data), kind=PRODUCERS, user=personas.commune_a)


def test_ods_import_skips_the_guide_and_reads_typed_cells(personas):
    a = personas.units.commune_a.code
    row = producer_row(4, a)
    row[11] = date(2015, 3, 15)
    report = import_file(SimpleUploadedFile("chu-the.ods", as_ods(HEADERS, [row])), kind=PRODUCERS,
                         user=personas.commune_a)
    assert report.counts == {"new": 1, "update": 0}, [r.errors for r in report.rows]
    assert Producer.objects.get(tax_code="3600000004").founded_on == date(2015, 3, 15)


@pytest.mark.parametrize("name", ["x.csv", "x.ods"])
def test_a_bad_row_writes_nothing(personas, name):
    a = personas.units.commune_a.code
    bad = producer_row(6, a)
    bad[3] = "99999"
    rows = [producer_row(5, a), bad]
    data = as_csv(HEADERS, rows) if name.endswith(".csv") else as_ods(HEADERS, rows)
    report = import_file(SimpleUploadedFile(name, data), kind=PRODUCERS, user=personas.commune_a)
    assert not report.written and [r.number for r in report.errors] == [3]
    assert not Producer.objects.exists()


def test_formulas_and_broken_ods_are_refused(personas):
    a = personas.units.commune_a.code
    row = producer_row(7, a)
    row[1] = "=HYPERLINK(\"http://x\")"
    with pytest.raises(ImportFileError, match="công thức"):
        validate_file(SimpleUploadedFile("x.csv", as_csv(HEADERS, [row])), kind=PRODUCERS, user=personas.commune_a)
    with pytest.raises(ImportFileError, match=".ods"):
        validate_file(SimpleUploadedFile("x.ods", b"PK\x03\x04 not a zip"), kind=PRODUCERS, user=personas.commune_a)
    assert not Producer.objects.exists()


def xlsx_bytes(rows) -> bytes:
    from ocop.lib.spreadsheet import table_xlsx

    return table_xlsx("Chủ thể", rows[0], rows[1:])


def exported_rows(client, model_name):
    response = client.post(reverse(f"admin:registry_{model_name}_export"), {"format": "0", "resource": "0"})
    assert response.status_code == 200
    return response.content, [list(r) for r in load_workbook(io.BytesIO(response.content)).active.iter_rows(
        values_only=True)]


@pytest.mark.parametrize("fmt", ["xlsx", "csv", "ods"])
def test_exported_files_reimport_unchanged_in_every_format(client, personas, fmt):
    """Round trip per import kind and format, whole files; one producer has no tax code (known by its
    exact name in its commune)."""
    b = personas.units.commune_b
    numbered = ProducerFactory(unit=b, tax_code="0301234567", founded_on=date(2020, 1, 2), rep_is_woman=True)
    household = ProducerFactory(unit=b, kind=Producer.Kind.HOUSEHOLD, tax_code="", name="Hộ Trần Văn Đức")
    ProductFactory(producer=numbered, unit=b, name="Mứt gừng", description="Ngọt")
    ProductFactory(producer=household, unit=b, name="Mật ong rừng", criteria_set="04")
    client.force_login(personas.province)
    for model_name, kind, count in [("producer", PRODUCERS, 2), ("product", PRODUCTS, 2)]:
        content, rows = exported_rows(client, model_name)
        if fmt == "csv":
            content = as_csv(rows[0], [[v.strftime("%d/%m/%Y") if isinstance(v, date) else v for v in r]
                                       for r in rows[1:]])
        elif fmt == "ods":
            content = as_ods(rows[0], rows[1:])
        report = validate_file(SimpleUploadedFile(f"export.{fmt}", content), kind=kind, user=personas.province)
        assert report.summary() == {"new": 0, "update": 0, "unchanged": count, "error": 0}, [
            (r.number, r.errors) for r in report.rows]


def test_producers_without_tax_code_are_known_by_name_in_their_commune(personas):
    b, a = personas.units.commune_b, personas.units.commune_a
    ProducerFactory(unit=b, kind=Producer.Kind.HOUSEHOLD, tax_code="", name="Hộ Phạm Văn Bình", phone="0901")
    ProducerFactory(unit=b, kind=Producer.Kind.HOUSEHOLD, tax_code="", name="Hộ trùng tên")
    ProducerFactory(unit=b, kind=Producer.Kind.HOUSEHOLD, tax_code="", name="Hộ trùng tên")
    def row(name, unit_code):
        line = producer_row(1, unit_code)
        line[0], line[1], line[2] = "", name, "ho"  # no tax code, a household
        return line

    content = xlsx_bytes([[c.header for c in PRODUCER_COLUMNS], row("Hộ Phạm Văn Bình", b.code),
                          row("Hộ Phạm Văn Bình", a.code), row("Hộ trùng tên", b.code)])
    report = validate_file(SimpleUploadedFile("ho.xlsx", content), kind=PRODUCERS, user=personas.province)
    actions = [(r.action, r.errors) for r in report.rows]
    assert actions[0] == ("update", [])  # same name, same commune: that household, its phone changed
    assert actions[1] == ("new", [])  # the same name elsewhere is another household
    assert actions[2][0] == "error" and "không có mã số thuế trong cùng xã" in actions[2][1][0]


def test_a_new_product_of_a_producer_without_tax_code(personas):
    b = personas.units.commune_b
    ProducerFactory(unit=b, kind=Producer.Kind.HOUSEHOLD, tax_code="", name="Hộ Lê Thị Hoa")
    ProducerFactory(unit=b, kind=Producer.Kind.HOUSEHOLD, tax_code="", name="Hộ trùng tên")
    ProducerFactory(unit=b, kind=Producer.Kind.HOUSEHOLD, tax_code="", name="Hộ trùng tên")
    headers = ["Mã số thuế chủ thể", "Tên sản phẩm", "Bộ sản phẩm (01–26)", "Tên chủ thể"]
    rows = [["", "Bánh tráng", "06", "Hộ Lê Thị Hoa"], ["", "Rượu", "08", "Hộ trùng tên"],
            ["", "Trà", "04", "Hộ không có"]]
    report = validate_file(SimpleUploadedFile("sp.csv", as_csv(headers, rows)), kind=PRODUCTS, user=personas.commune_b)
    assert report.rows[0].ok and report.rows[0].action == "new"
    assert "nhiều chủ thể" in report.rows[1].errors[0] and "Hộ không có" in report.rows[2].errors[0]
    only = import_file(SimpleUploadedFile("sp.csv", as_csv(headers, rows[:1])), kind=PRODUCTS, user=personas.commune_b)
    assert only.counts == {"new": 1, "update": 0}
    assert Product.objects.get(name="Bánh tráng").producer.name == "Hộ Lê Thị Hoa"
