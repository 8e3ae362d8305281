import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ocop.accounts import services
from ocop.accounts.models import Role, RoleAssignment
from ocop.core.models import AuditEvent
from ocop.core.testing import make_user

pytestmark = pytest.mark.django_db


def test_province_office_assigns_a_commune_officer_in_its_province(personas):
    user = make_user("newofficer")
    assignment = services.role_assign(
        user=user, role=Role.COMMUNE_OFFICER, unit=personas.units.commune_b, actor=personas.province
    )
    user.refresh_from_db()
    assert user.is_staff
    event = AuditEvent.objects.get(action="role.assign", target_id=str(assignment.pk))
    assert event.actor == personas.province and event.unit == personas.units.commune_b


def test_province_office_cannot_assign_outside_its_province(personas):
    user = make_user("x")
    with pytest.raises(PermissionDenied):
        services.role_assign(user=user, role=Role.COMMUNE_OFFICER, unit=personas.units.hcm_commune, actor=personas.province)
    assert not RoleAssignment.objects.filter(user=user).exists()
    assert not AuditEvent.objects.filter(action="role.assign").exists()


def test_commune_officer_cannot_assign_roles(personas):
    with pytest.raises(PermissionDenied):
        services.role_assign(
            user=make_user("y"), role=Role.COMMUNE_OFFICER, unit=personas.units.commune_a, actor=personas.commune_a
        )


def test_non_national_role_needs_a_unit_and_legacy_units_only_for_district_office(personas):
    with pytest.raises(ValidationError):
        services.role_assign(user=make_user("z"), role=Role.COMMUNE_OFFICER, unit=None, actor=personas.national)
    with pytest.raises(ValidationError):
        services.role_assign(
            user=make_user("w"), role=Role.COMMUNE_OFFICER, unit=personas.units.old_commune, actor=personas.national
        )
    services.role_assign(
        user=make_user("v"), role=Role.DISTRICT_OFFICE, unit=personas.units.old_bien_hoa, actor=personas.national
    )


def test_revoke_is_audited_and_removes_scope(personas):
    assignment = RoleAssignment.objects.get(user=personas.commune_a)
    services.role_revoke(assignment=assignment, actor=personas.province)
    assignment.refresh_from_db()
    assert not assignment.is_active
    assert AuditEvent.objects.filter(action="role.revoke", target_id=str(assignment.pk)).exists()
