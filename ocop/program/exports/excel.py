"""Excel workbooks of a dashboard (the same figures as the page) and of the annual report."""

from io import BytesIO

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from ocop.lib.cells import neutralise_workbook
from ocop.lib.formatting import short_date, short_datetime
from ocop.lib.spreadsheet import sheet_title, typed_cells
from ocop.program.dashboard import Dashboard
from ocop.program.measures import Kind

HEADER = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="15803D")
TITLE = Font(bold=True, size=14)
FORMATS = {Kind.COUNT: "#,##0", Kind.AMOUNT: "#,##0", Kind.PERCENT: "0.00", Kind.AVERAGE: "0.00"}


def _sheet(workbook: Workbook, title: str, headers: list[str], widths: list[int]):
    sheet = workbook.create_sheet(sheet_title(title))
    sheet.append([str(h) for h in headers])
    for index, width in enumerate(widths, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font, cell.fill = HEADER, HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    return sheet


def _append(sheet, values) -> None:
    """A data row through the one export helper (typed cells: numbers, local dates, inert text)."""
    sheet.append(typed_cells(sheet, values))


def _number(sheet, row: int, column: int, kind: Kind) -> None:
    sheet.cell(row=row, column=column).number_format = FORMATS[kind]


def _cover(workbook: Workbook, dash: Dashboard, heading: str) -> None:
    sheet = workbook.active
    sheet.title = _("Thông tin")[:31]
    sheet["A1"] = heading
    sheet["A1"].font = TITLE
    rows = [
        (_("Đơn vị"), dash.title),
        (_("Bản đồ hành chính"), dash.map_label),
        (_("Kỳ"), f"{short_date(dash.period.starts_on)} – {short_date(dash.period.ends_on)}"),
        (_("Kỳ báo cáo"), str(dash.reporting_period) if dash.reporting_period else "—"),
        (_("Số liệu"), _("Đã chốt lúc %(at)s") % {"at": short_datetime(dash.snapshot_at)}
         if dash.snapshot_at else _("Tính từ dữ liệu hiện có")),
        (_("Lập lúc"), short_datetime(timezone.now())),
    ]
    for index, (label, value) in enumerate(rows, start=3):
        sheet.cell(row=index, column=1, value=str(label)).font = Font(bold=True)
        sheet.cell(row=index, column=2, value=str(value))
    for title, text in dash.orientations:
        index += 2
        sheet.cell(row=index, column=1, value=f"{_('Định hướng')} – {title}").font = Font(bold=True)
        sheet.cell(row=index + 1, column=1, value=text).alignment = Alignment(wrap_text=True, vertical="top")
        index += 1
    sheet.column_dimensions["A"].width = 28
    sheet.column_dimensions["B"].width = 70


def fill_dashboard(workbook: Workbook, dash: Dashboard) -> None:
    targets = _sheet(workbook, _("Chỉ tiêu"), [
        _("Kế hoạch"), _("Chỉ tiêu"), _("Nguyên văn"), _("Mục tiêu"), _("Tối thiểu"), _("Tối đa"), _("Đơn vị tính"),
        _("Giá trị cơ sở"), _("Thực hiện"), _("Tiến độ (%)"), _("Đạt"), _("Đơn vị cấp dưới đạt"),
        _("So với"),
    ], [34, 44, 44, 12, 12, 12, 16, 14, 14, 12, 8, 16, 60])
    for row in dash.targets:
        t = row.target
        _append(targets, [
            t.plan.title, str(row.indicator.title), t.wording, row.goal, row.value_min, row.value_max, row.measure,
            t.baseline_value, row.actual, row.assessment.progress,
            "" if row.assessment.met is None else (_("Đạt") if row.assessment.met else _("Chưa đạt")),
            f"{row.children_met}/{row.children_total}" if row.children_total else "",
            row.share_label or _("chỉ tiêu như kế hoạch ghi"),
        ])
        _number(targets, targets.max_row, 9, row.indicator.kind)

    values = _sheet(workbook, _("Chỉ số"), [_("Nhóm"), _("Mã"), _("Chỉ số"), _("Giá trị"), _("Đơn vị tính")],
                    [28, 30, 64, 18, 16])
    for row in dash.indicators:
        ind = row.indicator
        _append(values, [str(ind.group), ind.code, str(ind.title), row.value, str(ind.measure)])
        _number(values, values.max_row, 4, ind.kind)

    if dash.children:
        children = _sheet(workbook, _("Theo đơn vị"), [_("Mã"), _("Đơn vị"), *[str(i.label) for i in dash.key_indicators]],
                          [10, 30, *[22] * len(dash.key_indicators)])
        for child in dash.children:
            _append(children, [child.unit.code, child.unit.full_name, *child.values])
            for index, ind in enumerate(dash.key_indicators, start=3):
                _number(children, children.max_row, index, ind.kind)


def dashboard_workbook(dash: Dashboard) -> bytes:
    workbook = Workbook()
    _cover(workbook, dash, _("Giám sát Chương trình OCOP – %(unit)s") % {"unit": dash.title})
    fill_dashboard(workbook, dash)
    return _bytes(workbook)


def annual_workbook(dash: Dashboard, extras) -> bytes:
    """The dashboard's sheets plus the year's tasks, training courses and funding lines."""
    workbook = Workbook()
    _cover(workbook, dash, _("Báo cáo năm %(year)s – Chương trình OCOP – %(unit)s") % {
        "year": dash.period.starts_on.year, "unit": dash.title})
    fill_dashboard(workbook, dash)
    tasks = _sheet(workbook, _("Nhiệm vụ"), [_("Nhiệm vụ"), _("Chủ trì"), _("Hạn"), _("Trạng thái"), _("Tiến độ (%)"),
                                             _("Hoàn thành ngày")], [50, 30, 12, 20, 12, 14])
    for task in extras.tasks:
        _append(tasks, [task.title, str(task.lead), task.deadline, task.get_status_display(), task.progress,
                      task.completed_on])
    courses = _sheet(workbook, _("Đào tạo"), [_("Khoá"), _("Đơn vị"), _("Từ ngày"), _("Đến ngày"), _("Số buổi"),
                                              _("Số học viên")], [50, 30, 12, 12, 10, 12])
    for course in extras.courses:
        _append(courses, [course.title, course.unit.full_name, course.starts_on, course.ends_on, course.n_sessions,
                        course.n_participants])
    funding = _sheet(workbook, _("Kinh phí"), [_("Nội dung"), _("Nguồn"), _("Đơn vị"), _("Chủ thể"), _("Kế hoạch"),
                                               _("Phân bổ"), _("Giải ngân")], [44, 30, 26, 30, 16, 16, 16])
    for line in extras.funding:
        _append(funding, [line.title, line.get_source_display(), line.unit.full_name,
                        line.producer.name if line.producer_id else "", line.planned, line.allocated, line.disbursed])
        for column in (5, 6, 7):
            _number(funding, funding.max_row, column, Kind.AMOUNT)
    if extras.trends is not None and extras.trends.trends:
        fill_trends(workbook, extras.trends)
    return _bytes(workbook)


def fill_trends(workbook: Workbook, trends) -> None:
    """One row per indicator: each year's value, then the running total and the plan's share of it."""
    years = [f"{p.year}{'*' if p.partial else ''}" for p in trends.trends[0].points]
    sheet = _sheet(workbook, _("Theo năm"), [_("Chỉ số"), _("Đơn vị tính"), *years, _("Cộng dồn"),
                                             _("Kế hoạch cộng dồn")], [56, 16, *[14] * len(years), 14, 16])
    for trend in trends.trends:
        last = trend.last
        _append(sheet, [str(trend.indicator.title), str(trend.indicator.measure), *[p.value for p in trend.points],
                      last.cumulative if last else None, last.plan_cumulative if last else None])
        for column in range(3, len(years) + 5):
            _number(sheet, sheet.max_row, column, trend.indicator.kind)


def _bytes(workbook: Workbook) -> bytes:
    neutralise_workbook(workbook)
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
