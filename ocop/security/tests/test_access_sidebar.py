"""The sidebar's visibility comes from one table (ocop.accounts.sidebar.SECTIONS); the analytics
and holidays stay with the offices that may use them."""

import pytest
from django.test import RequestFactory

from ocop.accounts import sidebar
from ocop.accounts.models import Role
from ocop.core.testing import make_user

pytestmark = pytest.mark.django_db


def seen(user) -> set[str]:
    request = RequestFactory().get("/admin/")
    request.user = user
    return {section for section in sidebar.SECTIONS if sidebar.can_see(section, request)}


def test_sidebar_sections_by_persona(personas):
    everything = set(sidebar.SECTIONS)
    assert seen(personas.superuser) == everything
    assert seen(personas.national) == everything
    assert seen(personas.province) == everything
    assert seen(personas.auditor) == everything
    assert seen(personas.commune_a) == everything - {"analytics"}
    assert seen(personas.producer) == set()  # not staff: the portal is its place


def test_sidebar_for_a_department_officer_and_a_staff_account_without_role(personas):
    officer = make_user("songnn", Role.DEPARTMENT_OFFICER, personas.units.dong_nai)
    assert seen(officer) == set(sidebar.SECTIONS) - {"analytics"}
    bare = make_user("bare", is_staff=True)
    assert seen(bare) == set()
