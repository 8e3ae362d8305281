"""Back-office pages of program monitoring, inside the admin site (registered by PlanAdmin,
FundingLineAdmin, ReportJobAdmin and DepartmentTaskAdmin get_urls, wrapped by admin_view).

Each view: read through a scoped selector (404 outside the scope), validate, call one service or
selector, render. Writes answer 403 to read-only roles (the services raise PermissionDenied)."""

from decimal import Decimal

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ocop.accounts.policy import can_read_program, can_write, office_scope, task_roles
from ocop.accounts.roles import PLANNERS, PROGRAM_WRITERS
from ocop.core.service_errors import service_errors
from ocop.core.transitions import check_offered
from ocop.lib import spreadsheet
from ocop.program import selectors, workflow
from ocop.program.areas import scope_filter
from ocop.program.dashboard import Dashboard, dashboard_build, resolve_area
from ocop.program.forms import (
    DashboardFilterForm,
    PeriodReopenForm,
    ProducerSupportFilterForm,
    ReportRequestForm,
    TaskMoveForm,
    TaskNoteForm,
)
from ocop.program.measures import number
from ocop.program.services.plans import period_close, period_reopen
from ocop.program.services.reports import report_job_request
from ocop.program.services.tasks import task_allowed_moves, task_note_add, task_transition
from ocop.program.templatetags.program_tags import dashboard_url

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _page(request, template: str, title: str, **context) -> TemplateResponse:
    return TemplateResponse(request, template, {**admin.site.each_context(request), "title": title, **context})


def _require_scope(request) -> None:
    if office_scope(request.user).is_empty:
        raise PermissionDenied


def _area(request):
    """The area and period a dashboard-like page asks for (DashboardFilterForm), and today."""
    _require_scope(request)
    form = DashboardFilterForm(request.GET)
    if not form.is_valid():
        raise Http404
    data, today = form.cleaned_data, timezone.localdate()
    unit, generation, period, reporting_period = resolve_area(
        request.user, unit_id=data["unit"], generation=data["map"], period_id=data["period"], year=data["year"],
        today=today,
    )
    return unit, generation, period, reporting_period, today


def _dashboard(request) -> Dashboard:
    unit, generation, period, reporting_period, today = _area(request)
    return dashboard_build(user=request.user, unit=unit, generation=generation, period=period,
                           reporting_period=reporting_period, today=today)


def dashboard(request):
    dash = _dashboard(request)
    user = request.user
    plan_unit = dash.reporting_period.plan.unit if dash.reporting_period else None
    return _page(
        request, "program/admin/dashboard.html", _("Giám sát chương trình – %(unit)s") % {"unit": dash.title},
        dash=dash,
        periods=selectors.period_options(user=user, unit=dash.unit),
        years=range(timezone.localdate().year, 2018, -1),
        target_chart=_target_chart(dash), children_chart=_children_chart(dash), funding_chart=_funding_chart(dash),
        children_chart_title=str(_charted_key(dash)[1].title) if _charted_key(dash) else "",
        task_counts=selectors.task_status_counts(user=user, unit=dash.unit),
        can_close=dash.reporting_period is not None and can_write(user, plan_unit, PLANNERS),
        can_report=can_write(user, dash.unit, PROGRAM_WRITERS),
        period_over=dash.period.ends_on < timezone.localdate(),
        reopen_form=PeriodReopenForm(),
        # Breadcrumbs link only to areas this user may open (others would answer 404).
        crumbs=[(unit, can_read_program(user, unit)) for unit in dash.breadcrumbs],
        national_open=can_read_program(user, None),
        other_map_open=dash.other_map_unit is not None and can_read_program(user, dash.other_map_unit),
    )


def dashboard_trends(request):
    """Cumulative progress against the plan and the year-on-year trend of the same area and plan
    as the dashboard (its own page: one evaluation per year would double the dashboard's cost)."""
    from ocop.program.dashboard import ancestors_of, plan_targets
    from ocop.program.trends import trends_build, years_of

    unit, generation, period, reporting_period, today = _area(request)
    if unit is not None:
        generation = unit.generation
    plan, targets = plan_targets(unit, ancestors_of(unit), period, reporting_period)
    result = trends_build(unit=unit, generation=generation, years=years_of(plan, period, today), plan=plan,
                          targets=targets, scope_prefixes=scope_filter(request.user), today=today)
    title = unit.full_name if unit else _("Toàn quốc")
    return _page(request, "program/admin/trends.html", _("Tiến độ theo năm – %(unit)s") % {"unit": title},
                 trends=result, unit=unit, generation=generation, period=period, reporting_period=reporting_period,
                 charts=trend_charts(result), area_title=title)


def trend_charts(result) -> list:
    """(caption, SVG) for each followed indicator with a figure in some year."""
    from ocop.program.charts import Series, line_chart

    charts = []
    labels = [str(y) + ("*" if p.partial else "") for y, p in zip(result.years, result.trends[0].points,
                                                                  strict=True)] if result.trends else []
    for trend in result.trends:
        if not any(p.value for p in trend.points):
            continue
        title = str(trend.indicator.title)
        if trend.indicator.flow:
            series = [Series(_("Thực hiện cộng dồn"), [p.cumulative for p in trend.points])]
            if trend.goal is not None and trend.points[0].plan_cumulative is not None:
                series.append(Series(_("Kế hoạch cộng dồn (phần của chỉ tiêu)"),
                                     [p.plan_cumulative for p in trend.points], dashed=True))
            title = _("%(title)s – cộng dồn so với kế hoạch") % {"title": title}
        else:
            series = [Series(_("Giá trị từng năm"), [p.value for p in trend.points])]
            if trend.goal is not None:
                series.append(Series(_("Chỉ tiêu"), [trend.goal for _p in trend.points], dashed=True))
        charts.append((title, line_chart(title, labels, series, unit=str(trend.indicator.measure))))
    return charts


def dashboard_export(request, fmt: str):
    dash = _dashboard(request)
    name = f"OCOP {dash.title} {dash.period.starts_on:%Y-%m-%d} – {dash.period.ends_on:%Y-%m-%d}"
    if fmt == "xlsx":
        from ocop.program.exports.excel import dashboard_workbook

        response = HttpResponse(dashboard_workbook(dash), content_type=XLSX)
    else:
        from ocop.program.exports.pdf import dashboard_pdf

        heading = _("Giám sát Chương trình OCOP – %(unit)s") % {"unit": dash.title}
        response = HttpResponse(dashboard_pdf(dash, heading=heading), content_type="application/pdf")
    return spreadsheet.attachment(response, f"{name}.{fmt}")


def _target_chart(dash: Dashboard):
    """Progress towards each own target (%), as server-rendered SVG."""
    from ocop.program.charts import Bar, bar_chart

    rows = [r for r in dash.targets if r.assessment.progress is not None and not r.inherited]
    if not rows:
        return None
    return bar_chart(_("Tiến độ so với chỉ tiêu (%)"), [
        Bar(str(r.target.wording or r.indicator.title), r.assessment.progress, text=f"{number(r.assessment.progress)}%")
        for r in rows], unit="%", scale=Decimal(100))


def _charted_key(dash: Dashboard):
    """(index, indicator): the first key indicator that some child unit has a figure for."""
    return next(((n, i) for n, i in enumerate(dash.key_indicators) if any(c.values[n] for c in dash.children)), None)


def _children_chart(dash: Dashboard):
    """That key indicator by child unit."""
    from ocop.program.charts import Bar, bar_chart

    charted = _charted_key(dash)
    if charted is None:
        return None
    index, indicator = charted
    return bar_chart(str(indicator.title), [Bar(c.unit.name, c.values[index] or 0) for c in dash.children],
                     unit=str(indicator.measure))


def _funding_chart(dash: Dashboard):
    from ocop.program.charts import Bar, bar_chart

    rows = [r for r in dash.indicators if r.indicator.code.startswith("funding_source_") and r.value]
    if not rows:
        return None
    return bar_chart(_("Đã giải ngân theo nguồn (đồng)"), [Bar(str(r.indicator.title), r.value) for r in rows],
                     unit=_("đồng"))


@require_POST
def period_close_view(request, pk: int):
    period = selectors.period_get(user=request.user, pk=pk)
    with service_errors(request=request):
        period_close(period=period, actor=request.user)
        messages.success(request, _("Đã chốt số liệu kỳ «%(label)s».") % {"label": period.label})
    return redirect(request.POST.get("next") or dashboard_url(period=period))


@require_POST
def period_reopen_view(request, pk: int):
    period = selectors.period_get(user=request.user, pk=pk)
    form = PeriodReopenForm(request.POST)
    if not can_write(request.user, period.plan.unit, PLANNERS):
        raise PermissionDenied
    with service_errors(request=request):
        if not form.is_valid():
            raise ValidationError(_("Cần nêu lý do mở lại kỳ báo cáo."))
        period_reopen(period=period, actor=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, _("Đã mở lại kỳ «%(label)s».") % {"label": period.label})
    return redirect(request.POST.get("next") or dashboard_url(period=period))


def producer_support(request):
    _require_scope(request)
    form = ProducerSupportFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    producers = selectors.producer_support_list(user=request.user, year=data.get("year"),
                                                supported_only=not data.get("all"))
    page = Paginator(producers, 50).get_page(request.GET.get("p"))
    return _page(request, "program/admin/producer_support.html", _("Hỗ trợ và kết quả theo chủ thể"),
                 form=form, page=page)


def report_request(request):
    _require_scope(request)
    form = ReportRequestForm(request.POST or None, initial=request.GET)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        unit = selectors.unit_get(user=request.user, pk=data["unit"]) if data["unit"] else None
        with service_errors(form):
            job = report_job_request(unit=unit, year=data["year"], generation=data["map"] or "current",
                                     actor=request.user)
            return redirect("admin:program_reportjob_status", pk=job.pk)
    unit = None
    if form["unit"].value():
        unit = selectors.unit_get(user=request.user, pk=form["unit"].value())
    return _page(request, "program/admin/report_request.html", _("Lập báo cáo năm"), form=form, unit=unit)


def report_status(request, pk: int):
    job = selectors.report_job_get(user=request.user, pk=pk)
    template = "program/admin/report_progress.html" if request.headers.get("HX-Request") else (
        "program/admin/report_status.html")
    return _page(request, template, str(job), job=job)


def report_download(request, pk: int, fmt: str):
    job = selectors.report_job_get(user=request.user, pk=pk)
    file = job.xlsx if fmt == "xlsx" else job.pdf
    if job.status != job.Status.DONE or not file:
        raise Http404
    title = _("Báo cáo OCOP năm %(year)s – %(unit)s") % {
        "year": job.year, "unit": job.unit.full_name if job.unit else _("Toàn quốc")}
    made_on = timezone.localdate(job.finished_at) if job.finished_at else None
    response = FileResponse(file.open("rb"), as_attachment=True)
    return spreadsheet.attachment(response, spreadsheet.export_filename(title, fmt, made_on))


@require_POST
def task_move(request, pk: int):
    task = selectors.task_get(user=request.user, pk=pk)
    form = TaskMoveForm(request.POST, task=task)
    valid = form.is_valid()
    if set(form.errors) - {"__all__"}:  # a forged or unknown status
        raise PermissionDenied
    # The one convention (ocop.core.transitions): no such move from the task's status 422, not the role's 403.
    check_offered(workflow.TASK, task.status, form.cleaned_data["to"], task_allowed_moves(task, request.user))
    if not valid:
        messages.error(request, " ".join(form.non_field_errors()))
        return redirect(reverse("admin:program_departmenttask_change", args=[task.pk]))
    with service_errors(request=request):
        task_transition(task=task, to=form.cleaned_data["to"], actor=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, _("Đã cập nhật trạng thái nhiệm vụ."))
    return redirect(reverse("admin:program_departmenttask_change", args=[task.pk]))


@require_POST
def task_note(request, pk: int):
    task = selectors.task_get(user=request.user, pk=pk)
    form = TaskNoteForm(request.POST)
    if not task_roles(request.user, task):
        raise PermissionDenied
    with service_errors(request=request):
        if not form.is_valid():
            raise ValidationError([e for errors in form.errors.values() for e in errors])
        task_note_add(task=task, text=form.cleaned_data["text"], progress=form.cleaned_data["progress"],
                      actor=request.user)
        messages.success(request, _("Đã ghi nhận tiến độ."))
    return redirect(reverse("admin:program_departmenttask_change", args=[task.pk]))
