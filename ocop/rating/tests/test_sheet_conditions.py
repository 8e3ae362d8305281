"""The sheets' conditional notes on the rating pages: an option that does not apply cannot be
chosen (disabled with the reason; refused on the server with a Vietnamese message) and scores 0.

Set 07 of QĐ 26/2026: 5a "Câu chuyện sản phẩm" (box 1 "Không có câu chuyện sản phẩm", best 5),
5b "Cấu trúc câu chuyện sản phẩm" (best 2) carries "Chỉ áp dụng khi có câu chuyện sản phẩm"."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from ocop.rating.models import ScoreSheet
from ocop.rating.services import council
from ocop.rating.services.dossiers import clean_answers, criteria_set_of
from ocop.rating.tests.factories import accepted_dossier, best_sheet, make_dossier
from ocop.rating.workflow import DossierStatus as S

pytestmark = pytest.mark.django_db

NO_STORY = best_sheet(c5a="1")  # 5b still at its best box: that box does not apply
REFUSED = "Tiêu chí 5b: tiêu chí không áp dụng: «Chỉ áp dụng khi có câu chuyện sản phẩm»"


def form_data(answers):
    return {f"c_{k}": v for k, v in answers.items()}


def scoring_url(dossier):
    return reverse("admin:rating_dossier_scoring", args=[dossier.pk, "province"])


def test_the_service_refuses_an_option_that_does_not_apply(world):
    dossier = accepted_dossier(world)
    with pytest.raises(ValidationError) as caught:
        clean_answers(criteria_set_of(dossier), NO_STORY)
    assert caught.value.messages[0].startswith(REFUSED)
    assert "không chọn được phương án 3" in caught.value.messages[0]
    assert clean_answers(criteria_set_of(dossier), {**NO_STORY, "5b": "0"})["5b"] == "0"


def test_member_sheet_refuses_the_option_then_submits_without_it(client, world):
    dossier = accepted_dossier(world)
    client.force_login(world.members[0])
    client.post(scoring_url(dossier), {"declare": "1", "has_conflict": "0"})
    refused = client.post(scoring_url(dossier), {**form_data(NO_STORY), "submit": "1"})
    assert refused.status_code == 200
    assert REFUSED in refused.text
    assert not ScoreSheet.objects.filter(dossier=dossier, submitted_at__isnull=False).exists()
    # The page shows 5b disabled, with the reason, and nothing chosen in it.
    assert 'data-not-applicable="5b"' in refused.text
    assert 'name="c_5b" value="3" disabled' in refused.text
    answers = {k: v for k, v in NO_STORY.items() if k != "5b"}  # a disabled radio is not posted
    done = client.post(scoring_url(dossier), {**form_data(answers), "submit": "1"})
    assert done.status_code == 302
    sheet = ScoreSheet.objects.get(dossier=dossier)
    assert sheet.total == Decimal(100 - 5 - 2)  # no story: 5a 0 and 5b 0


def test_live_preview_disables_the_criterion_out_of_band(client, world):
    dossier = accepted_dossier(world)
    client.force_login(world.members[0])
    client.post(scoring_url(dossier), {"declare": "1", "has_conflict": "0"})
    response = client.post(scoring_url(dossier), {"c_5a": "1", "c_5b": "3"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert 'id="crit-5b" hx-swap-oob="true"' in response.text
    assert 'name="c_5b" value="3" disabled' in response.text
    assert "data-refused" in response.text and "Tiêu chí 5b" in response.text
    with_story = client.post(scoring_url(dossier), {"c_5a": "2", "c_5b": "3"}, HTTP_HX_REQUEST="true")
    assert 'name="c_5b" value="3" checked' in with_story.text and "data-refused" not in with_story.text
    assert not dossier.sheets.exists()


def test_self_assessment_refuses_the_option(client, personas, world):
    dossier = make_dossier(world.product_a, S.DRAFT)
    client.force_login(personas.producer)
    url = reverse("portal:dossier_self_assessment", args=[dossier.pk])
    refused = client.post(url, {"save": "1", **form_data(NO_STORY)})
    assert refused.status_code == 200 and REFUSED in refused.text
    dossier.refresh_from_db()
    assert not dossier.self_assessment
    saved = client.post(url, {"save": "1", **form_data({**NO_STORY, "5b": "0"})})
    assert saved.status_code == 302
    dossier.refresh_from_db()
    assert dossier.self_total == Decimal(93)


def test_a_submitted_sheet_scores_the_criterion_0_through_the_engine(world):
    dossier = accepted_dossier(world)
    council.conflict_declare(dossier=dossier, level="province", actor=world.members[0], has_conflict=False)
    answers = {k: v for k, v in NO_STORY.items() if k != "5b"}
    sheet = council.sheet_save(dossier=dossier, level="province", actor=world.members[0], answers=answers,
                               submit=True)
    assert sheet.total == Decimal(93)
