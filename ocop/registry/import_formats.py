"""Reading an import file that is not .xlsx: CSV and OpenDocument (.ods), as a header row and
plain value rows for importing._table(). The .xlsx path (with its zip-bomb guard) stays in
importing.read_workbook; these refuse what could run or blow up just the same:

* CSV: UTF-8 (with or without a byte order mark, as Excel's "CSV UTF-8" and LibreOffice save it;
  any other encoding is refused with how to save it); comma, semicolon or tab, detected from the
  header line.
* .ods: one streaming pass over the zip first (member count, uncompressed size, no DTD, no
  formula), then odfpy (tablib's ODS reader reads each cell: dates as dates, numbers as floats).
"""

import csv
import io
import zipfile

from django.utils.translation import gettext as _

MAX_MEMBERS = 200
MAX_UNCOMPRESSED = 50 * 1024 * 1024
MAX_REPEAT = 100  # an empty cell repeated to the sheet's end counts once


class FormatRefused(ValueError):
    pass


def read_csv(data: bytes) -> tuple[list, list[list]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FormatRefused(_("Tệp CSV không phải mã UTF-8: hãy lưu lại với mã UTF-8 (CSV UTF-8).")) from exc
    first = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first.count)
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    if not rows:
        raise FormatRefused(_("Tệp trống: thiếu dòng tiêu đề."))
    return rows[0], rows[1:]


def _check_ods(handle) -> None:
    try:
        archive = zipfile.ZipFile(handle)
    except zipfile.BadZipFile as exc:
        raise FormatRefused(_("Tệp không phải là tệp bảng tính .ods hợp lệ.")) from exc
    with archive:
        members = archive.infolist()
        if len(members) > MAX_MEMBERS or sum(m.file_size for m in members) > MAX_UNCOMPRESSED:
            raise FormatRefused(_("Tệp bảng tính quá lớn khi giải nén."))
        if "content.xml" not in archive.namelist():
            raise FormatRefused(_("Tệp không phải là tệp bảng tính .ods hợp lệ."))
        content = archive.read("content.xml")
    if b"<!DOCTYPE" in content or b"<!ENTITY" in content:
        raise FormatRefused(_("Tệp bảng tính có khai báo DTD: không được nhận."))
    if b"table:formula=" in content:
        raise FormatRefused(_("Tệp có công thức. Hãy sao chép và dán dạng giá trị rồi tải lên lại."))


def read_ods(data: bytes, *, skip_title: str = "") -> tuple[list, list[list]]:
    """The first sheet (other than one titled SKIP_TITLE, folded) as (header, rows)."""
    from odf import opendocument
    from tablib.formats._ods import ODSFormat

    from ocop.lib.text import fold

    _check_ods(io.BytesIO(data))
    try:
        book = opendocument.load(io.BytesIO(data))
    except Exception as exc:  # odfpy raises whatever its parser meets
        raise FormatRefused(_("Tệp bảng tính .ods bị hỏng hoặc không đọc được.")) from exc
    sheets = [s for s in book.spreadsheet.childNodes if s.qname[1] == "table"]
    sheets = [s for s in sheets if fold(s.getAttribute("name")) != fold(skip_title)] or sheets
    if not sheets:
        raise FormatRefused(_("Tệp không có trang dữ liệu."))
    table = []
    for row in (r for r in sheets[0].childNodes if r.qname[1] == "table-row"):
        values = []
        for cell in (c for c in row.childNodes if c.qname[1] in ("table-cell", "covered-table-cell")):
            value = ODSFormat.read_cell(cell)
            repeat = int(cell.getAttribute("numbercolumnsrepeated") or 1)
            values += [value] * min(repeat, MAX_REPEAT if value in ("", None) else repeat)
        repeat_rows = int(row.getAttribute("numberrowsrepeated") or 1)
        if any(v not in ("", None) for v in values):
            table += [values] * min(repeat_rows, MAX_REPEAT)
        elif table:
            table.append([])  # an empty row (skipped later); trailing repeats count once
    if not table:
        raise FormatRefused(_("Tệp trống: thiếu dòng tiêu đề."))
    return table[0], table[1:]
