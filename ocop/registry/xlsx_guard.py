"""Refuse an .xlsx that would take a worker's memory before openpyxl opens it (issue 15 M-2).

The upload limit bounds the compressed size only: a 100 KB workbook can hold a million shared
strings, three million empty rows, thousands of sheets or XML nested a million deep. Before
parsing, one streaming pass over the zip checks:

- the members: their count, their total uncompressed size (declared sizes bound what zipfile will
  inflate: a member that inflates past its declared size fails its check) and each large member's
  compression ratio;
- the worksheets: their count;
- every XML part with expat, which keeps no tree: no DTD or entity (no "billion laughs"), nesting
  depth, the number and size of shared strings, the size and element count of the parts openpyxl
  parses whole (workbook, styles, theme), and in each sheet the last row and column used.

The pass stops at the first bound exceeded. What it returns (each sheet's last row and column)
bounds openpyxl's own reading, so a false <dimension> cannot make it pad rows or columns.
"""

import re
import zipfile
from dataclasses import dataclass
from xml.parsers import expat

from django.conf import settings
from django.utils.translation import gettext as _

MAX_MEMBERS = 200
MAX_SHEETS = 20
MAX_DEPTH = 40
MAX_COLUMNS = 100
MAX_SHARED_STRINGS_BYTES = 25 * 1024 * 1024
MAX_PART_BYTES = 2 * 1024 * 1024
MAX_PART_ELEMENTS = 50_000
RATIO_CHECKED_ABOVE = 1024 * 1024  # small members compress as they like
MAX_RATIO = 100
CHUNK = 64 * 1024
_CELL_REF = re.compile(r"([A-Z]{1,3})(\d+)$")


class WorkbookRefused(ValueError):
    """The file is refused before parsing; the message is for the user."""


@dataclass
class SheetBounds:
    member: str
    last_row: int = 0
    last_column: int = 0


def _column_number(letters: str) -> int:
    number = 0
    for char in letters:
        number = number * 26 + ord(char) - 64
    return number


def _too_big() -> WorkbookRefused:
    return WorkbookRefused(_("Tệp Excel giải nén quá lớn hoặc nén bất thường (có thể là tệp độc hại). "
                             "Hãy lưu lại tệp theo mẫu và chỉ giữ dữ liệu cần nhập."))


def _scan(archive: zipfile.ZipFile, info: zipfile.ZipInfo, *, on_start=None) -> None:
    """Stream one XML member through expat: no DTD or entity, depth at most MAX_DEPTH."""
    parser = expat.ParserCreate(namespace_separator=" ")
    depth = 0

    def start(name, attrs):
        nonlocal depth
        depth += 1
        if depth > MAX_DEPTH:
            raise WorkbookRefused(_("Tệp Excel có cấu trúc XML lồng nhau quá sâu (có thể là tệp độc hại)."))
        if on_start is not None:
            on_start(name.rpartition(" ")[2], attrs)

    def end(_name):
        nonlocal depth
        depth -= 1

    def refuse_dtd(*_args):
        raise WorkbookRefused(_("Tệp Excel có khai báo DTD/thực thể XML, không được phép."))

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.StartDoctypeDeclHandler = refuse_dtd
    parser.EntityDeclHandler = refuse_dtd
    try:
        with archive.open(info) as stream:
            while chunk := stream.read(CHUNK):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
    except expat.ExpatError as exc:
        raise WorkbookRefused(_("Tệp Excel bị hỏng hoặc không đọc được.")) from exc


def _sheet_counter(bounds: SheetBounds, max_row: int):
    state = {"row": 0, "cells": 0}

    def on_start(tag, attrs):
        if tag == "row":
            state["row"] = int(attrs["r"]) if attrs.get("r", "").isdigit() else state["row"] + 1
            state["cells"] = 0
            if state["row"] > max_row:
                raise WorkbookRefused(
                    _("Trang dữ liệu dùng tới dòng %(row)s; tối đa %(max)s dòng. Hãy xoá các dòng thừa ở cuối trang.")
                    % {"row": f"{state['row']:,}", "max": f"{max_row:,}"}
                )
            bounds.last_row = max(bounds.last_row, state["row"])
        elif tag == "c":
            state["cells"] += 1
            match = _CELL_REF.match(attrs.get("r", ""))
            column = _column_number(match.group(1)) if match else state["cells"]
            if column > MAX_COLUMNS:
                raise WorkbookRefused(_("Trang dữ liệu có quá nhiều cột: tối đa %(n)d cột.") % {"n": MAX_COLUMNS})
            bounds.last_column = max(bounds.last_column, column)

    return on_start


def _string_counter(limit: int):
    count = 0

    def on_start(tag, _attrs):
        nonlocal count
        if tag == "si":
            count += 1
            if count > limit:
                raise WorkbookRefused(
                    _("Tệp có quá nhiều chuỗi văn bản (hơn %(n)s). Hãy chỉ giữ dữ liệu cần nhập.") % {"n": f"{limit:,}"}
                )

    return on_start


def _element_counter(limit: int):
    count = 0

    def on_start(_tag, _attrs):
        nonlocal count
        count += 1
        if count > limit:
            raise WorkbookRefused(_("Tệp Excel có cấu trúc bất thường (quá nhiều phần tử). Hãy lưu lại tệp theo mẫu."))

    return on_start


def check_workbook(upload, *, max_rows: int) -> dict[str, SheetBounds]:
    """Raise WorkbookRefused for a file that could exhaust memory; else each worksheet's bounds
    (by its member name), which the reader passes to openpyxl."""
    max_total = settings.OCOP_IMPORT_MAX_UNCOMPRESSED_BYTES
    upload.seek(0)
    try:
        archive = zipfile.ZipFile(upload)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise WorkbookRefused(_("Tệp Excel bị hỏng hoặc không đọc được.")) from exc
    with archive:
        members = archive.infolist()
        if len(members) > MAX_MEMBERS:
            raise WorkbookRefused(_("Tệp Excel có quá nhiều thành phần (có thể là tệp độc hại)."))
        if sum(info.file_size for info in members) > max_total:
            raise _too_big()
        for info in members:
            if info.file_size > RATIO_CHECKED_ABOVE and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                raise _too_big()
        sheets = [i for i in members if i.filename.startswith("xl/worksheets/") and i.filename.endswith(".xml")]
        if len(sheets) > MAX_SHEETS:
            raise WorkbookRefused(_("Tệp có quá nhiều trang: tối đa %(n)d trang.") % {"n": MAX_SHEETS})
        if "xl/workbook.xml" not in {info.filename for info in members}:
            raise WorkbookRefused(_("Tệp Excel bị hỏng hoặc không đọc được."))
        bounds = {}
        for info in members:
            if info in sheets:
                bounds[info.filename] = SheetBounds(info.filename)
                _scan(archive, info, on_start=_sheet_counter(bounds[info.filename], 2 * max_rows + 1))
            elif info.filename == "xl/sharedStrings.xml":
                if info.file_size > MAX_SHARED_STRINGS_BYTES:
                    raise _too_big()
                _scan(archive, info, on_start=_string_counter(max_rows * 20))
            elif info.filename.endswith((".xml", ".rels")):
                # Parsed whole by openpyxl (workbook, styles, theme, relations): small or refused.
                if info.file_size > MAX_PART_BYTES:
                    raise _too_big()
                _scan(archive, info, on_start=_element_counter(MAX_PART_ELEMENTS))
        return bounds
