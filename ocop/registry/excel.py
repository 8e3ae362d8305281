"""Excel for the registry: the published import templates, and the export resources of the
back-office lists (django-import-export). Exported producer and product files use the template's
column names, so an export can be edited and imported again."""

from io import BytesIO

from django.conf import settings
from import_export import fields, resources

from ocop.core.export_admin import TypedResourceMixin
from ocop.lib import spreadsheet
from ocop.registry.classification import criteria_sets
from ocop.registry.importing import COLUMNS, INSTRUCTIONS_TITLE, PRODUCERS, SHEET_TITLES
from ocop.registry.models import Document, Producer, Product
from ocop.registry.status import DocumentStatus, document_status, expiring_days

TEXT = spreadsheet.TEXT_FORMAT


def build_template(kind: str) -> bytes:
    """The .xlsx template: a data sheet with the header row, and an instructions sheet (cells
    through the export helper: text kept exact, never a formula)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET_TITLES[kind]
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DCFCE7")
    for index, column in enumerate(COLUMNS[kind], start=1):
        cell = sheet.cell(row=1, column=index, value=spreadsheet.cell(column.header, quote_formulas=False))
        cell.font, cell.fill = bold, fill
        letter = cell.column_letter
        sheet.column_dimensions[letter].width = max(14, len(column.header) + 4)
        for row in range(2, 502):  # codes are text: keep leading zeros
            sheet.cell(row=row, column=index).number_format = TEXT
    sheet.freeze_panes = "A2"

    guide = workbook.create_sheet(INSTRUCTIONS_TITLE)
    guide.column_dimensions["A"].width = 38
    guide.column_dimensions["B"].width = 12
    guide.column_dimensions["C"].width = 90
    lines = [
        ("Mẫu nhập " + SHEET_TITLES[kind].lower(), "", ""),
        (f"Điền từ dòng 2 của trang “{SHEET_TITLES[kind]}”; không đổi tên cột; không dùng công thức.", "", ""),
        (f"Tệp tối đa {settings.OCOP_IMPORT_MAX_BYTES / 1024 / 1024:g} MB và "
         f"{settings.OCOP_IMPORT_MAX_ROWS:,} dòng. Hệ thống kiểm tra toàn bộ tệp trước, báo lỗi theo số dòng; "
         "không ghi gì nếu còn dòng lỗi (trừ khi chọn chỉ nhập các dòng hợp lệ).", "", ""),
        ("Nhập lại cùng một tệp không làm thay đổi dữ liệu.", "", ""),
        ("", "", ""),
        ("Cột", "Bắt buộc", "Ghi chú"),
    ]
    lines += [(c.header, "x" if c.required else "", c.help) for c in COLUMNS[kind]]
    if kind == PRODUCERS:
        lines += [("", "", ""), ("Loại hình (mã – tên)", "", "")]
        lines += [(choice.value, "", str(choice.label)) for choice in Producer.Kind]
    else:
        lines += [("", "", ""), ("Bộ sản phẩm (mã – tên – ngành)", "", "")]
        lines += [(s.code, "", f"{s.name} ({s.sector} / {s.group})") for s in criteria_sets().values()]
    for row, values in enumerate(lines, start=1):
        for col, value in enumerate(values, start=1):
            cell = guide.cell(row=row, column=col, value=spreadsheet.cell(value, quote_formulas=False))
            cell.number_format = TEXT
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    guide["A1"].font = Font(bold=True, size=14)
    for cell in guide[6]:
        cell.font = bold
    output = BytesIO()
    workbook.save(output)
    return output.getvalue()


def _header(kind: str, key: str) -> str:
    return next(c.header for c in COLUMNS[kind] if c.key == key)


def _yes(value: bool) -> str:
    return "x" if value else ""


class ProducerResource(TypedResourceMixin, resources.ModelResource):
    tax_code = fields.Field("tax_code", _header(PRODUCERS, "tax_code"))
    name = fields.Field("name", _header(PRODUCERS, "name"))
    kind = fields.Field("kind", _header(PRODUCERS, "kind"))
    unit_code = fields.Field("unit__code", _header(PRODUCERS, "unit_code"))
    unit_name = fields.Field("unit__name", "Tên xã/phường")
    address = fields.Field("address", _header(PRODUCERS, "address"))
    rep_name = fields.Field("rep_name", _header(PRODUCERS, "rep_name"))
    rep_title = fields.Field("rep_title", _header(PRODUCERS, "rep_title"))
    rep_is_woman = fields.Field(column_name=_header(PRODUCERS, "rep_is_woman"))
    rep_is_ethnic_minority = fields.Field(column_name=_header(PRODUCERS, "rep_is_ethnic_minority"))
    phone = fields.Field("phone", _header(PRODUCERS, "phone"))
    email = fields.Field("email", _header(PRODUCERS, "email"))
    founded_on = fields.Field("founded_on", _header(PRODUCERS, "founded_on"))
    joined_ocop_on = fields.Field("joined_ocop_on", _header(PRODUCERS, "joined_ocop_on"))
    workforce_total = fields.Field("workforce_total", _header(PRODUCERS, "workforce_total"))
    workforce_local = fields.Field("workforce_local", _header(PRODUCERS, "workforce_local"))
    workforce_women = fields.Field("workforce_women", _header(PRODUCERS, "workforce_women"))

    class Meta:
        model = Producer
        fields = (
            "tax_code", "name", "kind", "unit_code", "unit_name", "address", "rep_name",
            "rep_title", "rep_is_woman", "rep_is_ethnic_minority", "phone", "email", "founded_on",
            "joined_ocop_on", "workforce_total", "workforce_local", "workforce_women",
        )

    def dehydrate_rep_is_woman(self, obj):
        return _yes(obj.rep_is_woman)

    def dehydrate_rep_is_ethnic_minority(self, obj):
        return _yes(obj.rep_is_ethnic_minority)



class ProductResource(TypedResourceMixin, resources.ModelResource):
    producer_code = fields.Field("producer__tax_code", "Mã số thuế chủ thể")
    name = fields.Field("name", "Tên sản phẩm")
    criteria_set = fields.Field("criteria_set", "Bộ sản phẩm (01–26)")
    unit_code = fields.Field("unit__code", "Mã xã/phường")
    description = fields.Field("description", "Mô tả")
    story = fields.Field("story", "Câu chuyện sản phẩm")
    producer_name = fields.Field("producer__name", "Tên chủ thể")
    unit_name = fields.Field("unit__name", "Tên xã/phường")
    ocop_code = fields.Field("ocop_code", "Mã sản phẩm OCOP")

    class Meta:
        model = Product
        fields = (
            "producer_code", "name", "criteria_set", "unit_code", "description", "story",
            "producer_name", "unit_name", "ocop_code",
        )


class DocumentResource(TypedResourceMixin, resources.ModelResource):
    uid = fields.Field("uid", "Mã định danh")
    producer = fields.Field("producer__name", "Chủ thể")
    producer_code = fields.Field("producer__tax_code", "Mã số thuế chủ thể")
    product = fields.Field("product__name", "Sản phẩm")
    kind = fields.Field(column_name="Loại giấy tờ")
    number = fields.Field("number", "Số hiệu")
    issuer = fields.Field("issuer", "Cơ quan cấp")
    issued_on = fields.Field("issued_on", "Ngày cấp")
    expires_on = fields.Field("expires_on", "Ngày hết hạn")
    status = fields.Field(column_name="Tình trạng")

    class Meta:
        model = Document
        fields = (
            "uid", "producer", "producer_code", "product", "kind", "number", "issuer", "issued_on",
            "expires_on", "status",
        )

    def dehydrate_kind(self, obj):
        return str(obj.get_kind_display())

    def dehydrate_status(self, obj):
        from django.utils import timezone

        value = getattr(obj, "status", None) or document_status(
            obj.expires_on, today=timezone.localdate(), window_days=expiring_days()
        )
        return str(DocumentStatus(value).label)
