"""Reminders at 180, 150 and 120 days before expiry, and the expiry notice: exactly once each,
driven day by day with time-machine through the scheduled task."""

from datetime import date, timedelta

import pytest
import time_machine

from ocop.certificates import services
from ocop.certificates.models import Notification, ReminderSent
from ocop.certificates.reminders import lifecycle_run
from ocop.certificates.tasks import daily_lifecycle
from ocop.certificates.tests.factories import issue, make_member, make_result
from ocop.rating.models import Dossier
from ocop.registry.tests.factories import ProductFactory

pytestmark = pytest.mark.django_db
ISSUED = date(2026, 3, 10)
UNTIL = date(2029, 3, 10)


@pytest.fixture
def certificate(personas):
    personas.producer.email = "chu.the@example.org"
    personas.producer.save()
    personas.commune_a.email = "xa.tran.bien@example.org"
    personas.commune_a.save()
    product = ProductFactory(producer__unit=personas.units.commune_a, name="Mật ong rừng Mã Đà",
                             criteria_set="13")
    make_member(personas.producer, product.producer)
    with time_machine.travel(ISSUED, tick=False):
        _, [made] = issue([make_result(product)], signed_on=ISSUED)
    assert made.valid_until == UNTIL
    return made


def run_on(day: date) -> dict:
    with time_machine.travel(day, tick=False):
        return daily_lifecycle.enqueue().return_value  # ImmediateBackend: runs now


def before(days: int) -> date:
    return UNTIL - timedelta(days=days)


def test_each_threshold_is_sent_exactly_once_day_after_day(certificate, mailoutbox, django_capture_on_commit_callbacks):
    sent = {}
    day = before(200)
    with django_capture_on_commit_callbacks(execute=True):
        while day <= UNTIL + timedelta(days=40):
            outcome = run_on(day)
            if outcome["sent"]:
                sent[(UNTIL - day).days] = outcome["by_threshold"]
            day += timedelta(days=1)
    assert sent == {180: {"180": 1}, 150: {"150": 1}, 120: {"120": 1}, -1: {"0": 1}}
    assert sorted(ReminderSent.objects.values_list("threshold", flat=True)) == [0, 120, 150, 180]
    reminders = Notification.objects.filter(kind="reminder")
    assert reminders.count() == 6  # 3 thresholds × (producer, commune officer)
    assert set(reminders.values_list("user__username", flat=True)) == {"producer", "commune_a"}
    assert Notification.objects.filter(kind="expired").count() == 2
    assert len([m for m in mailoutbox if "Mật ong rừng Mã Đà" in m.subject]) == 8


def test_the_180_day_reminder_gives_the_window(certificate):
    run_on(before(180))
    text = Notification.objects.filter(kind="reminder").first().text
    assert "còn 180 ngày" in text and "10/03/2029" in text
    assert "từ ngày 11/09/2028 đến hết ngày 10/11/2028" in text


def test_a_second_run_the_same_day_sends_nothing(certificate):
    assert run_on(before(150))["sent"] == 1
    assert run_on(before(150))["sent"] == 0
    assert lifecycle_run(today=before(150))["sent"] == 0
    assert Notification.objects.filter(kind="reminder").count() == 2


def test_a_missed_day_is_caught_up_but_a_long_missed_threshold_is_not(certificate):
    assert run_on(before(170))["by_threshold"] == {"180": 1}  # the job was down on day 180
    assert run_on(before(125))["by_threshold"] == {"150": 1}
    assert run_on(before(60))["sent"] == 0  # 120 passed more than 30 days ago
    assert sorted(ReminderSent.objects.values_list("threshold", flat=True)) == [150, 180]


def test_no_reminder_for_a_revoked_certificate(certificate):
    with time_machine.travel(before(200), tick=False):
        services.certificate_revoke(certificate=certificate, ground="other", finding_on=before(200), actor=None)
    for days in (180, 150, 120, -1):
        assert run_on(before(days))["sent"] == 0


def test_no_reminder_once_a_rerating_dossier_is_in_progress(certificate):
    Dossier.objects.create(product=certificate.product, unit=certificate.product.unit, year=2028,
                           kind=Dossier.Kind.RERATING, criteria_set="13", previous=certificate.result.dossier)
    assert run_on(before(150))["sent"] == 0


def test_no_reminder_when_a_newer_certificate_replaced_it(certificate):
    with time_machine.travel(before(130), tick=False):
        issue([make_result(certificate.product)], signed_on=before(130))
    assert run_on(before(120))["sent"] == 0


def test_the_daily_job_is_scheduled_at_six():
    from crontask import scheduler

    jobs = {job.name: job for job in scheduler.get_jobs()}
    job = jobs[daily_lifecycle.name]
    fields = {f.name: str(f) for f in job.trigger.fields}
    assert (fields["hour"], fields["minute"], fields["day"]) == ("6", "0", "*")
    assert str(job.trigger.timezone) == "Asia/Ho_Chi_Minh"
