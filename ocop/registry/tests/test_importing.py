"""Excel import: whole-file checks, row validation with row numbers, all-or-nothing, idempotence."""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ocop.core.models import AuditEvent
from ocop.registry.importing import (
    PRODUCER_COLUMNS,
    PRODUCERS,
    PRODUCT_COLUMNS,
    PRODUCTS,
    ImportFileError,
    import_file,
    read_workbook,
)
from ocop.registry.models import Producer, Product

pytestmark = pytest.mark.django_db

PRODUCER_HEADERS = [c.header for c in PRODUCER_COLUMNS]
PRODUCT_HEADERS = [c.header for c in PRODUCT_COLUMNS]


def xlsx(rows, headers=PRODUCER_HEADERS, name="chu-the.xlsx", guide=True) -> SimpleUploadedFile:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Chủ thể"
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    if guide:
        workbook.create_sheet("Hướng dẫn").append(["Hướng dẫn", "=1+1 is text here"])
    buffer = BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def producer_row(i: int, unit_code: str) -> list:
    return [
        f"36{i:08d}", f"Hợp tác xã Dịch vụ Nông nghiệp {i}", "Hợp tác xã", unit_code, f"Ấp {i % 9 + 1}",
        "Nguyễn Văn An", "Giám đốc", "x" if i % 3 == 0 else "", "", "0251 3000 000", f"htx{i}@example.vn",
        "15/03/2015", "2024-06-01", 20, 15, 8,
    ]


# (0-based index in the data, how to break it, expected words in the reason)
BROKEN = {
    7: (lambda r: r.__setitem__(0, "36-abc"), "Mã số thuế không hợp lệ"),
    99: (lambda r: r.__setitem__(1, ""), "Thiếu tên chủ thể"),
    150: (lambda r: r.__setitem__(2, "Công ty đa quốc gia"), "Loại hình không hợp lệ"),
    321: (lambda r: r.__setitem__(3, "99999"), "không phải xã, phường hiện hành"),
    400: (lambda r: r.__setitem__(3, "26734"), "ngoài phạm vi"),  # a Hồ Chí Minh ward
    512: (lambda r: r.__setitem__(11, "31/02/2015"), "không phải ngày hợp lệ"),
    640: (lambda r: r.__setitem__(13, "mười"), "phải là số nguyên"),
    777: (lambda r: r.__setitem__(15, 50), "lớn hơn tổng số lao động"),
    888: (lambda r: r.__setitem__(10, "khong-phai-email"), "Email không hợp lệ"),
    999: (lambda r: r.__setitem__(0, "3600000001"), "Trùng với dòng 3"),  # same code as data row 1
}


def thousand_rows(units, broken: bool):
    rows = []
    for i in range(1000):
        row = producer_row(i, units.commune_a.code if i % 2 else units.commune_b.code)
        if broken and i in BROKEN:
            BROKEN[i][0](row)
        rows.append(row)
    return rows


def test_1000_producers_with_10_broken_rows_report_exactly_those_and_write_nothing(personas):
    units = personas.units
    report = import_file(xlsx(thousand_rows(units, broken=True)), kind=PRODUCERS, user=personas.province)
    assert not report.written
    errors = {row.number: row.errors for row in report.errors}
    assert sorted(errors) == sorted(i + 2 for i in BROKEN)  # sheet row = data index + 2 (header is row 1)
    for index, (_, reason) in BROKEN.items():
        assert any(reason in message for message in errors[index + 2]), (index, errors[index + 2])
    assert all(len(messages) == 1 for messages in errors.values()), [m for m in errors.values() if len(m) > 1]
    assert report.summary() == {"new": 990, "update": 0, "unchanged": 0, "error": 10}
    assert not Producer.objects.exists() and not AuditEvent.objects.exists()

    fixed = import_file(xlsx(thousand_rows(units, broken=False)), kind=PRODUCERS, user=personas.province)
    assert fixed.written and fixed.counts == {"new": 1000, "update": 0}
    assert Producer.objects.count() == 1000
    assert AuditEvent.objects.filter(action="producer.create").count() == 1000
    sample = Producer.objects.get(tax_code="3600000003")
    assert sample.rep_is_woman and sample.founded_on.isoformat() == "2015-03-15"
    assert sample.unit == units.commune_a and sample.workforce_women == 8

    events = AuditEvent.objects.count()
    again = import_file(xlsx(thousand_rows(units, broken=False)), kind=PRODUCERS, user=personas.province)
    assert again.summary() == {"new": 0, "update": 0, "unchanged": 1000, "error": 0}
    assert again.counts == {"new": 0, "update": 0}
    assert AuditEvent.objects.count() == events
    assert Producer.objects.count() == 1000


def test_only_valid_rows_option_imports_the_good_rows(personas):
    rows = [producer_row(1, personas.units.commune_a.code), producer_row(2, "00000")]
    report = import_file(xlsx(rows), kind=PRODUCERS, user=personas.commune_a, only_valid=True)
    assert report.written and report.counts["new"] == 1 and [r.number for r in report.errors] == [3]
    assert list(Producer.objects.values_list("tax_code", flat=True)) == ["3600000001"]


def test_changed_row_updates_through_the_service(personas):
    row = producer_row(5, personas.units.commune_a.code)
    import_file(xlsx([row]), kind=PRODUCERS, user=personas.commune_a)
    row[9] = "0909 123 456"
    report = import_file(xlsx([row]), kind=PRODUCERS, user=personas.commune_a)
    assert report.counts == {"new": 0, "update": 1}
    assert Producer.objects.get().phone == "0909 123 456"
    assert AuditEvent.objects.get(action="producer.update").after == {"phone": "0909 123 456"}


def test_existing_code_in_another_commune_outside_scope_is_an_error(personas):
    import_file(xlsx([producer_row(5, personas.units.commune_b.code)]), kind=PRODUCERS, user=personas.commune_b)
    report = import_file(xlsx([producer_row(5, personas.units.commune_a.code)]), kind=PRODUCERS,
                         user=personas.commune_a)
    assert not report.written and "ngoài phạm vi" in report.errors[0].errors[0]


def test_products_import_by_producer_code_and_name_is_idempotent(personas):
    a = personas.units.commune_a
    import_file(xlsx([producer_row(1, a.code), producer_row(2, a.code)]), kind=PRODUCERS, user=personas.commune_a)
    rows = [
        ["3600000001", "Hạt điều rang muối", "7", "", "Hạt điều Đồng Nai", "Câu chuyện\nnhiều dòng"],
        ["3600000001", "Bột ca cao", "13", a.code, "", ""],
        ["3600000002", "Mật ong hoa cà phê", "04", "", "", ""],
        ["3699999999", "Không có chủ thể", "07", "", "", ""],
        ["3600000002", "Sai bộ", "27", "", "", ""],
        ["3600000001", "Hạt điều rang muối", "07", "", "", ""],
    ]
    report = import_file(xlsx(rows, PRODUCT_HEADERS), kind=PRODUCTS, user=personas.commune_a)
    assert {r.number: r.errors[0][:20] for r in report.errors}.keys() == {5, 6, 7}
    assert "Trùng với dòng 2" in report.errors[2].errors[0]
    assert not Product.objects.exists()

    good = rows[:3]
    first = import_file(xlsx(good, PRODUCT_HEADERS), kind=PRODUCTS, user=personas.commune_a)
    assert first.counts == {"new": 3, "update": 0}
    # Registered, not yet evaluated: no OCOP code until a dossier is submitted (the evaluation year).
    assert list(Product.objects.values_list("ocop_code", flat=True)) == [None] * 3
    second = import_file(xlsx(good, PRODUCT_HEADERS), kind=PRODUCTS, user=personas.commune_a)
    assert second.summary()["unchanged"] == 3 and second.counts == {"new": 0, "update": 0}


# --- Whole-file refusals -------------------------------------------------------------------------

def refused(upload, **kwargs) -> str:
    with pytest.raises(ImportFileError) as caught:
        read_workbook(upload, kind=PRODUCERS, **kwargs)
    return str(caught.value)


def test_other_files_are_refused():
    assert ".xlsx, .csv hoặc .ods" in refused(SimpleUploadedFile("chu-the.xls", b"a,b\n1,2\n"))
    assert "thiếu cột" in refused(SimpleUploadedFile("chu-the.csv", b"a,b\n1,2\n"))
    assert "không phải là tệp Excel" in refused(SimpleUploadedFile("chu-the.xlsx", b"tax,name\n"))


def test_corrupt_xlsx_is_refused():
    assert "hỏng" in refused(SimpleUploadedFile("chu-the.xlsx", b"PK\x03\x04" + b"\x00garbage" * 50))


def test_formulas_are_refused(units):
    row = producer_row(1, units.commune_a.code)
    row[13] = "=10+10"
    message = refused(xlsx([row]))
    assert "công thức" in message and "N2" in message


def test_files_over_the_size_or_row_limit_are_refused(units):
    rows = [producer_row(i, units.commune_a.code) for i in range(6)]
    assert "quá lớn" in refused(xlsx(rows), max_bytes=1000)
    assert "quá nhiều dòng" in refused(xlsx(rows), max_rows=5)
    assert len(read_workbook(xlsx(rows), kind=PRODUCERS, max_rows=6).rows) == 6


def test_wrong_header_is_refused_with_the_missing_columns():
    message = refused(xlsx([], headers=["Tên", "Địa chỉ"]))
    assert "thiếu cột" in message and "Mã số thuế / số ĐKKD" in message


def test_headers_match_without_diacritics_and_blank_rows_are_skipped(units):
    headers = ["ma so thue / so dkkd", "TEN CHU THE", "loai hinh", "Ma xa/phuong", "Cột lạ"]
    parsed = read_workbook(xlsx([["3600000001", "HTX A", "htx", units.commune_a.code, "?"], [None] * 5], headers),
                           kind=PRODUCERS)
    assert [n for n, _ in parsed.rows] == [2]
    assert parsed.rows[0][1]["name"] == "HTX A" and "Cột lạ" in parsed.warnings[0]


def test_leading_zero_lost_by_excel_is_restored(units):
    parsed = read_workbook(xlsx([[101234567, "HTX", "htx", int(units.commune_a.code)]],
                                PRODUCER_HEADERS[:4]), kind=PRODUCERS)
    from ocop.registry.importing import _code

    assert _code(parsed.rows[0][1]["tax_code"]) == "0101234567"
