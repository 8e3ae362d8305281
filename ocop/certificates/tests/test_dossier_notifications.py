"""Every move of a dossier tells the producer's users and the commune officers of its commune, in
the app and by e-mail, after the move commits, once, and nobody else."""

import pytest
import time_machine
from django.core import mail
from django.db import transaction

from ocop.accounts.models import Role
from ocop.certificates.models import Notification
from ocop.certificates.moves import dossier_move_notify
from ocop.certificates.tests.factories import issue, make_result
from ocop.core.testing import make_user
from ocop.rating.services import council, results, review
from ocop.rating.services.dossiers import dossier_transition
from ocop.rating.tests.factories import best_sheet, make_dossier, make_world
from ocop.rating.workflow import DossierStatus as S

pytestmark = pytest.mark.django_db
FORM03 = {"complete": True, "local_materials": "Điều thô của xã", "local_labour": "8/10 lao động tại xã",
          "idea_origin": "Truyền thống", "local_identity": "Rang củi", "report_number": "12/BC-UBND"}


@pytest.fixture
def world(personas):
    world = make_world(personas)
    for user in (personas.producer, personas.commune_a, personas.commune_b, personas.province):
        user.email = f"{user.username}@example.org"
        user.save(update_fields=["email"])
    world.second_officer = make_user("commune_a2", Role.COMMUNE_OFFICER, personas.units.commune_a,
                                     email="commune_a2@example.org")
    return world


def told(dossier) -> dict[str, set[str]]:
    """{to_status: usernames notified} for the dossier's moves so far."""
    found: dict[str, set[str]] = {}
    for transition in dossier.transitions.all().exclude(from_status=""):
        users = Notification.objects.filter(key=f"transition:{transition.pk}").values_list("user__username", flat=True)
        found[transition.to_status] = set(users)
    return found


def test_every_move_reaches_the_producer_and_the_commune_once(world, personas, django_capture_on_commit_callbacks):
    dossier = make_dossier(world.product_a, S.DRAFT, self_assessment=best_sheet())
    everyone = {"producer", "commune_a", "commune_a2"}
    with time_machine.travel("2026-09-01 09:00 +0700", tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            dossier_transition(dossier=dossier, to=S.SUBMITTED, actor=personas.producer)
        with django_capture_on_commit_callbacks(execute=True):
            review.commune_review_issue(dossier=dossier, actor=personas.commune_a, conclusion="return",
                                        complete=False, reasons="Thiếu phiếu kiểm nghiệm")
        assert told(dossier)[S.RETURNED] == everyone - {"commune_a"}  # never the one who made the move
        assert mail.outbox[-1].to == ["commune_a2@example.org"]
        assert "Thiếu phiếu kiểm nghiệm" in mail.outbox[-1].body
        assert {m.to[0] for m in mail.outbox[-2:]} == {"producer@example.org", "commune_a2@example.org"}
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            dossier_transition(dossier=dossier, to=S.SUBMITTED, actor=personas.producer)
        with django_capture_on_commit_callbacks(execute=True):
            review.commune_review_issue(dossier=dossier, actor=personas.commune_a, conclusion="propose", **FORM03)
        with django_capture_on_commit_callbacks(execute=True):
            dossier_transition(dossier=dossier, to=S.ACCEPTED, actor=personas.province)
    dossier.refresh_from_db()
    assert dossier.round == world.round
    moves = told(dossier)
    assert moves[S.PROPOSED] == everyone - {"commune_a"} and moves[S.ACCEPTED] == everyone
    scheduled = Notification.objects.get(user=personas.producer, key__startswith="transition:",
                                         text__contains="Xã đã đề xuất lên tỉnh")
    assert str(world.round) in scheduled.text and "30/12/2026" in scheduled.text
    assert "commune_b@example.org" not in {address for m in mail.outbox for address in m.to}
    assert not Notification.objects.filter(user=personas.commune_b).exists()

    for member in world.members:
        council.conflict_declare(dossier=dossier, level="province", actor=member, has_conflict=False)
        council.sheet_save(dossier=dossier, level="province", actor=member, answers=best_sheet(c4c="0"), submit=True)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        results.result_finalize(dossier=dossier, level="province", actor=world.secretary, minutes="Họp")
    dossier.refresh_from_db()
    assert dossier.status in (S.RATED, S.AWAITING_APPROVAL)
    assert told(dossier)[dossier.status] == everyone
    assert sorted(m.to[0] for m in mail.outbox) == sorted(f"{name}@example.org" for name in everyone)


def test_refused_and_recognised_reach_the_same_people(world, personas, django_capture_on_commit_callbacks):
    refused = make_dossier(world.product_a, S.PROPOSED, round=world.round)
    with django_capture_on_commit_callbacks(execute=True):
        dossier_transition(dossier=refused, to=S.REJECTED, actor=personas.province, reason="Giả mạo hồ sơ")
    assert told(refused)[S.REJECTED] == {"producer", "commune_a", "commune_a2"}
    assert "Giả mạo hồ sơ" in Notification.objects.get(user=personas.producer, kind="dossier").text

    with django_capture_on_commit_callbacks(execute=True):
        issue([make_result(world.product_a, stars=4)])
    assert set(Notification.objects.filter(kind="issued").values_list("user__username", flat=True)) == {
        "producer", "commune_a", "commune_a2"}


def test_a_move_is_never_told_twice_and_a_rolled_back_move_never(world, personas, django_capture_on_commit_callbacks):
    dossier = make_dossier(world.product_a, S.PROPOSED, round=world.round)
    with django_capture_on_commit_callbacks(execute=True):
        dossier_transition(dossier=dossier, to=S.ACCEPTED, actor=personas.province)
    transition = dossier.transitions.get(to_status=S.ACCEPTED)
    sent = len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        assert dossier_move_notify(transition.pk) == []  # a second run of the same move
    assert Notification.objects.filter(key=f"transition:{transition.pk}").count() == 3
    assert len(mail.outbox) == sent

    other = make_dossier(world.product_b, S.PROPOSED, round=world.round)
    with (django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(RuntimeError),
          transaction.atomic()):
        dossier_transition(dossier=other, to=S.ACCEPTED, actor=personas.province)
        raise RuntimeError("rolled back")
    assert callbacks == [] and not Notification.objects.filter(dossier=other).exists()


def test_the_officer_reads_the_move_in_the_back_office(client, world, personas, django_capture_on_commit_callbacks):
    from django.urls import reverse

    from ocop.core.testing import PASSWORD

    dossier = make_dossier(world.product_a, S.PROPOSED, round=world.round)
    with django_capture_on_commit_callbacks(execute=True):
        dossier_transition(dossier=dossier, to=S.RETURNED, actor=personas.province, reason="Thiếu mẫu")
    mine = Notification.objects.get(user=personas.commune_a, dossier=dossier)
    url = reverse("admin:certificates_notification_change", args=[mine.pk])
    client.login(username="commune_a", password=PASSWORD)
    page = client.get(url).content.decode()
    assert "Thiếu mẫu" in page and str(dossier) in page
    client.login(username="commune_b", password=PASSWORD)
    assert client.get(url).status_code == 404
