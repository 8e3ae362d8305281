"""A round's status follows its dates and its dossiers; a closed round takes no dossier."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from ocop.core.testing import PASSWORD
from ocop.rating.models import Council, RatingRound
from ocop.rating.round_phase import phase_of, with_phase
from ocop.rating.services.rounds import round_check_open
from ocop.rating.tests.factories import make_dossier
from ocop.rating.workflow import DossierStatus as S

pytestmark = pytest.mark.django_db
P = RatingRound.Phase


@pytest.fixture
def rnd(personas):
    """Round 1/2027 of Đồng Nai: proposals until 30/04, rated by 30/06; no council yet."""
    return RatingRound.objects.create(level="province", unit=personas.units.dong_nai, year=2027, sequence=1,
                                      proposal_deadline=date(2027, 4, 30), rating_deadline=date(2027, 6, 30))


def test_an_empty_round_follows_its_dates(rnd):
    assert phase_of(rnd, today=date(2027, 1, 5)) == P.OPEN
    assert phase_of(rnd, today=date(2027, 4, 30)) == P.OPEN
    assert phase_of(rnd, today=date(2027, 5, 1)) == P.FILING_CLOSED
    assert phase_of(rnd, today=date(2027, 7, 1)) == P.DONE


def test_a_round_with_dossiers_rates_until_every_result_is_in(world, rnd):
    dossier = make_dossier(world.product_a, S.PROPOSED, round=rnd)
    Council.objects.create(round=rnd, name="Hội đồng đợt 1/2027", established_on=date(2027, 5, 10))
    assert phase_of(rnd, today=date(2027, 5, 5)) == P.FILING_CLOSED  # the council is not set up yet
    assert phase_of(rnd, today=date(2027, 5, 10)) == P.RATING
    assert phase_of(rnd, today=date(2027, 7, 15)) == P.RATING  # late, but still work left
    dossier.status = S.RATED
    dossier.save()
    assert phase_of(rnd, today=date(2027, 6, 1)) == P.DONE


def test_a_central_round_waits_for_its_forwarded_dossiers(world, rnd):
    central = RatingRound.objects.create(level="central", year=2027, sequence=1,
                                         proposal_deadline=date(2027, 7, 30), rating_deadline=date(2027, 9, 30))
    make_dossier(world.product_a, S.FORWARDED_CENTRAL, round=rnd, central_round=central)
    Council.objects.create(round=central, name="Hội đồng trung ương")
    assert phase_of(central, today=date(2027, 8, 5)) == P.RATING
    assert phase_of(rnd, today=date(2027, 8, 5)) == P.DONE  # the province has rated it


def test_filing_into_a_closed_round_is_refused_with_a_message(rnd):
    round_check_open(rnd, date(2027, 4, 30))
    with pytest.raises(ValidationError) as caught:
        round_check_open(rnd, date(2027, 5, 2))
    assert "đã hết hạn nhận hồ sơ ngày 30/04/2027" in caught.value.messages[0]


def test_the_admin_list_shows_and_filters_the_status(client, personas, rnd, world):
    import time_machine

    url = reverse("admin:rating_ratinground_changelist")
    with time_machine.travel("2027-05-05 09:00 +0700", tick=False):
        client.login(username="province", password=PASSWORD)
        page = client.get(url).content.decode()
        assert "Hết hạn nhận hồ sơ" in page
        assert "Đợt 1/2027" in page
        open_only = client.get(url, {"phase": "open"}).content.decode()
        assert "Đợt 1/2027" not in open_only and str(world.round) not in open_only
        listed = with_phase(RatingRound.objects.all())
        assert dict(listed.values_list("pk", "phase")) == {rnd.pk: P.FILING_CLOSED, world.round.pk: P.DONE}
        filtered = client.get(url, {"phase": "done"}).content.decode()
    assert str(world.round) in filtered and "Đợt 1/2027" not in filtered


def test_the_round_form_saves_and_refuses_bad_dates_with_a_message(client, personas, rnd):
    url = reverse("admin:rating_ratinground_change", args=[rnd.pk])
    client.login(username="province", password=PASSWORD)
    data = {"level": "province", "unit": personas.units.dong_nai.pk, "year": 2027, "sequence": 1,
            "proposal_deadline": "2027-04-30", "rating_deadline": "2027-04-01", "note": ""}
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Hạn hoàn thành đánh giá không được trước hạn đề xuất hồ sơ." in response.content.decode()
    rnd.refresh_from_db()
    assert rnd.rating_deadline == date(2027, 6, 30)
    response = client.post(url, {**data, "proposal_deadline": "2027-05-15", "rating_deadline": "2027-07-10"})
    assert response.status_code == 302
    rnd.refresh_from_db()
    assert (rnd.proposal_deadline, rnd.rating_deadline) == (date(2027, 5, 15), date(2027, 7, 10))
    assert phase_of(rnd, today=date(2027, 5, 10)) == P.OPEN
