"""The public scoring-sheet page: rendering, the live (htmx) preview and the star rank."""

from decimal import Decimal

import pytest
from django.urls import reverse

from ocop.criteria.preview import sheet_preview
from ocop.criteria.sheets import get_set, leaf_criteria

REGIME, SET = "qd26-2026", "01"


def best_answers(criteria_set):
    return {c.code: max(c.options, key=lambda o: o.points).code for c in leaf_criteria(criteria_set)}


def worst_answers(criteria_set):
    return {c.code: min(c.options, key=lambda o: o.points).code for c in leaf_criteria(criteria_set)}


def post_data(answers):
    return {f"c_{code}": option for code, option in answers.items()}


def test_preview_of_a_partial_sheet_counts_only_answered_criteria():
    cs = get_set(REGIME, SET)
    first = leaf_criteria(cs)[0]
    best = max(first.options, key=lambda o: o.points)
    preview = sheet_preview(cs, {first.code: best.code})
    assert preview.total == best.points
    assert preview.answered == 1
    assert preview.stars is None and not preview.complete
    assert len(preview.missing) == len(leaf_criteria(cs)) - 1


def test_preview_of_the_best_sheet_is_100_points_and_5_stars():
    cs = get_set(REGIME, SET)
    preview = sheet_preview(cs, best_answers(cs))
    assert preview.total == Decimal(100)
    assert preview.parts == {"A": Decimal(40), "B": Decimal(25), "C": Decimal(35)}
    assert (preview.band, preview.stars) == (5, 5)
    assert preview.certifiable and not preview.unmet_minimums


def test_preview_ignores_unknown_options():
    cs = get_set(REGIME, SET)
    first = leaf_criteria(cs)[0]
    assert sheet_preview(cs, {first.code: "999", "zz": "1"}).total == 0


@pytest.mark.django_db
def test_index_lists_every_set_of_both_regimes(client):
    page = client.get(reverse("criteria:index"))
    assert page.status_code == 200
    assert page.text.count(f'href="/tieu-chi/{REGIME}/') == 26
    assert page.text.count('href="/tieu-chi/qd148-2023/') == 26


@pytest.mark.django_db
def test_sheet_page_shows_criteria_markers_and_notes(client):
    cs = get_set(REGIME, SET)
    page = client.get(reverse("criteria:sheet", args=[REGIME, SET]))
    assert page.status_code == 200
    assert cs.title in page.text
    assert "★★★★★" in page.text
    assert 'name="c_1a"' in page.text
    assert "Hồ sơ bị loại khi" in page.text
    assert "hx-post" in page.text and "nonce=" in page.text


@pytest.mark.django_db
def test_htmx_post_returns_only_the_summary_with_totals(client):
    cs = get_set(REGIME, SET)
    response = client.post(
        reverse("criteria:sheet", args=[REGIME, SET]), post_data(best_answers(cs)), HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert response.text.lstrip().startswith('<aside id="sheet-summary"')
    assert "<strong>100</strong> / 100" in response.text
    assert "đủ điều kiện công nhận" in response.text


@pytest.mark.django_db
def test_worst_sheet_is_one_star_and_lists_unmet_minimums(client):
    cs = get_set(REGIME, SET)
    response = client.post(
        reverse("criteria:sheet", args=[REGIME, SET]), post_data(worst_answers(cs)), HTTP_HX_REQUEST="true"
    )
    preview = sheet_preview(cs, worst_answers(cs))
    assert preview.stars == 1
    assert "chưa đủ 3 sao" in response.text
    assert f"#crit-{preview.unmet_minimums[0][0]}" in response.text


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/tieu-chi/nope/01/", "/tieu-chi/qd26-2026/99/", "/tieu-chi/qd1048-2019/01/"])
def test_unknown_regime_or_set_is_404(client, path):
    assert client.get(path).status_code == 404


@pytest.mark.django_db
def test_garbage_post_is_not_an_error(client):
    response = client.post(reverse("criteria:sheet", args=[REGIME, SET]), {"c_1a": "<script>", "x": "y"})
    assert response.status_code == 200
    assert "<script>" not in response.text.split('id="sheet-summary"')[1]


def test_no_option_applies_counts_zero_and_completes_the_sheet():
    cs = get_set(REGIME, SET)
    answers = {c.code: "0" for c in leaf_criteria(cs)}
    preview = sheet_preview(cs, answers)
    assert preview.complete and preview.total == 0 and preview.stars == 1


@pytest.mark.django_db
def test_criteria_without_a_zero_option_offer_none_apply(client):
    page = client.get(reverse("criteria:sheet", args=[REGIME, SET]))
    # 1a (options 1/2/3 points) gets the extra choice; 1b has its own 0-point option.
    assert 'name="c_1a" value="0"' in page.text
    assert 'name="c_1b" value="0"' not in page.text


@pytest.mark.django_db
def test_a_criterion_that_does_not_apply_is_disabled_and_refused(client):
    url = reverse("criteria:sheet", args=[REGIME, SET])
    response = client.post(url, {"c_5a": "1", "c_5b": "3"}, HTTP_HX_REQUEST="true")
    # The summary names the refused choice; 5b comes back out of band, disabled, with its reason.
    assert "data-refused" in response.text
    assert "Tiêu chí 5b</a>: tiêu chí không áp dụng: «Chỉ áp dụng khi có câu chuyện sản phẩm»" in response.text
    assert 'id="crit-5b" hx-swap-oob="true"' in response.text
    assert 'name="c_5b" value="3" disabled' in response.text
    assert "<strong>0</strong> / 100" in response.text  # 5a box 1 is 0 points and 5b counts nothing
    page = client.post(url, {"c_5a": "1", "c_5b": "3"})  # without JavaScript: the whole page
    assert 'data-not-applicable="5b"' in page.text and "hx-swap-oob" not in page.text
    story = client.post(url, {"c_5a": "2", "c_5b": "3"}, HTTP_HX_REQUEST="true")
    assert "data-refused" not in story.text and "<strong>3</strong> / 100" in story.text


@pytest.mark.django_db
def test_only_criteria_whose_applicability_changed_are_redrawn(client):
    """The page posts what each conditional criterion shows (shown_na_<code>); a preview redraws a
    criterion only when that changes, so a tick made while the preview was in flight is never wiped."""
    url = reverse("criteria:sheet", args=[REGIME, SET])
    page = client.get(url)
    assert 'name="shown_na_5b" value="0"' in page.text
    unchanged = client.post(url, {"c_5a": "2", "c_5b": "3", "shown_na_5b": "0"}, HTTP_HX_REQUEST="true")
    assert 'id="crit-5b" hx-swap-oob="true"' not in unchanged.text
    now_na = client.post(url, {"c_5a": "1", "shown_na_5b": "0"}, HTTP_HX_REQUEST="true")
    assert 'id="crit-5b" hx-swap-oob="true"' in now_na.text
    assert 'name="shown_na_5b" value="1"' in now_na.text
    still_na = client.post(url, {"c_5a": "1", "shown_na_5b": "1"}, HTTP_HX_REQUEST="true")
    assert 'id="crit-5b" hx-swap-oob="true"' not in still_na.text


def test_sheet_form_refuses_an_option_that_does_not_apply():
    from ocop.criteria.sheet_form import SheetForm

    cs = get_set(REGIME, SET)
    form = SheetForm(cs, {"c_5a": "1", "c_5b": "3"}, require_all=False)
    assert not form.is_valid()
    assert form.errors["c_5b"][0].startswith("Tiêu chí 5b: tiêu chí không áp dụng")
    assert SheetForm(cs, {"c_5a": "2", "c_5b": "3"}, require_all=False).is_valid()
