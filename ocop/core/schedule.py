"""Scheduled jobs that run once per time slot, however many app nodes run a scheduler.

Every node runs `ocop serve`, so every node runs the scheduler (`ocop crontask`). The scheduler of
django-crontask can hold a Redis lock, but a node that misses it exits (and `ocop serve` stops with
it), and without Redis it has no lock at all. Here every scheduler stays up, and at each slot each
one tries to claim the slot in the database: one row per (job, slot), a unique constraint, so the
first INSERT wins and the others meet the constraint and skip. The winner enqueues the task; the
task runs once, on whichever node's `db_worker` takes it first (django-tasks-db claims tasks with
SELECT … FOR UPDATE SKIP LOCKED). A node that is down costs nothing: the others still claim.

The slot is the scheduled minute (the scheduler's clock, truncated to the minute): the jobs are
scheduled on whole minutes and the nodes' clocks agree to well under a minute (NTP).

    from ocop.core.schedule import cron

    @cron("0 6 * * *")
    @task
    def daily_lifecycle(): ...
"""

import logging
import os
import socket
from datetime import datetime, timedelta

import crontask
from django.db import IntegrityError, close_old_connections, connection, transaction
from django.utils import timezone

logger = logging.getLogger(__name__)

HEARTBEAT = "ocop.core.schedule.heartbeat"
#: Heartbeat rows older than this are deleted by the next heartbeat (one row a minute otherwise).
HEARTBEAT_KEEP = timedelta(days=2)


def _fresh_connection() -> None:
    """The scheduler's threads live for days and the database may have restarted meanwhile: drop a
    broken or too-old connection first (never inside a transaction: a caller's, or a test's)."""
    if not connection.in_atomic_block:
        close_old_connections()


def node_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:200]


def current_slot(now: datetime | None = None) -> datetime:
    return (now or timezone.now()).replace(second=0, microsecond=0)


def claim(name: str, slot: datetime) -> bool:
    """True for the one scheduler that claims NAME at SLOT first; False for every other."""
    from ocop.core.models import ScheduledRun

    try:
        with transaction.atomic():
            ScheduledRun.objects.create(name=name, slot=slot, node=node_name())
    except IntegrityError:
        return False
    return True


def run_once(task, now: datetime | None = None) -> bool:
    """What the scheduler calls at each slot: enqueue TASK if this scheduler claimed the slot."""
    _fresh_connection()
    slot = current_slot(now)
    if not claim(task.module_path, slot):
        logger.info("%s @ %s: claimed by another node", task.module_path, slot)
        return False
    task.enqueue()
    return True


class _Once:
    """What django-crontask schedules: its `enqueue` claims the slot before enqueuing the task."""

    def __init__(self, task):
        self.task = task
        self.name = task.name

    def enqueue(self):
        return run_once(self.task)


def cron(schedule: str):
    """django-crontask's @cron, claimed once per slot across every scheduler."""

    def decorator(task):
        crontask.cron(schedule, sentry_monitor_config=None)(_Once(task))
        return task

    return decorator


def heartbeat(now: datetime | None = None) -> bool:
    """Every minute: one row per minute, whoever claims it (the newest says the scheduler is alive
    and on which node); old rows go."""
    from ocop.core.models import ScheduledRun

    _fresh_connection()
    slot = current_slot(now)
    won = claim(HEARTBEAT, slot)
    if won:
        ScheduledRun.objects.filter(name=HEARTBEAT, slot__lt=slot - HEARTBEAT_KEEP).delete()
    else:
        logger.info("%s @ %s: claimed by another node", HEARTBEAT, slot)
    return won


def last_heartbeat():
    from ocop.core.models import ScheduledRun

    return ScheduledRun.objects.filter(name=HEARTBEAT).order_by("-slot").first()
