"""The one export helper: typed spreadsheet cells, Vietnamese file names, the download header.

Every file the system hands out as a table goes through here (the back-office list exports via
django-import-export, our own workbooks, the reports, open data):

* cell(): numbers stay numbers (int, Decimal, float), dates stay dates, timestamps become the
  local time (Asia/Ho_Chi_Minh; Excel has no time zones), text is made inert (core/cells.py) and
  stripped of the control characters Excel refuses. Codes ("07", tax codes, product codes) are
  text in the database, so they stay text and keep their leading zeros.
* typed_cells(): a row as openpyxl cells with a number format per type (dd/mm/yyyy for dates,
  "@" for text so that a code typed over stays text), for normal and write-only sheets alike.
* export_filename() / attachment(): "Chủ thể OCOP 2026-12-06.xlsx" with the local date, sent as
  RFC 6266 `filename*` (UTF-8, nothing dropped, "Đ" included) plus an ASCII `filename` fallback.
"""

import datetime as dt
import unicodedata
from decimal import Decimal
from urllib.parse import quote

from django.utils import timezone
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from ocop.lib.cells import xlsx_text

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_FORMAT = "DD/MM/YYYY"
DATETIME_FORMAT = "DD/MM/YYYY HH:MM"
TEXT_FORMAT = "@"
INTEGER_FORMAT = "#,##0"
DECIMAL_FORMAT = "#,##0.##"
BOLD = Font(bold=True)
SHEET_TITLE_MAX = 31  # Excel's limit
_SHEET_FORBIDDEN = str.maketrans({c: "-" for c in "[]:*?/\\"})


def cell(value, *, quote_formulas: bool = True):
    """VALUE as a typed spreadsheet value (see the module docstring). None stays empty.
    QUOTE_FORMULAS: text starting with "=" gets a leading apostrophe, for writers that would
    otherwise store it as a formula (tablib); typed_cells() marks its cells as text instead, so the
    exact text is kept."""
    if value is None or isinstance(value, bool | int | float | Decimal):
        return value
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.replace(tzinfo=None, microsecond=0)
    if isinstance(value, dt.date | dt.time):
        return value
    text = ILLEGAL_CHARACTERS_RE.sub("", str(value))
    return xlsx_text(text) if quote_formulas else text


def number_format(value) -> str | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return INTEGER_FORMAT
    if isinstance(value, Decimal | float):
        return DECIMAL_FORMAT
    if isinstance(value, dt.datetime):
        return DATETIME_FORMAT
    if isinstance(value, dt.date):
        return DATE_FORMAT
    if isinstance(value, str):
        return TEXT_FORMAT
    return None


def typed_cells(sheet, values) -> list:
    """VALUES as openpyxl cells of SHEET (normal or write-only), each typed and formatted."""
    cells = []
    for raw in values:
        value = cell(raw, quote_formulas=False)
        item = WriteOnlyCell(sheet, value=value)
        if value is not None and (fmt := number_format(value)):
            item.number_format = fmt
        if isinstance(value, str):
            item.data_type = "s"  # never a formula, even if it starts with "="
        cells.append(item)
    return cells


def sheet_title(title) -> str:
    """TITLE as a valid sheet name: Excel's forbidden characters replaced, 31 characters at most."""
    return str(title).translate(_SHEET_FORBIDDEN).strip("'")[:SHEET_TITLE_MAX] or "Dữ liệu"


def header_row(sheet, headers, widths=None) -> None:
    """The bold header row, column widths (from the header text unless WIDTHS), frozen below it."""
    cells = []
    for text in headers:
        item = WriteOnlyCell(sheet, value=str(text))
        item.font = BOLD
        cells.append(item)
    for index, header in enumerate(headers, start=1):
        width = widths[index - 1] if widths else min(max(12, len(str(header)) + 4), 60)
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    sheet.append(cells)


def write_table(sheet, headers, rows, widths=None) -> int:
    """HEADERS then ROWS (iterables of raw values) into SHEET, typed; the number of rows."""
    header_row(sheet, headers, widths)
    count = 0
    for row in rows:
        sheet.append(typed_cells(sheet, row))
        count += 1
    return count


def table_xlsx(title, headers, rows, widths=None) -> bytes:
    """A one-sheet workbook named TITLE (write-only: flat memory) as bytes."""
    from io import BytesIO

    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet(sheet_title(title))
    write_table(sheet, headers, rows, widths)
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# --- File names and the download header ----------------------------------------------------

def export_filename(title, extension: str, day: dt.date | None = None) -> str:
    """"<title> <YYYY-MM-DD>.<extension>" with today's local date (or DAY); Vietnamese kept."""
    day = day or timezone.localdate()
    name = " ".join(str(title).replace("/", "-").replace("\\", "-").split())
    return f"{name} {day:%Y-%m-%d}.{extension}"


def ascii_filename(filename: str) -> str:
    """The fallback for old clients: diacritics dropped, Đ → D, nothing else lost."""
    text = unicodedata.normalize("NFD", filename.replace("đ", "d").replace("Đ", "D"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return "".join(ch if 32 <= ord(ch) < 127 and ch not in '"\\' else "_" for ch in text)


def content_disposition(filename: str, *, inline: bool = False) -> str:
    """RFC 6266: an ASCII `filename` and, when the name is not ASCII, the exact `filename*`."""
    kind = "inline" if inline else "attachment"
    fallback = ascii_filename(filename)
    if fallback == filename:
        return f'{kind}; filename="{filename}"'
    return f"{kind}; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


def attachment(response, filename: str, *, inline: bool = False):
    """Set RESPONSE's Content-Disposition for FILENAME; returns RESPONSE."""
    response["Content-Disposition"] = content_disposition(filename, inline=inline)
    return response


def disposition_filename(header: str) -> str:
    """The file name a Content-Disposition HEADER gives (filename* preferred); "" if none."""
    from urllib.parse import unquote

    plain = ""
    for part in header.split(";"):
        key, _, value = part.strip().partition("=")
        if key.lower() == "filename*" and "''" in value:
            return unquote(value.split("''", 1)[1])
        if key.lower() == "filename":
            plain = value.strip('"')
    return plain
