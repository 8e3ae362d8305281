"""Attacks on role assignment through the back office (H-1, L-3)."""

import pytest
from django.urls import reverse

from ocop.accounts.models import Role, RoleAssignment

pytestmark = pytest.mark.django_db

ADD = "admin:accounts_roleassignment_add"


def test_province_office_cannot_assign_a_role_in_another_province(client, personas):
    client.force_login(personas.province)
    response = client.post(
        reverse(ADD),
        {"user": personas.province.pk, "role": Role.PROVINCE_OFFICE, "unit": personas.units.hcm.pk, "note": ""},
    )
    assert response.status_code == 200
    assert "ngoài phạm vi" in response.text
    assert not RoleAssignment.objects.filter(user=personas.province, unit=personas.units.hcm).exists()
