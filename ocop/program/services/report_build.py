"""Building the annual report of a ReportJob (the background task ocop.program.tasks.build_annual_report
runs it; services.reports queues it): the workbook and the PDF, the progress on the job's row."""

import logging
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop.program.areas import Query, scope_filter
from ocop.program.measures import Period
from ocop.program.models import DepartmentTask, FundingLine, ReportJob, TrainingCourse

logger = logging.getLogger(__name__)


def _progress(job: ReportJob, percent: int, message: str = "", status: str = ReportJob.Status.RUNNING) -> None:
    ReportJob.objects.filter(pk=job.pk).update(progress=percent, status=status, message=message[:500])


@dataclass
class Extras:
    tasks: list
    courses: list
    funding: list
    trends: object = None  # ocop.program.trends.Trends: the plan's years up to the report's


def report_extras(query: Query) -> Extras:
    """The year's records in the area, for the report's detail sheets (three queries)."""
    start, end = query.period.starts_on, query.period.ends_on
    tasks = query.scoped(DepartmentTask.objects.filter(Q(deadline__gte=start, deadline__lte=end)), "unit")
    courses = query.scoped(TrainingCourse.objects.filter(starts_on__lte=end, ends_on__gte=start), "unit")
    funding = query.scoped(FundingLine.objects.filter(year__in=query.period.years), "unit")
    return Extras(
        tasks=list(tasks.select_related("lead").order_by("deadline", "id")),
        courses=list(courses.select_related("unit").annotate(
            n_sessions=Count("sessions", distinct=True), n_participants=Count("participants", distinct=True),
        ).order_by("starts_on", "id")),
        funding=list(funding.select_related("unit", "producer").order_by("source", "id")),
    )


def report_trends(dash, *, user):
    """The report year beside the years before it: the plan's years up to the report's (running
    totals against the plan's running share), else the five years up to it."""
    from ocop.program.dashboard import ancestors_of, plan_targets
    from ocop.program.trends import trends_build

    year = dash.period.starts_on.year
    plan, targets = plan_targets(dash.unit, ancestors_of(dash.unit), dash.period, None)
    first = plan.starts_on.year if plan is not None else year - 4
    return trends_build(unit=dash.unit, generation=dash.generation, years=list(range(first, year + 1)), plan=plan,
                        targets=targets, scope_prefixes=scope_filter(user), today=timezone.localdate())


def report_job_run(*, job_id: int) -> ReportJob:
    """Build the workbook and the PDF, moving the progress bar as each part is done."""
    from ocop.program.dashboard import dashboard_build
    from ocop.program.exports.excel import annual_workbook
    from ocop.program.exports.pdf import dashboard_pdf

    job = ReportJob.objects.select_related("unit", "requested_by").get(pk=job_id)
    if job.is_finished:
        return job
    try:
        _progress(job, 5, _("Đang tính các chỉ số"))
        period = Period.year(job.year)
        user = job.requested_by
        dash = dashboard_build(user=user, unit=job.unit, generation=job.generation, period=period,
                               today=timezone.localdate())
        _progress(job, 40, _("Đang tổng hợp nhiệm vụ, đào tạo, kinh phí"))
        extras = report_extras(Query(unit=job.unit, generation=dash.generation, period=period,
                                     scope_prefixes=scope_filter(user)))
        extras.trends = report_trends(dash, user=user)
        _progress(job, 55, _("Đang lập tệp Excel"))
        name = f"bao-cao-ocop-{job.year}-{job.unit.code if job.unit else 'toan-quoc'}"
        job.xlsx.save(f"{name}.xlsx", ContentFile(annual_workbook(dash, extras)), save=False)
        ReportJob.objects.filter(pk=job.pk).update(xlsx=job.xlsx.name)
        _progress(job, 75, _("Đang lập tệp PDF"))
        heading = _("Báo cáo năm %(year)s – Chương trình OCOP – %(unit)s") % {"year": job.year, "unit": dash.title}
        job.pdf.save(f"{name}.pdf", ContentFile(dashboard_pdf(dash, heading=heading, extras=extras)), save=False)
        ReportJob.objects.filter(pk=job.pk).update(pdf=job.pdf.name, finished_at=timezone.now())
        _progress(job, 100, _("Đã lập xong"), ReportJob.Status.DONE)
    except Exception as exc:
        logger.exception("Lập báo cáo năm %s thất bại", job.pk)
        _progress(job, 100, _("Lỗi khi lập báo cáo: %(error)s") % {"error": exc.__class__.__name__},
                  ReportJob.Status.FAILED)
    job.refresh_from_db()
    return job
