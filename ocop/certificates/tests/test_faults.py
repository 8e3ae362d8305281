"""Faults in the certificates app: database errors roll a decision back whole, and a worker
killed in the middle of a job leaves it to be run again without a second certificate, PDF,
notification or e-mail.

A kill is a BaseException raised at a chosen point after part of the work was done (as SystemExit
from a signal would be): nothing in our code catches it, the transaction in progress rolls back,
what was committed before stays. Database errors are real (a trigger, ocop.core.tests.dbfaults).
"""

import email
import os
import signal
import subprocess
import sys
from collections import Counter
from datetime import timedelta
from email.header import decode_header, make_header
from time import sleep

import pytest
from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import DatabaseError, connection
from django.utils import timezone

from ocop.certificates import issuing, notify, services
from ocop.certificates.models import (
    Certificate,
    Decision,
    DecisionCounter,
    DecisionItem,
    Notification,
    ReminderSent,
)
from ocop.certificates.reminders import lifecycle_run
from ocop.certificates.tasks import generate_certificates, resume_certificates
from ocop.certificates.tests.factories import issue, make_member, make_result
from ocop.core.models import AuditEvent
from ocop.core.tests.dbfaults import database_refuses
from ocop.registry.tests.factories import ProductFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


class WorkerKilled(BaseException):
    """The worker process dies here."""


def kill_on_call(monkeypatch, owner, name: str, at: int, *, after: bool = False):
    """Make OWNER.NAME kill the worker on its AT-th call (AFTER: once that call has done its work)."""
    real = getattr(owner, name)
    calls = Counter()

    def dying(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == at and not after:
            raise WorkerKilled
        value = real(*args, **kwargs)
        if calls["n"] == at:
            raise WorkerKilled
        return value

    monkeypatch.setattr(owner, name, dying)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def results(personas):
    """Two final results of one producer whose portal account and commune officer have e-mail."""
    personas.producer.email = "chu.the@example.org"
    personas.producer.save()
    personas.commune_a.email = "xa.a@example.org"
    personas.commune_a.save()
    first = ProductFactory(producer__unit=personas.units.commune_a, name="Mật ong rừng Mã Đà",
                           criteria_set="13")
    second = ProductFactory(producer=first.producer, unit=personas.units.commune_a,
                            name="Hạt điều Bình Phước", criteria_set="13")
    make_member(personas.producer, first.producer)
    return [make_result(first), make_result(second)]


def decide(personas, results) -> Decision:
    """The decision committed, its generate_certificates job not run yet (the test runs it)."""
    return services.decision_issue(level="province", unit=personas.units.dong_nai, results=results,
                                   signed_on=TODAY, actor=personas.province)


def pdf_files(media) -> list[str]:
    return sorted(p.name for p in (media / "certificates" / "pdf").glob("*")) if media.exists() else []


def assert_exactly_once(decision, mailoutbox, media):
    certificates = list(Certificate.objects.filter(decision=decision))
    assert len(certificates) == 2 == DecisionItem.objects.filter(decision=decision).count()
    assert all(c.pdf for c in certificates)
    assert pdf_files(media) == sorted(c.pdf.name.rsplit("/", 1)[-1] for c in certificates)
    assert AuditEvent.objects.filter(action="certificates.certificate_issue").count() == 2
    notified = Counter(Notification.objects.filter(kind="issued").values_list("certificate_id", "user__username"))
    assert notified == {(c.pk, user): 1 for c in certificates for user in ("producer", "commune_a")}
    mails = Counter((m.to[0], m.subject) for m in mailoutbox)
    assert len(mails) == 4 and set(mails.values()) == {1}


# --- a. Database errors roll everything back -----------------------------------------------------

def test_a_database_error_at_the_end_of_a_decision_leaves_no_trace_and_no_number_used(personas, results):
    when = "NEW.action = 'certificates.decision_issue'"  # the audit event, the decision's last write
    with database_refuses("core_auditevent", event="INSERT", when=when), pytest.raises(DatabaseError):
        decide(personas, results)
    assert Decision.objects.count() == DecisionItem.objects.count() == 0
    assert list(DecisionCounter.objects.values_list("last_sequence", flat=True)) == []
    assert not AuditEvent.objects.filter(action__startswith="certificates.").exists()
    assert decide(personas, results).number == "1/QĐ-UBND"  # the number was not consumed


def test_a_database_error_in_a_revocation_leaves_the_certificate_in_force(personas, results, media):
    _, [certificate] = issue(results[:1], actor=personas.province)
    audit_before = AuditEvent.objects.count()
    revoke = dict(certificate=certificate, ground=Certificate.Ground.MARK_MISUSE,
                  finding_on=TODAY - timedelta(days=2), actor=personas.province)
    refuse = database_refuses("certificates_certificate", event="UPDATE", when="NEW.revoked_on IS NOT NULL")
    with refuse, pytest.raises(DatabaseError):
        services.certificate_revoke(**revoke)
    certificate.refresh_from_db()
    assert certificate.revoked_on is None and certificate.revocation_decision is None
    assert Decision.objects.filter(kind=Decision.Kind.REVOCATION).count() == 0
    assert AuditEvent.objects.count() == audit_before
    assert not Notification.objects.filter(kind="revoked").exists()
    assert services.certificate_revoke(**revoke).decision.number == "2/QĐ-UBND"  # no gap in the register


# --- b. A killed worker: run the job again, get everything exactly once ---------------------------

def test_killed_while_rendering_the_second_pdf(personas, results, media, mailoutbox,
                                                django_capture_on_commit_callbacks, monkeypatch):
    decision = decide(personas, results)
    kill_on_call(monkeypatch, issuing, "render_certificate_pdf", at=2)  # the PDF is made in issuing
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(WorkerKilled):
        generate_certificates.call(decision.pk)
    assert Certificate.objects.filter(decision=decision).count() == 2 and len(pdf_files(media)) == 1
    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        again = generate_certificates.call(decision.pk)
    assert again == {"decision": decision.number, "certificates": 2, "pdf_rendered": 1}
    assert_exactly_once(decision, mailoutbox, media)


def test_killed_between_writing_a_pdf_and_recording_it(personas, results, media, mailoutbox,
                                                       django_capture_on_commit_callbacks, monkeypatch):
    decision = decide(personas, results)
    kill_on_call(monkeypatch, FileSystemStorage, "save", at=1, after=True)  # the file is on disk, the row not
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(WorkerKilled):
        generate_certificates.call(decision.pk)
    assert len(pdf_files(media)) == 1 and not Certificate.objects.exclude(pdf="").exists()
    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        generate_certificates.call(decision.pk)
    assert_exactly_once(decision, mailoutbox, media)  # the orphan file is replaced, not doubled


def test_killed_after_the_first_certificate_and_its_email(personas, results, media, mailoutbox,
                                                          django_capture_on_commit_callbacks, monkeypatch):
    decision = decide(personas, results)
    kill_on_call(monkeypatch, notify, "certificate_issued", at=2)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(WorkerKilled):
        generate_certificates.call(decision.pk)
    assert Certificate.objects.filter(decision=decision).count() == 1  # the second rolled back whole
    assert len(mailoutbox) == 2  # the first certificate's e-mails left when it committed
    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        generate_certificates.call(decision.pk)
    assert_exactly_once(decision, mailoutbox, media)


def test_the_catch_up_task_finishes_a_job_whose_worker_died(personas, results, media, mailoutbox,
                                                            django_capture_on_commit_callbacks, monkeypatch):
    decision = decide(personas, results)
    kill_on_call(monkeypatch, notify, "certificate_issued", at=2)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(WorkerKilled):
        generate_certificates.call(decision.pk)
    monkeypatch.undo()
    # django-tasks-db never runs again a job whose worker died; the scheduled catch-up does,
    # once the decision is old enough not to be in the hands of a live worker.
    assert resume_certificates.call() == {"decisions": 0}
    Decision.objects.filter(pk=decision.pk).update(created_at=timezone.now() - timedelta(hours=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert resume_certificates.call() == {"decisions": 1}
    assert_exactly_once(decision, mailoutbox, media)
    assert resume_certificates.call() == {"decisions": 0}


def test_reminders_killed_half_way_are_sent_once_each(personas, results, media, mailoutbox,
                                                      django_capture_on_commit_callbacks, monkeypatch):
    _, certificates = issue(results, actor=personas.province)
    Certificate.objects.update(valid_until=TODAY + timedelta(days=170))  # the 180-day reminder is due
    mailoutbox.clear()
    kill_on_call(monkeypatch, notify, "certificate_reminder", at=2)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(WorkerKilled):
        lifecycle_run(today=TODAY)
    assert ReminderSent.objects.count() == 1 and len(mailoutbox) == 2
    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        assert lifecycle_run(today=TODAY)["sent"] == 1
        assert lifecycle_run(today=TODAY)["sent"] == 0
    assert sorted(ReminderSent.objects.values_list("certificate_id", "threshold")) == [
        (c.pk, 180) for c in sorted(certificates, key=lambda c: c.pk)]
    reminded = Counter(Notification.objects.filter(kind="reminder").values_list("certificate_id", "user__username"))
    assert reminded == {(c.pk, user): 1 for c in certificates for user in ("producer", "commune_a")}
    mails = Counter((m.to[0], m.subject) for m in mailoutbox)
    assert len(mails) == 4 and set(mails.values()) == {1}


# --- b, for real: `ocop db_worker` killed with SIGKILL in the middle of generate_certificates -------

def _worker(tmp_path, log_name: str) -> subprocess.Popen:
    """`ocop db_worker --batch` on the test database, e-mails printed (console backend) to a log."""
    params = connection.settings_dict
    env = {
        **os.environ, "OCOP_ENV": "development", "PYTHONUNBUFFERED": "1", "DEBUG": "false",
        "DATABASE_URL": f"postgres://{params['USER']}@{params['HOST'] or '127.0.0.1'}:{params['PORT'] or 5432}"
                        f"/{params['NAME']}",
        "MEDIA_ROOT": str(tmp_path / "media"), "OCOP_VAR_DIR": str(tmp_path / "var"),
        "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
    }
    if params["PASSWORD"]:
        env["PGPASSWORD"] = params["PASSWORD"]
    log = (tmp_path / log_name).open("w")
    return subprocess.Popen(  # noqa: S603 (our own command)
        [sys.executable, "-m", "ocop.cli", "db_worker", "--batch", "--interval", "0.2"],
        cwd=settings.BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT,
    )


def _mails(tmp_path) -> Counter:
    """(To, Subject) of every e-mail the workers printed."""
    found: Counter = Counter()
    for log in tmp_path.glob("worker-*.log"):
        text = log.read_text()
        for block in text.split("-" * 79 + "\n"):
            start = block.find("Content-Type:")  # a message starts there; log lines come before it
            message = email.message_from_string(block[start:]) if start >= 0 else None
            if message is not None and message["To"] and message["Subject"]:
                found[(message["To"], str(make_header(decode_header(message["Subject"]))))] += 1
    return found


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_job_then_resumed_never_doubles(personas, results, tmp_path, settings):
    """The worker is killed while it waits to commit the second certificate (PostgreSQL checks the
    foreign keys at commit, and we hold the result's row). The server had the COMMIT already, so it
    completes once the lock goes: the certificate and its in-app notifications exist, but the
    e-mails of that certificate, sent after the commit, never leave — e-mail is at most once."""
    if connection.vendor != "postgresql":
        pytest.skip("Cần PostgreSQL: tiến trình db_worker riêng dùng chung CSDL kiểm thử (SQLite kiểm thử nằm trong bộ nhớ).")
    import psycopg
    from django.tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.MEDIA_ROOT = tmp_path / "media"
    decision = decide(personas, results)  # commits; generate_certificates waits in the queue
    params = connection.settings_dict
    holder = psycopg.connect(host=params["HOST"] or "127.0.0.1", port=params["PORT"] or 5432, user=params["USER"],
                             password=params["PASSWORD"] or None, dbname=params["NAME"])
    holder.execute("SELECT id FROM rating_ratingresult WHERE id = %s FOR UPDATE", [results[1].pk])
    waiting_sql = "SELECT pid FROM pg_stat_activity WHERE datname = %s AND wait_event_type = 'Lock'"
    worker = _worker(tmp_path, "worker-1.log")
    try:
        waiting = []
        for _ in range(600):  # until the worker waits on our lock (bounded; no timing asserted)
            holder.execute("SELECT pg_stat_clear_snapshot()")  # else the view is frozen for our transaction
            waiting = holder.execute(waiting_sql, [params["NAME"]]).fetchall()
            if waiting or worker.poll() is not None:
                break
            sleep(0.1)
        assert len(waiting) == 1, (tmp_path / "worker-1.log").read_text()
        os.kill(worker.pid, signal.SIGKILL)
        assert worker.wait() == -signal.SIGKILL
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait()
        holder.rollback()
    holder.autocommit = True
    for _ in range(600):  # until the dead worker's session has finished on the server
        if not holder.execute("SELECT 1 FROM pg_stat_activity WHERE pid = %s", [waiting[0][0]]).fetchall():
            break
        sleep(0.1)
    holder.close()

    first, second = Certificate.objects.filter(decision=decision).order_by("result_id")
    assert not first.pdf and not second.pdf
    first_mails = {(address, f"[OCOP] Đã cấp giấy chứng nhận: {first.product.name}")
                   for address in ("chu.the@example.org", "xa.a@example.org")}
    assert set(_mails(tmp_path)) == first_mails
    job = DBTaskResult.objects.get(task_path="ocop.certificates.tasks.generate_certificates")
    assert job.status == TaskResultStatus.RUNNING  # stuck: django-tasks-db never runs it again by itself

    resume_certificates.enqueue(min_age_minutes=0)  # what the 15-minute schedule does
    second_worker = _worker(tmp_path, "worker-2.log")
    assert second_worker.wait(timeout=300) == 0, (tmp_path / "worker-2.log").read_text()

    certificates = list(Certificate.objects.filter(decision=decision))
    assert len(certificates) == 2 and all(c.pdf for c in certificates)
    assert pdf_files(settings.MEDIA_ROOT) == sorted(c.pdf.name.rsplit("/", 1)[-1] for c in certificates)
    notified = Counter(Notification.objects.filter(kind="issued").values_list("certificate_id", "user__username"))
    assert notified == {(c.pk, user): 1 for c in certificates for user in ("producer", "commune_a")}
    assert AuditEvent.objects.filter(action="certificates.certificate_issue").count() == 2
    mails = _mails(tmp_path)
    assert set(mails) == first_mails and set(mails.values()) == {1}  # nothing sent twice
