"""Importing producers and products from the published Excel template.

Three stages, so that nothing is written before everything is checked:

1. read_workbook(): refuse files that are not .xlsx, .csv or .ods (import_formats.py), corrupt,
   over the size or row limits, or that contain formulas; map the header row to the template's
   columns; return plain row dicts.
2. plan_rows() (clean_producer_row / clean_product_row): pure validation of every row against a
   Context of plain values (units, existing records, the user's scope): one RowResult per row
   with its row number, action (new / update / unchanged / error) and Vietnamese reasons.
3. build_context() loads those plain values in a few queries; apply_rows() writes through the
   services in one transaction, by default only when every row is valid (import_file()).

Natural keys make re-importing a file change nothing: a producer by its tax code, a product by
(producer tax code, product name).
"""

import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.core.validators import EmailValidator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ocop.lib.text import fold
from ocop.registry.classification import SET_CODES
from ocop.registry.models import Producer, Product
from ocop.registry.validators import business_code_error, normalize_code
from ocop.registry.xlsx_guard import WorkbookRefused, check_workbook

PRODUCERS, PRODUCTS = "producers", "products"


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    required: bool = False
    help: str = ""


PRODUCER_COLUMNS = [
    Column("tax_code", "Mã số thuế / số ĐKKD", True, "10 chữ số; chi nhánh 10 chữ số-3 chữ số; hộ kinh doanh: số đăng ký (vd. 47A8001234). Khóa để nhận biết chủ thể khi nhập lại; để trống khi chưa có: chủ thể được nhận biết bằng tên trong xã."),
    Column("name", "Tên chủ thể", True),
    Column("kind", "Loại hình", True, "Một trong các loại hình ở bảng bên dưới (ghi mã hoặc tên)."),
    Column("unit_code", "Mã xã/phường", True, "Mã 5 chữ số của xã, phường hiện hành (từ 01/07/2025)."),
    Column("address", "Địa chỉ"),
    Column("rep_name", "Người đại diện"),
    Column("rep_title", "Chức vụ"),
    Column("rep_is_woman", "Đại diện là nữ", help="Ghi x (hoặc có) nếu đúng."),
    Column("rep_is_ethnic_minority", "Đại diện là người dân tộc thiểu số", help="Ghi x (hoặc có) nếu đúng."),
    Column("phone", "Điện thoại"),
    Column("email", "Email"),
    Column("founded_on", "Ngày thành lập", help="dd/mm/yyyy"),
    Column("joined_ocop_on", "Ngày tham gia OCOP", help="dd/mm/yyyy"),
    Column("workforce_total", "Tổng số lao động"),
    Column("workforce_local", "Lao động địa phương"),
    Column("workforce_women", "Lao động nữ"),
]
PRODUCT_COLUMNS = [
    Column("producer_code", "Mã số thuế chủ thể", True, "Mã số của chủ thể đã có trong hệ thống."),
    Column("name", "Tên sản phẩm", True, "Cùng chủ thể và cùng tên là cùng một sản phẩm khi nhập lại."),
    Column("criteria_set", "Bộ sản phẩm (01–26)", True, "Mã bộ tiêu chí theo QĐ 148/2023, từ 01 đến 26."),
    Column("unit_code", "Mã xã/phường", help="Để trống: lấy xã của chủ thể."),
    Column("description", "Mô tả"),
    Column("story", "Câu chuyện sản phẩm"),
    Column("producer_name", "Tên chủ thể", help="Chỉ dùng khi chủ thể chưa có mã số thuế: tên chủ thể đúng như trong hệ thống."),
]
COLUMNS = {PRODUCERS: PRODUCER_COLUMNS, PRODUCTS: PRODUCT_COLUMNS}
SHEET_TITLES = {PRODUCERS: "Chủ thể", PRODUCTS: "Sản phẩm"}
INSTRUCTIONS_TITLE = "Hướng dẫn"
IMPORT_EXTENSIONS = (".xlsx", ".csv", ".ods")
KIND_LABELS = {PRODUCERS: gettext_lazy("chủ thể"), PRODUCTS: gettext_lazy("sản phẩm")}


class ImportFileError(ValueError):
    """The file as a whole is refused; nothing is written."""


@dataclass
class ParsedFile:
    kind: str
    rows: list[tuple[int, dict[str, Any]]]  # (row number in the sheet, column key → value)
    warnings: list[str] = field(default_factory=list)


# --- Stage 1: reading ------------------------------------------------------------------------

def read_workbook(upload, *, kind: str, max_bytes: int | None = None, max_rows: int | None = None) -> ParsedFile:
    from openpyxl import load_workbook

    max_bytes = max_bytes or settings.OCOP_IMPORT_MAX_BYTES
    max_rows = max_rows or settings.OCOP_IMPORT_MAX_ROWS
    name = (getattr(upload, "name", "") or "").lower()
    if not name.endswith(IMPORT_EXTENSIONS):
        raise ImportFileError(_("Chỉ nhận tệp .xlsx, .csv hoặc .ods theo mẫu."))
    if upload.size > max_bytes:
        raise ImportFileError(_("Tệp quá lớn: tối đa %(mb)g MB.") % {"mb": max_bytes / 1024 / 1024})
    upload.seek(0)
    if not name.endswith(".xlsx"):
        return _read_other(upload.read(), ods=name.endswith(".ods"), kind=kind, max_rows=max_rows)
    if upload.read(4) != b"PK\x03\x04":
        raise ImportFileError(_("Tệp không phải là tệp Excel .xlsx hợp lệ."))
    try:
        bounds = check_workbook(upload, max_rows=max_rows)
    except WorkbookRefused as exc:
        raise ImportFileError(str(exc)) from exc
    upload.seek(0)
    try:
        workbook = load_workbook(upload, read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as exc:
        raise ImportFileError(_("Tệp Excel bị hỏng hoặc không đọc được.")) from exc
    try:
        sheets = [ws for ws in workbook.worksheets if fold(ws.title) != fold(INSTRUCTIONS_TITLE)]
        if not sheets:
            raise ImportFileError(_("Tệp không có trang dữ liệu."))
        sheet = sheets[0]
        sheet_bounds = bounds.get(str(sheet._worksheet_path).lstrip("/"))
        if sheet_bounds is None:
            raise ImportFileError(_("Tệp Excel bị hỏng hoặc không đọc được."))
        return _read_sheet(sheet, kind=kind, max_rows=max_rows, bounds=sheet_bounds)
    except (zipfile.BadZipFile, KeyError, OSError) as exc:
        raise ImportFileError(_("Tệp Excel bị hỏng hoặc không đọc được.")) from exc
    finally:
        workbook.close()


def _read_other(data: bytes, *, ods: bool, kind: str, max_rows: int) -> ParsedFile:
    """A .csv or .ods file (import_formats.py) read like the .xlsx sheet."""
    from ocop.registry.import_formats import FormatRefused, read_csv, read_ods

    try:
        header, rows = read_ods(data, skip_title=INSTRUCTIONS_TITLE) if ods else read_csv(data)
    except FormatRefused as exc:
        raise ImportFileError(str(exc)) from exc
    positions, parsed = _map_header(header, kind)
    for number, values in enumerate(rows, start=2):
        if any(isinstance(v, str) and v.startswith("=") for v in values):
            raise ImportFileError(
                _("Tệp có công thức (dòng %(n)d). Hãy sao chép và dán dạng giá trị rồi tải lên lại.") % {"n": number})
        _add_row(parsed, number, {positions[i].key: v for i, v in enumerate(values) if i in positions}, max_rows)
    return parsed


def _map_header(header_values, kind: str) -> tuple[dict[int, Column], ParsedFile]:
    """The template column of each header position, and the ParsedFile with its warnings."""
    columns = COLUMNS[kind]
    by_header = {fold(c.header): c for c in columns}
    positions: dict[int, Column] = {}
    unknown = []
    for index, value in enumerate(header_values):
        text = fold(str(value or ""))
        if not text:
            continue
        if text in by_header:
            positions[index] = by_header[text]
        else:
            unknown.append(str(value))
    missing = [c.header for c in columns if c.required and c not in positions.values()]
    if missing:
        raise ImportFileError(
            _("Dòng tiêu đề không đúng mẫu nhập %(kind)s; thiếu cột: %(cols)s.")
            % {"kind": KIND_LABELS[kind], "cols": ", ".join(missing)}
        )
    parsed = ParsedFile(kind, [])
    if unknown:
        parsed.warnings.append(_("Bỏ qua các cột không có trong mẫu: %(cols)s.") % {"cols": ", ".join(unknown)})
    return positions, parsed


def _add_row(parsed: ParsedFile, number: int, values: dict, max_rows: int) -> None:
    if all(v is None or (isinstance(v, str) and not v.strip()) for v in values.values()):
        return
    if len(parsed.rows) >= max_rows:
        raise ImportFileError(_("Tệp quá nhiều dòng: tối đa %(n)d dòng dữ liệu.") % {"n": max_rows})
    parsed.rows.append((number, values))


def _read_sheet(sheet, *, kind: str, max_rows: int, bounds) -> ParsedFile:
    # The rows and columns really used (xlsx_guard), never the sheet's declared dimension.
    rows_iter = sheet.iter_rows(max_row=max(bounds.last_row, 1), max_col=max(bounds.last_column, 1))
    header_cells = next(rows_iter, None)
    if header_cells is None:
        raise ImportFileError(_("Tệp trống: thiếu dòng tiêu đề."))
    positions, parsed = _map_header([cell.value for cell in header_cells], kind)
    for number, cells in enumerate(rows_iter, start=2):
        values: dict[str, Any] = {}
        for index, cell in enumerate(cells):
            if getattr(cell, "data_type", None) == "f" or (isinstance(cell.value, str) and cell.value.startswith("=")):
                raise ImportFileError(
                    _("Tệp có công thức (ô %(cell)s). Hãy sao chép và dán dạng giá trị rồi tải lên lại.")
                    % {"cell": getattr(cell, "coordinate", f"dòng {number}")}
                )
            if index in positions:
                values[positions[index].key] = cell.value
        _add_row(parsed, number, values, max_rows)
    return parsed


# --- Stage 2: pure validation ---------------------------------------------------------------

@dataclass(frozen=True)
class UnitRef:
    pk: int
    code: str
    path: str
    current_path: str


@dataclass(frozen=True)
class ExistingRef:
    pk: int
    unit: UnitRef
    values: dict  # the importable fields, normalized like a cleaned row


@dataclass
class Context:
    units: dict[str, UnitRef]  # current communes by code
    can_write: Callable[[UnitRef], bool]
    producers: dict[str, list[ExistingRef]]  # by tax code
    unnumbered: dict[str, list[ExistingRef]] = field(default_factory=dict)  # producers without one, by name
    products: dict[tuple[int, str], ExistingRef] = field(default_factory=dict)  # by (producer pk, name)


@dataclass
class RowResult:
    number: int
    key: str
    action: str = "new"  # new | update | unchanged | error
    data: dict = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    existing_pk: int | None = None

    @property
    def ok(self) -> bool:
        return not self.errors


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def _code(value) -> str:
    text = normalize_code(_text(value))
    return text.zfill(10) if text.isdigit() and len(text) == 9 else text  # Excel drops a leading 0


def _date(value, label: str, errors: list[str]) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(value)
    for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    errors.append(_("%(col)s không phải ngày hợp lệ (dd/mm/yyyy): “%(v)s”.") % {"col": label, "v": text})
    return None


def _int(value, label: str, errors: list[str]) -> int:
    text = _text(value)
    if not text:
        return 0
    if text.isdigit():
        return int(text)
    errors.append(_("%(col)s phải là số nguyên không âm: “%(v)s”.") % {"col": label, "v": text})
    return 0


def _bool(value) -> bool:
    return value is True or fold(_text(value)) in {"x", "co", "1", "true", "yes", "dung"}


def _kind(value) -> str | None:
    text = fold(_text(value))
    for choice in Producer.Kind:
        if text in (choice.value, fold(str(choice.label))):
            return choice.value
    aliases = {"hop tac xa": "htx", "doanh nghiep": "dn", "cong ty": "dn", "ho kinh doanh": "ho", "ho san xuat": "ho"}
    return aliases.get(text)


def _unit(code_value, ctx: Context, errors: list[str], *, required: bool) -> UnitRef | None:
    code = _text(code_value)
    if not code:
        if required:
            errors.append(_("Thiếu mã xã/phường."))
        return None
    code = code.zfill(5) if code.isdigit() else code
    unit = ctx.units.get(code)
    if unit is None:
        errors.append(_("Mã xã/phường %(code)s không phải xã, phường hiện hành.") % {"code": code})
    elif not ctx.can_write(unit):
        errors.append(_("Xã/phường %(code)s nằm ngoài phạm vi quản lý của bạn.") % {"code": code})
        return None
    return unit


def _check_lengths(model, data: dict, errors: list[str]) -> None:
    """Text longer than its database column: a row error now, not a failed write later."""
    for key, value in data.items():
        if isinstance(value, str) and value:
            field_ = model._meta.get_field(key)
            if field_.max_length and len(value) > field_.max_length:
                errors.append(_("%(col)s dài quá %(n)d ký tự.") % {"col": str(field_.verbose_name).capitalize(),
                                                                  "n": field_.max_length})


def clean_producer_row(number: int, raw: dict, ctx: Context) -> RowResult:
    errors: list[str] = []
    code = _code(raw.get("tax_code"))
    name = _text(raw.get("name"))
    # A producer without a tax code (a household not yet registered, as the registry allows) is
    # known by its exact name in its commune: its exported row re-imports unchanged.
    result = RowResult(number, code or f"{name} / {_text(raw.get('unit_code')).zfill(5)}", errors=errors)
    kind = _kind(raw.get("kind"))
    if not name:
        errors.append(_("Thiếu tên chủ thể."))
    if kind is None:
        errors.append(_("Loại hình không hợp lệ: “%(v)s”.") % {"v": _text(raw.get("kind"))})
    elif code and (message := business_code_error(code, household=kind in Producer.HOUSEHOLD_KINDS)):
        errors.append(message)
    unit = _unit(raw.get("unit_code"), ctx, errors, required=True)
    email = _text(raw.get("email"))
    if email:
        try:
            EmailValidator()(email)
        except Exception:
            errors.append(_("Email không hợp lệ: “%(v)s”.") % {"v": email})
    data = {
        "kind": kind, "name": name, "tax_code": code, "unit": unit.pk if unit else None,
        "address": _text(raw.get("address")), "rep_name": _text(raw.get("rep_name")),
        "rep_title": _text(raw.get("rep_title")), "rep_is_woman": _bool(raw.get("rep_is_woman")),
        "rep_is_ethnic_minority": _bool(raw.get("rep_is_ethnic_minority")), "phone": _text(raw.get("phone")),
        "email": email, "founded_on": _date(raw.get("founded_on"), "Ngày thành lập", errors),
        "joined_ocop_on": _date(raw.get("joined_ocop_on"), "Ngày tham gia OCOP", errors),
    }
    before = len(errors)
    for key, label in [("workforce_total", "Tổng số lao động"), ("workforce_local", "Lao động địa phương"),
                       ("workforce_women", "Lao động nữ")]:
        data[key] = _int(raw.get(key), label, errors)
    total = data["workforce_total"]
    if len(errors) == before and (data["workforce_local"] > total or data["workforce_women"] > total):
        errors.append(_("Số lao động địa phương hoặc lao động nữ lớn hơn tổng số lao động."))
    _check_lengths(Producer, data, errors)
    result.data = data
    if code:
        existing = ctx.producers.get(code, [])
    else:
        existing = [ref for ref in ctx.unnumbered.get(name, []) if unit is not None and ref.unit.pk == unit.pk]
    if len(existing) > 1 and not code:
        errors.append(_("Có %(n)d chủ thể tên “%(name)s” không có mã số thuế trong cùng xã; hãy ghi mã số hoặc "
                        "xử lý trùng trước khi nhập.") % {"n": len(existing), "name": name})
    elif len(existing) > 1:
        errors.append(_("Có %(n)d chủ thể cùng mã số %(code)s; hãy xử lý trùng trước khi nhập.") % {"n": len(existing), "code": code})
    elif existing:
        match = existing[0]
        if not ctx.can_write(match.unit):
            errors.append(_("Mã số %(code)s đã thuộc một chủ thể ngoài phạm vi quản lý của bạn.") % {"code": code})
        result.existing_pk = match.pk
        result.action = "unchanged" if match.values == data else "update"
    if errors:
        result.action = "error"
    return result


def clean_product_row(number: int, raw: dict, ctx: Context) -> RowResult:
    errors: list[str] = []
    producer_code = _code(raw.get("producer_code"))
    name = _text(raw.get("name"))
    result = RowResult(number, f"{producer_code or _text(raw.get('producer_name'))} / {name}", errors=errors)
    producer = None
    producer_name = _text(raw.get("producer_name"))
    if not producer_code and not producer_name:
        errors.append(_("Thiếu mã số thuế chủ thể."))
    elif not producer_code:  # a producer without a tax code: by its exact name
        found = ctx.unnumbered.get(producer_name, [])
        if not found:
            errors.append(_("Chưa có chủ thể “%(name)s” (không có mã số thuế) trong phạm vi của bạn.") % {"name": producer_name})
        elif len(found) > 1:
            errors.append(_("Có nhiều chủ thể tên “%(name)s” không có mã số thuế; hãy ghi mã số thuế.") % {"name": producer_name})
        elif not ctx.can_write(found[0].unit):
            errors.append(_("Chủ thể “%(name)s” nằm ngoài phạm vi quản lý của bạn.") % {"name": producer_name})
        else:
            producer = found[0]
    else:
        found = ctx.producers.get(producer_code, [])
        if not found:
            errors.append(_("Chưa có chủ thể mã số %(code)s trong hệ thống (hoặc ngoài phạm vi của bạn).") % {"code": producer_code})
        elif len(found) > 1:
            errors.append(_("Có nhiều chủ thể cùng mã số %(code)s.") % {"code": producer_code})
        elif not ctx.can_write(found[0].unit):
            errors.append(_("Chủ thể mã số %(code)s nằm ngoài phạm vi quản lý của bạn.") % {"code": producer_code})
        else:
            producer = found[0]
    if not name:
        errors.append(_("Thiếu tên sản phẩm."))
    set_code = _text(raw.get("criteria_set"))
    set_code = set_code.zfill(2) if set_code.isdigit() else set_code
    if set_code not in SET_CODES:
        errors.append(_("Bộ sản phẩm phải là mã từ 01 đến 26: “%(v)s”.") % {"v": set_code})
    unit = _unit(raw.get("unit_code"), ctx, errors, required=False) if _text(raw.get("unit_code")) else None
    unit_pk = unit.pk if unit else (producer.unit.pk if producer else None)
    result.data = {
        "producer": producer.pk if producer else None, "name": name, "criteria_set": set_code, "unit": unit_pk,
        "description": _text(raw.get("description")), "story": str(raw.get("story") or "").strip(),
    }
    _check_lengths(Product, result.data, errors)
    if producer and name and (match := ctx.products.get((producer.pk, name))):
        result.existing_pk = match.pk
        result.action = "unchanged" if match.values == result.data else "update"
    if errors:
        result.action = "error"
    return result


def plan_rows(parsed: ParsedFile, ctx: Context) -> list[RowResult]:
    """Validate every row; a key repeated within the file is an error on the later rows."""
    clean = clean_producer_row if parsed.kind == PRODUCERS else clean_product_row
    seen: dict[str, int] = {}
    results = []
    for number, raw in parsed.rows:
        result = clean(number, raw, ctx)
        key = fold(result.key)
        if key.strip(" /") and key in seen:
            result.errors.append(_("Trùng với dòng %(n)d trong cùng tệp.") % {"n": seen[key]})
            result.action = "error"
        seen.setdefault(key, number)
        results.append(result)
    return results


# --- Stage 3: context from the database, and the write ----------------------------------------

def _chunks(items: list, size: int = 900):
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _unit_ref(unit) -> UnitRef:
    return UnitRef(unit.pk, unit.code, unit.path, unit.current_path)


def _producer_values(p: Producer) -> dict:
    return {
        "kind": p.kind, "name": p.name, "tax_code": p.tax_code, "unit": p.unit_id, "address": p.address,
        "rep_name": p.rep_name, "rep_title": p.rep_title, "rep_is_woman": p.rep_is_woman,
        "rep_is_ethnic_minority": p.rep_is_ethnic_minority, "phone": p.phone, "email": p.email,
        "founded_on": p.founded_on, "joined_ocop_on": p.joined_ocop_on, "workforce_total": p.workforce_total,
        "workforce_local": p.workforce_local, "workforce_women": p.workforce_women,
    }


def build_context(parsed: ParsedFile, *, user) -> Context:
    from ocop.accounts.roles import WRITING_OFFICES
    from ocop.accounts.scope import scope_for
    from ocop.registry.models import Product
    from ocop.territory.models import AdminUnit

    writable = scope_for(user).prefixes_of(WRITING_OFFICES)  # a department officer reads the registry only

    def can_write(unit: UnitRef) -> bool:
        return any(unit.path.startswith(p) or unit.current_path.startswith(p) for p in writable)

    unit_codes = {_text(raw.get("unit_code")).zfill(5) for _, raw in parsed.rows if _text(raw.get("unit_code"))}
    units: dict[str, UnitRef] = {}
    for chunk in _chunks(sorted(unit_codes)):
        for unit in AdminUnit.objects.filter(generation="current", level="commune", code__in=chunk):
            units[unit.code] = _unit_ref(unit)
    key = "tax_code" if parsed.kind == PRODUCERS else "producer_code"
    codes = sorted({_code(raw.get(key)) for _, raw in parsed.rows} - {""})
    producers: dict[str, list[ExistingRef]] = {}
    for chunk in _chunks(codes):
        for p in Producer.objects.filter(tax_code__in=chunk).select_related("unit"):
            producers.setdefault(p.tax_code, []).append(ExistingRef(p.pk, _unit_ref(p.unit), _producer_values(p)))
    unnumbered: dict[str, list[ExistingRef]] = {}
    products: dict[tuple[int, str], ExistingRef] = {}
    name_column = "name" if parsed.kind == PRODUCERS else "producer_name"
    names = sorted({_text(raw.get(name_column)) for _, raw in parsed.rows if not _code(raw.get(key))} - {""})
    for chunk in _chunks(names):
        for p in Producer.objects.filter(tax_code="", name__in=chunk).select_related("unit"):
            unnumbered.setdefault(p.name, []).append(ExistingRef(p.pk, _unit_ref(p.unit), _producer_values(p)))
    if parsed.kind == PRODUCTS:
        ids = [refs[0].pk for refs in [*producers.values(), *unnumbered.values()]]
        for chunk in _chunks(ids):
            for p in Product.objects.filter(producer_id__in=chunk).select_related("unit"):
                values = {"producer": p.producer_id, "name": p.name, "criteria_set": p.criteria_set,
                          "unit": p.unit_id, "description": p.description, "story": p.story}
                products[(p.producer_id, p.name)] = ExistingRef(p.pk, _unit_ref(p.unit), values)
    return Context(units=units, can_write=can_write, producers=producers, products=products, unnumbered=unnumbered)


@dataclass
class ImportReport:
    kind: str
    rows: list[RowResult]
    warnings: list[str] = field(default_factory=list)
    written: bool = False
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def errors(self) -> list[RowResult]:
        return [r for r in self.rows if not r.ok]

    def summary(self) -> dict[str, int]:
        counts = {"new": 0, "update": 0, "unchanged": 0, "error": 0}
        for row in self.rows:
            counts[row.action] += 1
        return counts


def validate_file(upload, *, kind: str, user) -> ImportReport:
    """Stages 1 and 2: read and check; raises ImportFileError for a refused file."""
    parsed = read_workbook(upload, kind=kind)
    return ImportReport(kind, plan_rows(parsed, build_context(parsed, user=user)), parsed.warnings)


# Any stable 64-bit number: the key of the PostgreSQL advisory lock that serialises imports.
IMPORT_LOCK_KEY = 0x0C0B_1D01


def _lock_imports() -> None:
    """Serialise imports until the transaction ends. Without it, two imports of the same file
    both validate against the same snapshot and both insert every row (duplicate producers, or an
    IntegrityError on a product's name). On SQLite the IMMEDIATE transaction already does this."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [IMPORT_LOCK_KEY])


def import_file(upload, *, kind: str, user, only_valid: bool = False) -> ImportReport:
    """Check, then write if every row is valid (or only the valid rows when ONLY_VALID). The check
    runs again inside the lock, so an import that waited sees what the one before it wrote."""
    from django.core.exceptions import ValidationError
    from django.db import transaction

    try:
        with transaction.atomic():
            _lock_imports()
            report = validate_file(upload, kind=kind, user=user)
            if report.errors and not only_valid:
                return report
            apply_rows(report, user=user)
    except ValidationError as exc:  # a rule the row checks do not know yet: refused, nothing written
        raise ImportFileError(_("Không ghi được tệp: %(why)s") % {"why": " ".join(exc.messages)}) from exc
    return report


def apply_rows(report: ImportReport, *, user) -> None:
    from django.db import transaction

    from ocop.registry import bulk, services
    from ocop.registry.models import Product
    from ocop.territory.models import AdminUnit

    todo = [r for r in report.rows if r.ok and r.action in ("new", "update")]
    unit_ids = {r.data["unit"] for r in todo}
    units = {u.pk: u for chunk in _chunks(sorted(unit_ids)) for u in AdminUnit.objects.filter(pk__in=chunk)}
    counts = {"new": 0, "update": 0}
    with transaction.atomic():
        if report.kind == PRODUCERS:
            existing = {p.pk: p for chunk in _chunks([r.existing_pk for r in todo if r.existing_pk])
                        for p in Producer.objects.filter(pk__in=chunk).select_related("unit")}
            new_rows = [{**r.data, "unit": units[r.data["unit"]]} for r in todo if r.action == "new"]
            counts["new"] = len(bulk.producers_create_bulk(actor=user, rows=new_rows)) if new_rows else 0
            for row in (r for r in todo if r.action == "update"):
                producer = existing[row.existing_pk]
                current = _producer_values(producer)
                changed = {k: (units[v] if k == "unit" else v) for k, v in row.data.items() if current.get(k) != v}
                services.producer_update(producer=producer, actor=user, data=changed, confirm_duplicates=True)
                counts["update"] += 1
        else:
            producer_ids = {r.data["producer"] for r in todo}
            producers = {p.pk: p for chunk in _chunks(sorted(producer_ids))
                         for p in Producer.objects.filter(pk__in=chunk).select_related("unit")}

            def fields(row):
                return {**row.data, "unit": units[row.data["unit"]], "producer": producers[row.data["producer"]]}

            new_rows = [fields(r) for r in todo if r.action == "new"]
            counts["new"] = len(bulk.products_create_bulk(actor=user, rows=new_rows)) if new_rows else 0
            for row in (r for r in todo if r.action == "update"):
                product = Product.objects.select_related("producer", "unit").get(pk=row.existing_pk)
                data = fields(row)
                data.pop("producer")
                services.product_update(product=product, actor=user, data=data)
                counts["update"] += 1
    report.written = True
    report.counts = counts
