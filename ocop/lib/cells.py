"""Text that leaves the system in a spreadsheet must not run there (CSV/formula injection).

A producer named "=HYPERLINK(...)" or "=cmd|' /C calc'!A0" is only text to us, but a spreadsheet
program runs a cell that starts with "=" (in CSV also "+", "-", "@", a tab or a carriage return).

* openpyxl turns every string that starts with "=" into a formula cell: neutralise_workbook()
  makes such cells plain text again, with the exact value (none of our exports writes formulas).
* For CSV, and for text written through the export helper (core/spreadsheet.py), the text gets
  a leading apostrophe, the usual marker of "this is text".
"""

CSV_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_text(value):
    """VALUE made inert for a CSV cell; values that are not text pass unchanged."""
    if isinstance(value, str) and value.startswith(CSV_FORMULA_STARTS):
        return "'" + value
    return value


def xlsx_text(value):
    """VALUE made inert for a cell written through tablib (only "=" starts a formula there)."""
    if isinstance(value, str) and value.startswith("="):
        return "'" + value
    return value


def neutralise_workbook(workbook) -> None:
    """Every formula cell of an openpyxl WORKBOOK becomes a text cell with the same value."""
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.data_type = "s"

