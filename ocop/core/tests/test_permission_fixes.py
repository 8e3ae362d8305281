"""Regressions the permission matrix found (each was a 500, a redirect where 404 is due, a write form
for a read-only role, or a validation answer before the permission one). They live apart from the
matrix module: its module-wide records would collide with the per-test personas."""

import pytest
from django.urls import reverse

from ocop.rating.models import RatingRound


@pytest.fixture
def rating(personas):
    from ocop.rating.tests.factories import accepted_dossier, make_world

    world = make_world(personas)
    world.dossier = accepted_dossier(world)
    return world


def test_an_empty_scoring_sheet_post_gives_the_form_back_not_a_500(client, rating):
    client.force_login(rating.members[0])
    url = reverse("admin:rating_dossier_scoring", args=[rating.dossier.pk, "province"])
    response = client.post(url, {})
    assert response.status_code == 200
    assert not rating.dossier.sheets.exists()


def test_an_empty_round_form_gives_the_form_back_not_a_500(client, personas, rating):
    client.force_login(personas.province)
    response = client.post(reverse("admin:rating_ratinground_change", args=[rating.round.pk]), {})
    assert response.status_code == 200
    rating.round.refresh_from_db()
    assert rating.round.unit == personas.units.dong_nai


def test_default_rounds_page_is_refused_to_read_only_roles(client, personas, rating):
    url = reverse("admin:rating_ratinground_defaults")
    for user, status in [(personas.auditor, 403), (rating.members[0], 403), (personas.commune_a, 403),
                         (personas.province, 200)]:
        client.force_login(user)
        assert client.get(url).status_code == status, user
        if status == 403:
            assert client.post(url, {"year": 2027, "unit": personas.units.dong_nai.pk}).status_code == 403
    assert not RatingRound.objects.filter(year=2027).exists()


def test_someone_elses_api_token_answers_404_like_a_missing_one(client, personas):
    from ocop.api.tokens import api_token_create

    token, _key = api_token_create(user=personas.province, name="tỉnh", actor=personas.province)
    client.force_login(personas.national)
    for name in ("admin:api_apitoken_change", "admin:api_apitoken_history"):
        assert client.get(reverse(name, args=[token.pk])).status_code == 404
        assert client.get(reverse(name, args=[token.pk + 1000])).status_code == 404
    client.force_login(personas.province)
    assert client.get(reverse("admin:api_apitoken_change", args=[token.pk])).status_code == 200


def test_submitting_through_the_api_says_who_may_before_what_is_missing(client, personas, rating):
    from ocop.rating.tests.factories import make_dossier

    draft = make_dossier(rating.product_a)  # no self-assessment yet: not ready to submit
    url = f"/api/v1/dossiers/{draft.pk}/transitions"
    client.force_login(personas.province)  # may read the dossier, may not submit it
    assert client.post(url, {"to": "submitted"}, content_type="application/json").status_code == 403
    client.force_login(personas.producer)  # may submit: hears what is missing
    response = client.post(url, {"to": "submitted"}, content_type="application/json")
    assert response.status_code == 422 and "self_assessment" in response.text
    draft.refresh_from_db()
    assert draft.status == "draft"
