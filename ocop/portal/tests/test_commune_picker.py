"""The registration's commune picker: the ranked unit search as a radio list; nothing is chosen
until the producer picks a commune, and the choice survives a new search."""

import re

import pytest
from django.urls import reverse

from ocop.accounts.models import User
from ocop.registry.models import Producer

pytestmark = pytest.mark.django_db


def form_data(**extra):
    return {
        "username": "hophuhoa", "full_name": "Trần Văn Hòa", "email": "", "phone": "",
        "password1": "mat-khau-rat-manh-2026", "password2": "mat-khau-rat-manh-2026",
        "kind": Producer.Kind.HOUSEHOLD, "name": "Hộ kinh doanh Trần Văn Hòa", "tax_code": "",
        "rep_name": "Trần Văn Hòa", "address": "Ấp 1", **extra,
    }


def radios(html):
    return re.findall(r'<input type="radio" name="unit" value="(\d+)"( checked)?', html)


def test_the_empty_form_has_no_commune_chosen(client):
    html = client.get(reverse("portal:register")).text
    assert radios(html) == []
    assert "Gõ tên xã, phường vào ô tìm kiếm" in html


def test_search_lists_ranked_communes_with_their_province_and_checks_none(client, personas):
    html = client.get(reverse("portal:commune_options"), {"commune_search": "long thanh"}).text
    assert radios(html) == [(str(personas.units.commune_b.pk), "")]
    assert "Xã Long Thành – Tỉnh Đồng Nai" in html
    html = client.get(reverse("portal:commune_options"), {"commune_search": "khong co xa nao"}).text
    assert radios(html) == [] and "Không tìm thấy xã, phường phù hợp" in html


def test_a_new_search_keeps_the_chosen_commune_on_top(client, personas):
    units = personas.units
    html = client.get(reverse("portal:commune_options"),
                      {"commune_search": "long thanh", "unit": units.commune_a.pk}).text
    assert radios(html) == [(str(units.commune_a.pk), " checked"), (str(units.commune_b.pk), "")]


def test_registering_without_choosing_a_commune_is_refused_with_a_message(client, personas):
    response = client.post(reverse("portal:register"), form_data(commune_search="long thanh"))
    assert response.status_code == 200
    assert "Hãy tìm và chọn xã, phường của chủ thể." in response.text
    assert radios(response.text) == [(str(personas.units.commune_b.pk), "")]  # the search is still there
    assert not User.objects.filter(username="hophuhoa").exists()


def test_a_legacy_unit_is_not_a_valid_choice(client, personas):
    response = client.post(reverse("portal:register"), form_data(unit=personas.units.old_commune.pk))
    assert response.status_code == 200
    assert not User.objects.filter(username="hophuhoa").exists()
    assert 'class="field commune-picker has-error"' in response.text


def test_the_chosen_commune_is_stored_and_kept_when_the_form_returns(client, personas):
    units = personas.units
    response = client.post(reverse("portal:register"), form_data(unit=units.commune_b.pk, password2="khac"))
    assert response.status_code == 200
    assert radios(response.text) == [(str(units.commune_b.pk), " checked")]
    response = client.post(reverse("portal:register"), form_data(unit=units.commune_b.pk))
    assert response.status_code == 302
    assert Producer.objects.get(name="Hộ kinh doanh Trần Văn Hòa").unit == units.commune_b
