"""Scheduled jobs run once per slot however many nodes run a scheduler (ocop.core.schedule)."""

from datetime import datetime, timedelta

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.utils import timezone

from ocop.core.models import ScheduledRun
from ocop.core.schedule import HEARTBEAT, _Once, claim, current_slot, heartbeat, last_heartbeat, run_once

pytestmark = pytest.mark.django_db

SIX = datetime(2026, 6, 1, 6, 0, 0, 120_000, tzinfo=timezone.get_default_timezone())


def _expired_session() -> str:
    store = SessionStore()
    store["x"] = 1
    store.set_expiry(-60)
    store.create()
    return store.session_key


def test_the_first_scheduler_claims_the_slot_and_the_others_skip_it():
    assert claim("ocop.x", current_slot(SIX)) is True
    assert claim("ocop.x", current_slot(SIX + timedelta(seconds=30))) is False  # the other node, same minute
    assert claim("ocop.y", current_slot(SIX)) is True  # another job
    assert claim("ocop.x", current_slot(SIX + timedelta(days=1))) is True  # tomorrow's slot
    assert ScheduledRun.objects.filter(name="ocop.x").count() == 2


def test_a_daily_job_fired_by_two_schedulers_runs_once():
    from ocop.core.tasks import sessions_clear

    first = _expired_session()
    assert run_once(sessions_clear, SIX) is True  # enqueued (the test backend runs it at once)
    assert not Session.objects.filter(session_key=first).exists()
    second = _expired_session()
    assert run_once(sessions_clear, SIX + timedelta(seconds=2)) is False  # node 2, same slot
    assert Session.objects.filter(session_key=second).exists()  # not run again
    assert run_once(sessions_clear, SIX + timedelta(days=1)) is True
    assert not Session.objects.filter(session_key=second).exists()
    assert list(ScheduledRun.objects.values_list("name", flat=True)) == ["ocop.core.tasks.sessions_clear"] * 2


def test_the_heartbeat_keeps_one_row_a_minute_and_two_days():
    old = SIX - timedelta(days=3)
    assert heartbeat(old) is True
    assert heartbeat(SIX) is True and heartbeat(SIX + timedelta(seconds=5)) is False
    assert list(ScheduledRun.objects.filter(name=HEARTBEAT).values_list("slot", flat=True)) == [current_slot(SIX)]
    assert last_heartbeat().slot == current_slot(SIX)


def test_every_scheduled_job_goes_through_the_claim():
    from crontask import scheduler

    import ocop.certificates.tasks
    import ocop.core.tasks
    import ocop.program.tasks  # noqa: F401

    jobs = {job.name: job.func for job in scheduler.get_jobs()}
    assert jobs.pop(HEARTBEAT) is heartbeat
    claimed = {func.__self__.task.module_path for func in jobs.values() if isinstance(getattr(func, "__self__", None), _Once)}
    assert len(claimed) == len(jobs)  # nothing else is scheduled
    assert {"ocop.certificates.tasks.daily_lifecycle", "ocop.certificates.tasks.daily_deadlines",
            "ocop.certificates.tasks.standings_roll", "ocop.certificates.tasks.resume_certificates",
            "ocop.program.tasks.send_task_reminders", "ocop.core.tasks.sessions_clear"} <= claimed
