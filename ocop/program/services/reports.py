"""The annual report: requested by a user, built by a background task (ocop.program.tasks, which runs
services.report_build and reports its progress on the ReportJob row; the page polls it), then
downloadable in the requester's scope."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop.accounts.policy import check_write
from ocop.accounts.roles import PROGRAM_WRITERS
from ocop.core.audit import AuditAction, audit_record
from ocop.program.areas import CURRENT
from ocop.program.models import ReportJob
from ocop.program.tasks import build_annual_report


def report_job_request(*, unit, year: int, generation: str = CURRENT, actor) -> ReportJob:
    """Queue the annual report of UNIT (None: the country) for YEAR; the build starts on commit."""
    this_year = timezone.localdate().year
    if not 2018 <= year <= this_year + 1:
        raise ValidationError({"year": _("Năm phải từ 2018 đến %(year)s.") % {"year": this_year + 1}})
    with transaction.atomic():
        check_write(actor, unit, PROGRAM_WRITERS)
        job = ReportJob.objects.create(unit=unit, year=year, generation=unit.generation if unit else generation,
                                       requested_by=actor)
        audit_record(action=AuditAction.PROGRAM_REPORT_REQUEST, actor=actor, target=job, unit=unit, after={"year": year})
        transaction.on_commit(lambda: build_annual_report.enqueue(job.pk))
    return job
