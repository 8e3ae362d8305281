"""Excel files of the certificates app (openpyxl): the "Sắp hết hạn" list."""

from io import BytesIO

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from ocop.certificates import lifecycle
from ocop.certificates.rerating import rerating_window
from ocop.lib.cells import neutralise_workbook
from ocop.lib.spreadsheet import sheet_title, typed_cells

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def expiring_workbook(rows, *, title: str) -> bytes:
    """One line per certificate: product, producer, place, stars, decision, expiry, window."""
    today = timezone.localdate()
    book = Workbook()
    sheet = book.active
    sheet.title = sheet_title(_("Sắp hết hạn"))
    sheet.append([title])
    sheet["A1"].font = Font(bold=True, size=13)
    header = [
        _("Sản phẩm"), _("Chủ thể"), _("Xã, phường"), _("Tỉnh, thành phố"), _("Hạng sao"), _("Quyết định"),
        _("Ngày cấp"), _("Có giá trị đến hết ngày"), _("Còn (ngày)"), _("Nộp đánh giá lại từ"),
        _("Nộp đánh giá lại đến"), _("Mã xác minh"),
    ]
    sheet.append(header)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for certificate in rows:
        unit = certificate.product.unit
        opens_on, closes_on = rerating_window(certificate)
        sheet.append(typed_cells(sheet, [
            certificate.product.name, certificate.product.producer.name, unit.full_name,
            unit.parent.full_name if unit.parent_id else "", certificate.stars, certificate.decision.number,
            certificate.issued_on, certificate.valid_until, lifecycle.days_left(certificate.valid_until, today),
            opens_on, closes_on, str(certificate.uid),
        ]))
    for column, width in zip("ABCDEFGHIJKL", (40, 34, 24, 20, 9, 18, 12, 14, 10, 14, 14, 38), strict=True):
        sheet.column_dimensions[column].width = width
    neutralise_workbook(book)
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()
