"""Background work of the program (django.tasks; the scheduler is `ocop crontask`)."""

from django.tasks import task
from django.utils import timezone

from ocop.core.schedule import cron
from ocop.program.services.report_build import report_job_run
from ocop.program.services.tasks import task_reminders_send


@cron("0 7 * * *")
@task
def send_task_reminders() -> int:
    """Every morning at 07:00: remind departments of tasks due within 7 days or overdue. Idempotent
    per day (one TaskReminder per task and day)."""
    return task_reminders_send(today=timezone.localdate())


@task
def build_annual_report(job_id: int) -> int:
    """Build the annual report of a ReportJob, updating its progress as it goes."""
    return report_job_run(job_id=job_id).progress
