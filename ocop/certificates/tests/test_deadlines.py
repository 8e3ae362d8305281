"""The offices are alerted before each round deadline and on a re-rating's 45-day limit, once per
deadline and person, in the app and by e-mail."""

from datetime import date

import pytest
import time_machine
from django.core import mail

from ocop.certificates.deadlines import deadlines_run
from ocop.certificates.models import Notification
from ocop.certificates.tasks import daily_deadlines
from ocop.rating.models import Dossier, RatingRound
from ocop.rating.tests.factories import make_dossier, make_world
from ocop.rating.workflow import DossierStatus as S

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(personas):
    for user in (personas.province, personas.national, personas.other_province, personas.commune_a):
        user.email = f"{user.username}@example.org"
        user.save(update_fields=["email"])
    return make_world(personas)  # Đồng Nai round 2/2026: proposals until 30/10, rated by 30/12


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    """deadlines_run, with the e-mails it leaves for after the commit sent."""
    def go(*, today):
        with django_capture_on_commit_callbacks(execute=True):
            return deadlines_run(today=today)
    return go


def alerts():
    return sorted(Notification.objects.filter(kind="deadline").values_list("user__username", "key"))


def test_the_province_office_hears_before_each_round_deadline_once(world, personas, run):
    rnd = world.round
    make_dossier(world.product_a, S.ACCEPTED, round=rnd)
    assert run(today=date(2026, 10, 1)) == {"rounds": 0, "rerating": 0}  # 29 days before
    assert run(today=date(2026, 10, 20))["rounds"] == 1
    assert alerts() == [("province", f"round-proposal:{rnd.pk}:2026-10-30")]
    assert [m.to for m in mail.outbox] == [["province@example.org"]]
    assert "30/10/2026" in mail.outbox[0].body and "còn 10 ngày" in mail.outbox[0].body
    assert run(today=date(2026, 10, 21))["rounds"] == 0  # never twice
    assert run(today=date(2026, 12, 20))["rounds"] == 1
    text = Notification.objects.get(key=f"round-rating:{rnd.pk}:2026-12-30").text
    assert "30/12/2026" in text and "Còn 1 hồ sơ chờ kết quả" in text
    assert run(today=date(2026, 12, 29))["rounds"] == 0
    assert {user for user, _key in alerts()} == {"province"}  # not the other province, not the communes
    assert len(mail.outbox) == 2


def test_a_done_round_is_not_alerted_and_a_central_round_alerts_the_national_office(world, personas, run):
    make_dossier(world.product_a, S.RATED, round=world.round)  # every dossier of the round has its result
    central = RatingRound.objects.create(level="central", year=2027, sequence=2,
                                         proposal_deadline=date(2027, 1, 30), rating_deadline=date(2027, 3, 30))
    run(today=date(2026, 12, 20))
    assert alerts() == []
    run(today=date(2027, 1, 25))
    assert alerts() == [("national", f"round-proposal:{central.pk}:2027-01-30")]


def test_the_45_day_limit_is_alerted_before_it_lapses_and_when_overdue(world, personas, run,
                                                                     django_capture_on_commit_callbacks):
    dossier = make_dossier(world.product_a, S.ACCEPTED, round=world.round, kind=Dossier.Kind.RERATING,
                           rerating_due_on=date(2026, 11, 15))
    assert run(today=date(2026, 11, 7))["rerating"] == 0  # 8 days left
    with time_machine.travel("2026-11-08 06:30 +0700", tick=False), django_capture_on_commit_callbacks(execute=True):
        assert daily_deadlines.call() == {"rounds": 0, "rerating": 1}  # the scheduled job
    assert run(today=date(2026, 11, 9))["rerating"] == 0
    soon = Notification.objects.get(key=f"rerating-soon:{dossier.pk}:2026-11-15")
    assert soon.user == personas.province and soon.dossier == dossier and "15/11/2026" in soon.text
    assert run(today=date(2026, 11, 16))["rerating"] == 1
    assert run(today=date(2026, 11, 20))["rerating"] == 0
    overdue = Notification.objects.get(key=f"rerating-overdue:{dossier.pk}:2026-11-15")
    assert "quá hạn 45 ngày" in overdue.text and "quá 1 ngày" in overdue.text
    assert [m.to for m in mail.outbox] == [["province@example.org"], ["province@example.org"]]
    dossier.status = S.RATED
    dossier.save()
    Notification.objects.all().delete()
    assert run(today=date(2026, 11, 20))["rerating"] == 0  # has its result: nothing to chase
