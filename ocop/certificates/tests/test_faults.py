"""Faults in the certificates app: database errors roll a decision back whole, and a worker
killed in the middle of a job leaves it to be run again without a second certificate, PDF,
notification or e-mail.

A kill is a BaseException raised at a chosen point after part of the work was done (as SystemExit
from a signal would be): nothing in our code catches it, the transaction in progress rolls back,
what was committed before stays. Database errors are real (a trigger, ocop.core.tests.dbfaults).
"""

from collections import Counter
from datetime import timedelta

import pytest
from django.core.files.storage import FileSystemStorage
from django.db import DatabaseError
from django.utils import timezone

from ocop.certificates import notify, services
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
from ocop.certificates.tests.helpers import issue, make_member, make_product, make_result
from ocop.core.models import AuditEvent
from ocop.core.tests.dbfaults import database_refuses

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
    first = make_product(personas.units.commune_a, name="Mật ong rừng Mã Đà")
    second = make_product(personas.units.commune_a, name="Hạt điều Bình Phước", producer=first.producer)
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
    kill_on_call(monkeypatch, services, "render_certificate_pdf", at=2)
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
