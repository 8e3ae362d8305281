"""Excel exports: the import-export resources of the back-office lists, and the funnel workbook."""

from io import BytesIO

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields, resources
from openpyxl import Workbook
from openpyxl.styles import Font

from ocop.core.export_admin import TypedResourceMixin
from ocop.cycle.models import (
    BusinessPlan,
    Cycle,
    Implementation,
    ProducerVerification,
    ProductIdea,
    PublicityActivity,
)
from ocop.lib.cells import neutralise_workbook
from ocop.lib.spreadsheet import sheet_title, typed_cells


def _resource(model, columns: list[tuple[str, str]]) -> type[resources.ModelResource]:
    """A read-only export resource with Vietnamese headers; attributes may be dotted paths
    ("producer__unit__name") or methods ("get_status_display")."""
    attrs = {name.replace("__", "_"): fields.Field(attribute=name, column_name=label) for name, label in columns}
    meta = type("Meta", (), {"model": model, "fields": tuple(attrs), "export_order": tuple(attrs)})
    return type(f"{model.__name__}Resource", (TypedResourceMixin, resources.ModelResource), {**attrs, "Meta": meta})


L = gettext_lazy
CycleResource = _resource(Cycle, [("year", L("Năm")), ("unit", L("Đơn vị")), ("created_at", L("Mở lúc"))])
PublicityActivityResource = _resource(PublicityActivity, [
    ("date", L("Ngày")), ("get_kind_display", L("Hình thức")), ("title", L("Tên hoạt động")),
    ("unit", L("Đơn vị tổ chức")), ("participants", L("Số người tham dự")), ("notes", L("Ghi chú")),
])
ProductIdeaResource = _resource(ProductIdea, [
    ("id", L("Mã")), ("year", L("Năm")), ("proposed_name", L("Tên sản phẩm dự kiến")),
    ("producer__name", L("Chủ thể")), ("producer__unit", L("Xã, phường")), ("criteria_set", L("Bộ sản phẩm")),
    ("get_status_display", L("Trạng thái")), ("status_note", L("Ý kiến của cán bộ")),
    ("assisted", L("Cán bộ xã lập thay")), ("submitted_at", L("Gửi lúc")), ("decided_at", L("Xử lý lúc")),
])
BusinessPlanResource = _resource(BusinessPlan, [
    ("id", L("Mã")), ("idea__proposed_name", L("Ý tưởng")), ("idea__producer__name", L("Chủ thể")),
    ("idea__producer__unit", L("Xã, phường")), ("capital_own", L("Vốn tự có")), ("capital_loan", L("Vốn vay")),
    ("capital_state", L("Hỗ trợ của Nhà nước")), ("capital_other", L("Nguồn khác")),
    ("capital_total", L("Tổng vốn")), ("get_status_display", L("Trạng thái")),
    ("status_note", L("Ý kiến của cán bộ")), ("submitted_at", L("Gửi lúc")),
])
ImplementationResource = _resource(Implementation, [
    ("id", L("Mã")), ("plan__idea__proposed_name", L("Sản phẩm")), ("plan__idea__producer__name", L("Chủ thể")),
    ("plan__idea__producer__unit", L("Xã, phường")), ("get_status_display", L("Trạng thái")),
    ("started_on", L("Bắt đầu")), ("completed_on", L("Kết thúc")),
])
ProducerVerificationResource = _resource(ProducerVerification, [
    ("producer__name", L("Chủ thể")), ("producer__tax_code", L("Mã số thuế")), ("producer__unit", L("Xã, phường")),
    ("get_status_display", L("Trạng thái")), ("status_note", L("Ý kiến của cán bộ")), ("created_at", L("Đăng ký lúc")),
])

STAGE_LABELS = {
    "ideas": gettext_lazy("Ý tưởng đã gửi"),
    "accepted": gettext_lazy("Được chấp nhận"),
    "plans": gettext_lazy("Có phương án"),
    "implemented": gettext_lazy("Hoàn thành triển khai"),
    "rated": gettext_lazy("Sản phẩm được đánh giá"),
}


def funnel_workbook(funnel) -> bytes:
    """The funnel as an .xlsx file: one row per commune, a count and a rate per stage."""
    book = Workbook()
    sheet = book.active
    sheet.title = sheet_title(_("Phễu %(year)s") % {"year": funnel.year})
    where = funnel.unit.full_name if funnel.unit else _("Toàn bộ phạm vi")
    sheet.append([_("Phễu chu trình OCOP năm %(year)s – %(where)s") % {"year": funnel.year, "where": where}])
    sheet["A1"].font = Font(bold=True, size=13)
    header = [_("Đơn vị")]
    for index, stage in enumerate(funnel.stages):
        header.append(str(STAGE_LABELS[stage]))
        if index:
            header.append(_("Tỷ lệ (%)"))
    header.append(_("Tỷ lệ chung (%)"))
    sheet.append(header)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row in [*funnel.rows, funnel.total]:
        line = [row.label]
        for index, (count, rate) in enumerate(row.cells):
            line.append(count)
            if index:
                line.append(rate)
        line.append(row.overall)
        sheet.append(typed_cells(sheet, line))
    sheet[sheet.max_row][0].font = Font(bold=True)
    sheet.column_dimensions["A"].width = 32
    buffer = BytesIO()
    neutralise_workbook(book)
    book.save(buffer)
    return buffer.getvalue()
