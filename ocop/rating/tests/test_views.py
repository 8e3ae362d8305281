"""The rating pages: what each scope sees, writes by persona (and that a refused one writes
nothing), the council's scoring, query counts of the lists do not grow with rows. The status of
every route as every persona is the permission matrix's (ocop/core/tests/test_permission_matrix.py)."""

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ocop.rating.models import CommuneReview, RatingResult
from ocop.rating.services import council
from ocop.rating.tests.factories import accepted_dossier, best_sheet, make_dossier
from ocop.rating.workflow import DossierStatus as S
from ocop.registry.tests.factories import ProductFactory

pytestmark = pytest.mark.django_db

STAFF = ["superuser", "national", "auditor", "province", "commune_a", "commune_b", "other_province"]


def get(client, user, url):
    client.logout()
    if user is not None:
        client.force_login(user)
    return client.get(url)


def post(client, user, url, data):
    client.logout()
    client.force_login(user)
    return client.post(url, data)


# --- Portal -----------------------------------------------------------------------------------------

@pytest.fixture
def draft(world):
    return make_dossier(world.product_a, S.DRAFT, self_assessment=best_sheet())


def test_portal_list_shows_only_own(client, personas, world, draft):
    make_dossier(world.product_b, S.DRAFT)
    page = get(client, personas.producer, reverse("portal:dossier_list"))
    assert world.product_a.name in page.text and world.product_b.name not in page.text


def test_producer_files_assesses_and_submits(client, personas, world):
    client.force_login(personas.producer)
    response = client.post(reverse("portal:dossier_create"), {"product": world.product_a.pk, "kind": "first"})
    assert response.status_code == 302
    dossier = world.product_a.dossiers.get()
    url = reverse("portal:dossier_self_assessment", args=[dossier.pk])
    preview = client.post(url, {f"c_{k}": v for k, v in best_sheet(c4c="0").items()}, HTTP_HX_REQUEST="true")
    assert preview.status_code == 200 and "95" in preview.text and "<form" not in preview.text
    saved = client.post(url, {"save": "1", **{f"c_{k}": v for k, v in best_sheet().items()}})
    assert saved.status_code == 302
    dossier.refresh_from_db()
    assert dossier.self_total == Decimal(100)
    client.post(reverse("portal:dossier_move", args=[dossier.pk, S.SUBMITTED]))
    dossier.refresh_from_db()
    assert dossier.status == S.SUBMITTED and dossier.review_due_on
    # Submitted: no more edits.
    assert client.post(url, {"save": "1"}).status_code == 403


def test_portal_moves_out_of_scope_404_and_not_allowed_403(client, personas, world, draft):
    url = reverse("portal:dossier_move", args=[draft.pk, S.SUBMITTED])
    assert post(client, personas.commune_b, url, {}).status_code == 404
    submitted = make_dossier(world.product_b, S.SUBMITTED)
    url_b = reverse("portal:dossier_move", args=[submitted.pk, S.WITHDRAWN])
    assert post(client, personas.commune_b, url_b, {}).status_code == 422  # no such move from "submitted"
    proposed = make_dossier(world.product_b, S.PROPOSED)
    url_p = reverse("portal:dossier_move", args=[proposed.pk, S.ACCEPTED])
    assert post(client, personas.commune_b, url_p, {}).status_code == 403  # the province's move


def test_portal_list_query_count(client, personas, world, django_assert_max_num_queries):
    client.force_login(personas.producer)
    url = reverse("portal:dossier_list")
    make_dossier(world.product_a, S.RATED)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for i in range(15):
        make_dossier(ProductFactory(producer=world.producer_a, name=f"Sản phẩm {i}"), S.DRAFT)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


# --- Back office: dossiers ------------------------------------------------------------------------

def test_dossier_changelist_scoped_filtered_and_overdue_badge(client, personas, world):
    from datetime import date

    make_dossier(world.product_a, S.SUBMITTED, review_due_on=date(2026, 1, 5))
    make_dossier(world.product_b, S.SUBMITTED, review_due_on=date(2099, 1, 5))
    url = reverse("admin:rating_dossier_changelist")
    page = get(client, personas.commune_a, url)
    assert page.status_code == 200
    assert world.product_a.name in page.text and world.product_b.name not in page.text
    overdue = get(client, personas.province, url + "?overdue=1")
    assert world.product_a.name in overdue.text and world.product_b.name not in overdue.text
    assert "Quá hạn" in overdue.text
    for persona in STAFF:
        assert get(client, getattr(personas, persona), url + "?status=submitted").status_code == 200


def test_dossier_changelist_query_count(client, personas, world, django_assert_max_num_queries):
    client.force_login(personas.province)
    url = reverse("admin:rating_dossier_changelist")
    make_dossier(world.product_a, S.SUBMITTED)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for i in range(20):
        make_dossier(ProductFactory(producer=world.producer_a, name=f"Bánh {i}"), S.ACCEPTED,
                     round=world.round)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


def test_dossier_admin_transition_buttons(client, personas, world):
    dossier = make_dossier(world.product_a, S.PROPOSED, round=world.round)
    url = reverse("admin:rating_dossier_move_accepted", args=[dossier.pk])
    assert post(client, personas.auditor, url, {}).status_code == 403
    assert post(client, personas.commune_b, url, {}).status_code == 404
    assert post(client, personas.province, url, {}).status_code == 302
    dossier.refresh_from_db()
    assert dossier.status == S.ACCEPTED


# --- Commune review (form 03) ---------------------------------------------------------------------

FORM03 = {"complete": "on", "local_materials": "Điều thô tại xã", "local_labour": "80% lao động tại xã",
          "idea_origin": "Truyền thống", "local_identity": "Rang củi", "conclusion": "propose",
          "report_number": "05/BC-UBND", "issued_on": "2026-08-10", "reasons": ""}


@pytest.mark.parametrize(("persona", "status"), [("auditor", 403), ("province", 403), ("national", 403),
                                                 ("commune_b", 404), ("commune_a", 302)])
def test_review_post_by_persona(client, personas, world, persona, status):
    dossier = make_dossier(world.product_a, S.SUBMITTED)
    url = reverse("admin:rating_dossier_review", args=[dossier.pk])
    assert post(client, getattr(personas, persona), url, FORM03).status_code == status
    assert CommuneReview.objects.exists() is (status == 302)


# --- Advisory team --------------------------------------------------------------------------------

@pytest.mark.parametrize(("persona", "get_status", "post_status"), [
    ("superuser", 200, 302), ("national", 200, 302), ("province", 200, 302), ("auditor", 200, 403),
    ("commune_a", 404, 404), ("commune_b", 404, 404), ("other_province", 404, 404),
])
def test_advisory_page_by_persona(client, personas, world, persona, get_status, post_status):
    dossier = accepted_dossier(world)
    url = reverse("admin:rating_dossier_advisory", args=[dossier.pk, "province"])
    user = getattr(personas, persona)
    assert get(client, user, url).status_code == get_status
    assert post(client, user, url, {"summary": "Hồ sơ đầy đủ; đã khảo sát cơ sở."}).status_code == post_status


# --- Scoring --------------------------------------------------------------------------------------

def scoring_url(dossier, level="province"):
    return reverse("admin:rating_dossier_scoring", args=[dossier.pk, level])


def sheets_url(dossier, level="province"):
    return reverse("admin:rating_dossier_sheets", args=[dossier.pk, level])


def result_url(dossier, level="province"):
    return reverse("admin:rating_dossier_result", args=[dossier.pk, level])


def test_scoring_page_for_members_and_secretary(client, world):
    dossier = accepted_dossier(world)
    assert get(client, world.members[0], scoring_url(dossier)).status_code == 200
    assert get(client, world.secretary, scoring_url(dossier)).status_code == 200
    assert get(client, None, scoring_url(dossier)).status_code == 302
    # A dossier not in front of the council (not accepted yet): 404 even for members.
    proposed = make_dossier(world.product_b, S.PROPOSED, round=world.round)
    assert get(client, world.members[0], scoring_url(proposed)).status_code == 404


def test_member_cannot_see_others_sheets_before_submitting(client, world):
    dossier = accepted_dossier(world)
    council.conflict_declare(dossier=dossier, level="province", actor=world.members[1], has_conflict=False)
    council.sheet_save(dossier=dossier, level="province", actor=world.members[1], answers=best_sheet(), submit=True)
    first = world.members[0]
    assert get(client, first, sheets_url(dossier)).status_code == 404
    client.force_login(first)
    page = client.get(scoring_url(dossier))
    assert "Hoidong_Test2" not in page.text and 'id="sheets"' not in page.text  # nothing of the others leaks
    client.post(scoring_url(dossier), {"declare": "1", "has_conflict": "0"})
    answers = {f"c_{k}": v for k, v in best_sheet(c4c="0").items()}
    assert client.post(scoring_url(dossier), {**answers, "submit": "1"}).status_code == 302
    sheets = client.get(sheets_url(dossier))
    assert sheets.status_code == 200 and "Hoidong_Test2" in sheets.text and re.search(r">95[.,]00<", sheets.text)


def test_member_submits_once_through_the_page(client, world):
    dossier = accepted_dossier(world)
    client.force_login(world.members[0])
    client.post(scoring_url(dossier), {"declare": "1", "has_conflict": "0"})
    answers = {f"c_{k}": v for k, v in best_sheet().items()}
    client.post(scoring_url(dossier), {**answers, "submit": "1"})
    again = client.post(scoring_url(dossier), {**answers, "submit": "1"})
    assert again.status_code == 200 and dossier.sheets.count() == 1


def test_live_preview_on_the_scoring_page(client, world):
    dossier = accepted_dossier(world)
    client.force_login(world.members[0])
    client.post(scoring_url(dossier), {"declare": "1", "has_conflict": "0"})
    response = client.post(scoring_url(dossier), {"c_1a": "3", "c_4c": "5"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and 'id="sheet-summary"' in response.text
    assert not dossier.sheets.exists()  # a preview saves nothing


def test_result_page_finalize_by_secretary_only(client, personas, world):
    dossier = accepted_dossier(world)
    for user in world.members:
        council.conflict_declare(dossier=dossier, level="province", actor=user, has_conflict=False)
        council.sheet_save(dossier=dossier, level="province", actor=user, answers=best_sheet(c4c="0"), submit=True)
    data = {"finalize": "1", "minutes": "Hội đồng thống nhất."}
    assert post(client, personas.auditor, result_url(dossier), data).status_code == 403
    assert post(client, personas.province, result_url(dossier), data).status_code == 403
    assert post(client, world.members[0], result_url(dossier), data).status_code == 403
    page = get(client, world.secretary, result_url(dossier))
    assert page.status_code == 200 and re.search(r"data-average>95[.,]00<", page.text)
    assert post(client, world.secretary, result_url(dossier), data).status_code == 302
    result = RatingResult.objects.get(dossier=dossier)
    assert result.is_final and result.stars == 5 and result.potential_5_star


def _all_members_submit(world, dossier, answers):
    for user in world.members:
        council.conflict_declare(dossier=dossier, level="province", actor=user, has_conflict=False)
        council.sheet_save(dossier=dossier, level="province", actor=user, answers=answers, submit=True)


def test_finalize_with_the_consolidated_sheet_decides_minimums(client, world):
    """Members all meet the 5★ minimums; the council's consolidated sheet does not (1đ at the 4★
    option), so the province result is 4★ (without the sheet it is 5★: see above). The average
    (from the members' sheets) is 95, but a 5★ minimum is missed: not potential 5★; the province
    recognises it at 4★ (ocop.rating.next_steps)."""
    dossier = accepted_dossier(world)
    _all_members_submit(world, dossier, best_sheet(c4c="0"))
    page = get(client, world.secretary, result_url(dossier))
    assert 'id="consolidated-sheet"' in page.text and 'name="c_1đ"' in page.text
    consolidated = {f"c_{k}": v for k, v in best_sheet(c4c="0", c1dd="3").items()}
    data = {"finalize": "1", "minutes": "Hội đồng thống nhất phiếu tổng hợp.", **consolidated}
    assert post(client, world.secretary, result_url(dossier), data).status_code == 302
    result = RatingResult.objects.get(dossier=dossier)
    assert result.is_final and result.average == Decimal("95.00")
    assert result.stars == 4 and not result.potential_5_star
    assert result.consolidated["1đ"] == "3" and len(result.consolidated) == len(best_sheet())
    assert [code for code, _stars in result.unmet_minimums] == ["1đ"]
    dossier.refresh_from_db()
    assert dossier.status == S.RATED
    shown = get(client, world.secretary, result_url(dossier))
    assert re.search(r"data-consolidated-total>[^<]*94", shown.text)
    assert "UBND tỉnh công nhận và cấp giấy chứng nhận theo hạng sao đã xếp" in shown.text


def test_finalize_refuses_an_incomplete_consolidated_sheet(client, world):
    dossier = accepted_dossier(world)
    _all_members_submit(world, dossier, best_sheet(c4c="0"))
    data = {"finalize": "1", "minutes": "Hội đồng thống nhất.", "c_1a": "1", "c_4c": "0"}
    response = post(client, world.secretary, result_url(dossier), data)
    assert response.status_code == 200 and 'class="errorlist"' in response.text
    result = RatingResult.objects.get(dossier=dossier)
    assert not result.is_final and result.consolidated is None
    dossier.refresh_from_db()
    assert dossier.status == S.ACCEPTED


def test_scoring_index(client, world, django_assert_max_num_queries):
    accepted_dossier(world)
    client.force_login(world.members[0])
    url = reverse("admin:rating_scoring")
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for i in range(10):
        accepted_dossier(world, product=ProductFactory(producer=world.producer_a, name=f"Mứt {i}"))
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


# --- Rounds, councils, results, holidays ----------------------------------------------------------

@pytest.mark.parametrize("model", ["ratinground", "council", "ratingresult", "publicholiday", "dossier"])
def test_changelists_for_every_staff_persona(client, personas, world, model):
    url = reverse(f"admin:rating_{model}_changelist")
    for persona in STAFF:
        assert get(client, getattr(personas, persona), url).status_code == 200, persona
    assert get(client, None, url).status_code == 302


def test_round_detail_scope(client, personas, world):
    url = reverse("admin:rating_ratinground_change", args=[world.round.pk])
    assert get(client, personas.province, url).status_code == 200
    assert get(client, personas.other_province, url).status_code == 404
    assert post(client, personas.auditor, url, {}).status_code == 403


def test_default_rounds_page(client, personas, world):
    url = reverse("admin:rating_ratinground_defaults")
    assert get(client, personas.province, url).status_code == 200
    response = post(client, personas.province, url, {"year": 2027, "unit": personas.units.dong_nai.pk})
    assert response.status_code == 302
    assert post(client, personas.auditor, url, {"year": 2027, "unit": ""}).status_code == 403


def test_historical_result_through_the_admin(client, personas, world):
    url = reverse("admin:rating_ratingresult_add")
    data = {"product": world.product_a.pk, "level": "province", "regime": "qd148-2023", "year": 2024,
            "average": "72.50", "stars": 4, "rated_by_unit": personas.units.dong_nai.pk, "source": "QĐ 1/QĐ-UBND"}
    assert post(client, personas.auditor, url, data).status_code == 403
    bad = post(client, personas.province, url, {**data, "stars": 5})
    assert bad.status_code == 200 and not RatingResult.objects.exists()
    assert post(client, personas.province, url, data).status_code == 302
    result = RatingResult.objects.get()
    assert result.is_historical and result.stars == 4
    change = reverse("admin:rating_ratingresult_change", args=[result.pk])
    assert get(client, personas.province, change).status_code == 200
    assert get(client, personas.other_province, change).status_code == 404
    assert post(client, personas.superuser, change, {"stars": 5}).status_code == 403


def test_public_holidays_edited_by_the_national_office_only(client, personas):
    url = reverse("admin:rating_publicholiday_add")
    data = {"date": "2026-03-10", "name": "Nghỉ bù"}
    assert post(client, personas.auditor, url, data).status_code == 403
    assert post(client, personas.commune_a, url, data).status_code == 403
    assert post(client, personas.province, url, data).status_code == 403  # national data (issue 15, M-3)
    assert post(client, personas.national, url, data).status_code == 302


def test_results_list_query_count(client, personas, world, django_assert_max_num_queries):
    from ocop.rating.services.historical import historical_result_record

    client.force_login(personas.province)
    url = reverse("admin:rating_ratingresult_changelist")
    historical_result_record(product=world.product_a, level="province", regime="qd148-2023", year=2024,
                             average=Decimal(75), stars=4, actor=None)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for i in range(15):
        historical_result_record(product=ProductFactory(producer=world.producer_a, name=f"Trà {i}"),
                                 level="district",
                                 regime="qd148-2023", year=2024, average=Decimal(60), stars=3, actor=None)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)
