"""The unit back office over the real data (loaded once for the module)."""

import pytest
from django.urls import reverse

from ocop.territory.models import AdminUnit
from ocop.territory.selectors import unit_get_by_code

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("loaded_units")]

CHANGELIST = "admin:territory_adminunit_changelist"


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("root-territory", "root@example.org", "x-pass-12345")


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_user("staff-territory", password="x-pass-12345", is_staff=True)


def test_changelist_search_by_unaccented_name(client, superuser):
    client.force_login(superuser)
    response = client.get(reverse(CHANGELIST), {"q": "tan trieu", "generation__exact": "current"})
    assert response.status_code == 200
    content = response.content.decode()
    assert "Phường Tân Triều" in content
    assert response.context["cl"].result_count == 1


def test_changelist_search_matches_d_for_dj(client, superuser):
    client.force_login(superuser)
    response = client.get(reverse(CHANGELIST), {"q": "dong nai", "level__exact": "province"})
    assert response.status_code == 200
    assert {u.code for u in response.context["cl"].result_list} == {"75"}
    assert response.context["cl"].result_count == 2  # current and legacy Đồng Nai


def test_changelist_pages_by_50_with_a_bounded_number_of_queries(client, superuser, django_assert_max_num_queries):
    client.force_login(superuser)
    with django_assert_max_num_queries(15):
        response = client.get(reverse(CHANGELIST), {"level__exact": "commune"})
    assert response.status_code == 200
    assert len(response.context["cl"].result_list) == 50


def test_change_page_lists_successors_and_predecessors(client, superuser):
    client.force_login(superuser)
    old = unit_get_by_code("legacy", "commune", "25195")
    response = client.get(reverse("admin:territory_adminunit_change", args=[old.pk]))
    assert response.status_code == 200
    assert "Phường Bình Phước" in response.content.decode()
    new = unit_get_by_code("current", "commune", "25195")
    response = client.get(reverse("admin:territory_adminunit_change", args=[new.pk]))
    assert response.status_code == 200
    assert "Phường Tân Đồng (cũ)" in response.content.decode()


def test_staff_may_view_but_not_change(client, staff):
    client.force_login(staff)
    unit = unit_get_by_code("current", "province", "75")
    assert client.get(reverse(CHANGELIST), {"q": "đồng nai"}).status_code == 200
    change_url = reverse("admin:territory_adminunit_change", args=[unit.pk])
    page = client.get(change_url)
    assert page.status_code == 200
    assert client.post(change_url, {"name": "Khác"}).status_code == 403
    assert client.get(reverse("admin:territory_adminunit_add")).status_code == 403
    assert client.get(reverse("admin:territory_adminunit_delete", args=[unit.pk])).status_code == 403
    assert client.get(reverse("admin:territory_unitsuccession_changelist")).status_code == 200
    unit.refresh_from_db()
    assert unit.name == "Đồng Nai"


def test_non_staff_are_sent_to_login(client, django_user_model):
    user = django_user_model.objects.create_user("plain-territory", password="x-pass-12345")
    client.force_login(user)
    response = client.get(reverse(CHANGELIST))
    assert response.status_code == 302


def test_unit_autocomplete_uses_folded_search(client, superuser):
    client.force_login(superuser)
    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "accounts", "model_name": "roleassignment", "field_name": "unit", "term": "tan trieu"},
    )
    assert response.status_code == 200
    texts = [item["text"] for item in response.json()["results"]]
    assert texts[0] == "Phường Tân Triều – Tỉnh Đồng Nai"
    assert "Xã Tân Triều – Huyện Thanh Trì – Thành phố Hà Nội (cũ) → Phường Thanh Liệt – Thành phố Hà Nội" in texts


def test_succession_changelist_search(client, superuser):
    client.force_login(superuser)
    response = client.get(reverse("admin:territory_unitsuccession_changelist"), {"q": "binh phuoc"})
    assert response.status_code == 200
    predecessors = {s.predecessor for s in response.context["cl"].result_list}
    assert AdminUnit.objects.get(generation="legacy", level="province", code="70") in predecessors
