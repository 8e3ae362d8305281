"""The ranked unit search over the real data files, both maps (loaded once for the module)."""

import pytest
from django.urls import reverse

from ocop.accounts.models import Role
from ocop.core.testing import make_user
from ocop.territory.models import AdminUnit
from ocop.territory.selectors import unit_get_by_code, unit_label, unit_ranked_search

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("loaded_units")]

C, L = AdminUnit.Generation.CURRENT, AdminUnit.Generation.LEGACY
DONG_NAI = ("75",)


def first(q, home=DONG_NAI, **kwargs):
    return unit_ranked_search(q, home_provinces=home, **kwargs).first()


def commune(generation, code):
    return unit_get_by_code(generation, AdminUnit.Level.COMMUNE, code)


def test_long_thanh_is_the_commune_of_dong_nai_not_thanh_long_of_cao_bang():
    assert first("long thanh") == commune(C, "26368")
    assert first("Long Thành") == commune(C, "26368")
    # A user of Vĩnh Long gets their own Long Thành first.
    assert first("long thanh", home=("86",)) == commune(C, "29513")


def test_province_words_find_the_commune_in_that_province():
    assert first("phu hoa dong nai", home=("01",)) == commune(C, "26221")
    assert first("dong nai phu hoa", home=("01",)) == commune(C, "26221")
    assert first("phu hoa an giang") == commune(C, "30685")


def test_phu_hoa_lists_both_current_communes_before_any_hoan_kiem():
    ranked = list(unit_ranked_search("phu hoa", home_provinces=DONG_NAI))
    assert ranked[0] == commune(C, "26221")
    assert commune(C, "30685") in ranked[:4]
    assert all("Hoàn Kiếm" not in unit.name for unit in ranked[:10])


def test_bien_hoa_is_the_current_ward_then_the_old_city():
    ranked = list(unit_ranked_search("bien hoa", home_provinces=DONG_NAI))
    assert ranked[0] == commune(C, "26068")
    assert ranked[1] == unit_get_by_code(L, AdminUnit.Level.DISTRICT, "731")


def test_a_five_digit_code_gives_its_current_commune_first():
    ranked = list(unit_ranked_search("26221", home_provinces=DONG_NAI))
    assert ranked[0] == commune(C, "26221")
    assert ranked[1] == commune(L, "26221")


def test_a_legacy_name_gives_the_old_unit_labelled_with_its_successor():
    unit = first("buu long")
    assert unit == commune(L, "26011")
    label = unit_label(unit)
    assert label.startswith("Phường Bửu Long – Thành phố Biên Hòa – Tỉnh Đồng Nai (cũ) → ")
    assert label.endswith("– Tỉnh Đồng Nai")


def test_labels_of_current_units_name_their_province():
    assert unit_label(first("phu hoa dong nai")) == "Xã Phú Hòa – Tỉnh Đồng Nai"
    assert unit_label(first("30685")) == (
        "Xã Phú Hòa – Tỉnh An Giang"
    )


def test_queryset_limits_the_search_and_empty_query_keeps_map_order():
    communes = AdminUnit.objects.filter(generation=C, level=AdminUnit.Level.COMMUNE)
    assert first("dong nai", queryset=communes).level == AdminUnit.Level.COMMUNE
    assert first("", queryset=communes) == communes.order_by("path").first()
    assert not unit_ranked_search("khong co dau ca", home_provinces=DONG_NAI).exists()


def test_admin_autocomplete_ranks_labels_and_puts_the_users_province_first(client):
    an_giang = unit_get_by_code(C, AdminUnit.Level.PROVINCE, "91")
    officer = make_user("officer-an-giang", Role.PROVINCE_OFFICE, an_giang, is_staff=True)
    client.force_login(officer)
    params = {"app_label": "accounts", "model_name": "roleassignment", "field_name": "unit"}
    response = client.get(reverse("admin:autocomplete"), {**params, "term": "phu hoa"})
    assert response.status_code == 200
    texts = [item["text"] for item in response.json()["results"]]
    assert texts[:2] == ["Xã Phú Hòa – Tỉnh An Giang", "Xã Phú Hòa – Tỉnh Đồng Nai"]
    response = client.get(reverse("admin:autocomplete"), {**params, "term": "Phú Hòa Đồng Nai"})
    assert response.json()["results"][0]["text"] == "Xã Phú Hòa – Tỉnh Đồng Nai"


@pytest.mark.parametrize(("app_label", "model_name", "field_name"), [
    ("registry", "producer", "unit"),  # the producer form's field and the list's unit filter
    ("program", "plan", "unit"),
    ("accounts", "roleassignment", "unit"),
])
def test_every_unit_picker_of_the_back_office_ranks_the_same_way(client, app_label, model_name, field_name):
    superuser = make_user("root-pickers", is_staff=True, is_superuser=True)
    client.force_login(superuser)
    response = client.get(reverse("admin:autocomplete"), {
        "app_label": app_label, "model_name": model_name, "field_name": field_name, "term": "phu hoa dong nai",
    })
    assert response.status_code == 200, response.content[:300]
    assert response.json()["results"][0]["text"] == "Xã Phú Hòa – Tỉnh Đồng Nai"


def test_a_single_letter_gives_the_first_matches_in_map_order_without_ranking_the_map():
    units = list(unit_ranked_search("x", home_provinces=DONG_NAI, limit=10))
    assert len(units) == 10
    assert [u.path for u in units] == sorted(u.path for u in units)
