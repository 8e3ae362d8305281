"""Background work of the core (django.tasks; scheduled by `ocop crontask` on every node, each slot
claimed once: ocop.core.schedule).

* heartbeat — every minute the schedulers claim the minute (no task: the row is the heartbeat).
* sessions_clear — every night at 03:15: expired sign-in sessions leave the database
  (Django's `clearsessions`; sessions live in the database, shared by every node).
"""

from apscheduler.triggers.cron import CronTrigger
from crontask import scheduler
from django.tasks import task
from django.utils import timezone

from ocop.core.schedule import HEARTBEAT, cron, heartbeat

scheduler.add_job(heartbeat, CronTrigger.from_crontab("* * * * *", timezone=timezone.get_default_timezone()),
                  name=HEARTBEAT)


@cron("15 3 * * *")
@task
def sessions_clear() -> int:
    from django.contrib.sessions.models import Session

    deleted, _ = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    return deleted
