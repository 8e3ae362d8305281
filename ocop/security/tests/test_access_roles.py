"""Attacks on role assignment through the back office (issue 15: H-1, L-3)."""

from datetime import date

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from ocop.accounts.models import Role, RoleAssignment
from ocop.core.testing import make_user
from ocop.rating.models import AdvisoryReport, RatingRound
from ocop.rating.tests.factories import make_dossier, make_world
from ocop.rating.workflow import S

pytestmark = pytest.mark.django_db

ADD = "admin:accounts_roleassignment_add"


def assign(client, actor, **data):
    client.force_login(actor)
    return client.post(reverse(ADD), {"note": "", **data})


def test_province_office_cannot_assign_a_role_in_another_province(client, personas):
    response = assign(client, personas.province, user=personas.province.pk, role=Role.PROVINCE_OFFICE,
                      unit=personas.units.hcm.pk)
    assert response.status_code == 200
    assert "ngoài phạm vi" in response.text
    assert not RoleAssignment.objects.filter(user=personas.province, unit=personas.units.hcm).exists()


def test_h1_province_office_cannot_make_itself_national_bound_to_its_province(client, personas):
    """The attack as recorded: own user, role=national_office, unit=Tỉnh Đồng Nai."""
    response = assign(client, personas.province, user=personas.province.pk, role=Role.NATIONAL_OFFICE,
                      unit=personas.units.dong_nai.pk)
    assert response.status_code == 200
    assert "Văn phòng OCOP trung ương quản lý toàn quốc" in response.text
    assert not RoleAssignment.objects.filter(role=Role.NATIONAL_OFFICE, user=personas.province).exists()


def test_h1_province_office_cannot_grant_national_office_without_a_unit(client, personas):
    response = assign(client, personas.province, user=personas.province.pk, role=Role.NATIONAL_OFFICE, unit="")
    assert response.status_code == 200
    assert "ngoài phạm vi" in response.text
    assert not RoleAssignment.objects.filter(role=Role.NATIONAL_OFFICE, user=personas.province).exists()


def test_commune_officer_cannot_grant_a_province_role_even_in_its_own_commune(client, personas):
    """Ranking: nobody grants a role above the granting role (and a commune officer grants none)."""
    response = assign(client, personas.commune_a, user=personas.commune_a.pk, role=Role.PROVINCE_OFFICE,
                      unit=personas.units.commune_a.pk)
    assert response.status_code == 403
    assert not RoleAssignment.objects.filter(role=Role.PROVINCE_OFFICE, user=personas.commune_a).exists()


def test_province_office_still_grants_roles_up_to_its_own_in_its_province(client, personas):
    newcomer = make_user("newcomer")
    response = assign(client, personas.province, user=newcomer.pk, role=Role.PROVINCE_OFFICE,
                      unit=personas.units.dong_nai.pk)
    assert response.status_code == 302
    assert RoleAssignment.objects.filter(user=newcomer, role=Role.PROVINCE_OFFICE).exists()


def test_the_database_refuses_a_unit_bound_national_office_and_a_unitless_local_role(personas):
    user = make_user("someone")
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleAssignment.objects.create(user=user, role=Role.NATIONAL_OFFICE, unit=personas.units.dong_nai)
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleAssignment.objects.create(user=user, role=Role.COMMUNE_OFFICER, unit=None)
    RoleAssignment.objects.create(user=user, role=Role.AUDITOR, unit=personas.units.dong_nai)  # provincial inspection


@pytest.fixture
def legacy_escalation(personas, monkeypatch):
    """The state H-1 left behind: `province` also holds national_office bound to Đồng Nai (a row the
    constraint now refuses, replayed as it was read before the migration removed it)."""
    from ocop.accounts import scope

    real = scope._assignment_rows

    def rows(user):
        found = real(user)
        if user.pk == personas.province.pk:
            found.append((Role.NATIONAL_OFFICE, personas.units.dong_nai.path, None))
        return found

    monkeypatch.setattr(scope, "_assignment_rows", rows)
    return personas.province


def test_h1_unit_bound_national_role_cannot_create_a_central_round(client, personas, legacy_escalation):
    client.force_login(legacy_escalation)
    response = client.post(reverse("admin:rating_ratinground_defaults"), {"year": 2027, "unit": ""})
    assert response.status_code in (200, 403)
    assert not RatingRound.objects.filter(level="central", year=2027).exists()
    response = client.post(reverse("admin:rating_ratinground_add"), {
        "level": "central", "unit": "", "year": 2027, "sequence": 1,
        "proposal_deadline": "2027-06-30", "rating_deadline": "2027-08-30", "status": "planned",
    })
    assert response.status_code in (200, 403)
    assert not RatingRound.objects.filter(level="central", year=2027).exists()


def test_h1_unit_bound_national_role_cannot_edit_the_central_round(client, personas, legacy_escalation):
    central = RatingRound.objects.create(level="central", unit=None, year=2026, sequence=1,
                                         proposal_deadline=date(2026, 6, 30), rating_deadline=date(2026, 9, 30))
    client.force_login(legacy_escalation)
    url = reverse("admin:rating_ratinground_change", args=[central.pk])
    response = client.post(url, {
        "level": "central", "unit": "", "year": 2026, "sequence": 1,
        "proposal_deadline": "2026-07-31", "rating_deadline": "2026-09-30", "status": "planned",
    })
    assert response.status_code in (200, 403)
    central.refresh_from_db()
    assert central.proposal_deadline == date(2026, 6, 30)


def test_h1_unit_bound_national_role_cannot_write_the_central_advisory_report(client, personas, legacy_escalation):
    world = make_world(personas)
    dossier = make_dossier(world.product_a, S.FORWARDED_CENTRAL, round=world.round)
    client.force_login(legacy_escalation)
    url = reverse("admin:rating_dossier_advisory", args=[dossier.pk, "central"])
    response = client.post(url, {"summary": "Đạt, đề nghị công nhận 5 sao."})
    assert response.status_code == 403
    assert not AdvisoryReport.objects.filter(dossier=dossier, level="central").exists()
    # The genuine national office still writes it.
    client.force_login(personas.national)
    assert client.post(url, {"summary": "Đạt, đề nghị công nhận 5 sao."}).status_code == 302
    assert AdvisoryReport.objects.filter(dossier=dossier, level="central").exists()


# --- L-3: the role form offers only accounts in the actor's scope -----------------------------

def test_l3_role_form_lists_only_accounts_in_scope(client, personas):
    newcomer = make_user("newcomer")  # no role yet: an office may give it its first role
    client.force_login(personas.province)
    page = client.get(reverse(ADD))
    assert page.status_code == 200
    choices = {str(pk) for pk, _label in page.context["adminform"].form.fields["user"].choices if pk}
    assert str(personas.commune_a.pk) in choices and str(newcomer.pk) in choices
    assert str(personas.other_province.pk) not in choices
    assert str(personas.national.pk) not in choices and str(personas.auditor.pk) not in choices


def test_l3_role_form_refuses_an_account_of_another_province(client, personas):
    response = assign(client, personas.province, user=personas.other_province.pk, role=Role.COMMUNE_OFFICER,
                      unit=personas.units.commune_a.pk)
    assert response.status_code == 200
    assert "user" in response.context["adminform"].form.errors
    assert not RoleAssignment.objects.filter(user=personas.other_province, unit=personas.units.commune_a).exists()


def test_l3_no_account_autocomplete_for_the_role_form(client, personas):
    client.force_login(personas.province)
    response = client.get(reverse("admin:autocomplete"), {
        "app_label": "accounts", "model_name": "roleassignment", "field_name": "user", "term": "other"})
    assert response.status_code == 403
    assert "other_province" not in response.text
