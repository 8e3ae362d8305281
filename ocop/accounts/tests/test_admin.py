"""Scope in the back office: 404 outside, 403 for read-only writes, for every persona."""

import pytest
from django.urls import reverse

from ocop.accounts.models import Role, RoleAssignment
from ocop.core.audit import AuditAction, audit_record
from ocop.core.testing import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def event_b(personas):
    return audit_record(action=AuditAction.FILE_DOWNLOAD, unit=personas.units.commune_b, message="xã B")


def change_url(obj):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("superuser", 200),
        ("national", 200),
        ("auditor", 200),
        ("province", 200),
        ("commune_b", 200),
        ("commune_a", 404),
        ("other_province", 404),
    ],
)
def test_audit_event_detail_by_persona(client, personas, event_b, persona, status):
    client.force_login(getattr(personas, persona))
    assert client.get(change_url(event_b)).status_code == status


def test_audit_event_detail_anonymous_and_producer_go_to_login(client, personas, event_b):
    assert client.get(change_url(event_b)).status_code == 302
    client.force_login(personas.producer)
    assert client.get(change_url(event_b)).status_code == 302


def test_audit_list_shows_only_in_scope_events(client, personas, event_b):
    event_a = audit_record(action=AuditAction.FILE_DOWNLOAD, unit=personas.units.commune_a, message="xã A")
    client.force_login(personas.commune_a)
    page = client.get(reverse("admin:core_auditevent_changelist"))
    assert page.status_code == 200
    assert change_url(event_a) in page.text and change_url(event_b) not in page.text


def test_audit_events_cannot_be_changed_or_deleted_even_by_superuser(client, personas, event_b):
    client.force_login(personas.superuser)
    assert client.post(change_url(event_b), {"message": "sửa"}).status_code == 403
    delete = reverse("admin:core_auditevent_delete", args=[event_b.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    event_b.refresh_from_db()
    assert event_b.message == "xã B"


def test_audit_list_query_count_does_not_grow_with_rows(client, personas, django_assert_max_num_queries):
    client.force_login(personas.province)
    url = reverse("admin:core_auditevent_changelist")
    for _i in range(3):
        audit_record(action=AuditAction.FILE_DOWNLOAD, unit=personas.units.commune_a, actor=personas.province)
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _i in range(40):
        audit_record(action=AuditAction.ROLE_ASSIGN, unit=personas.units.commune_b, actor=personas.province)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


@pytest.mark.parametrize(
    ("persona", "status"),
    [("province", 200), ("national", 200), ("commune_a", 404), ("commune_b", 200), ("other_province", 404)],
)
def test_role_assignment_detail_by_persona(client, personas, persona, status):
    assignment = RoleAssignment.objects.get(user=personas.commune_b)
    client.force_login(getattr(personas, persona))
    assert client.get(change_url(assignment)).status_code == status


def test_auditor_may_view_but_gets_403_on_write(client, personas):
    assignment = RoleAssignment.objects.get(user=personas.commune_b)
    client.force_login(personas.auditor)
    assert client.get(change_url(assignment)).status_code == 200
    assert client.post(change_url(assignment), {"note": "x"}).status_code == 403
    add = reverse("admin:accounts_roleassignment_add")
    assert client.get(add).status_code == 403


def test_province_office_assigns_role_through_admin_and_is_refused_out_of_scope(client, personas):
    newcomer = make_user("newcomer")
    client.force_login(personas.province)
    add = reverse("admin:accounts_roleassignment_add")
    ok = client.post(add, {"user": newcomer.pk, "role": Role.COMMUNE_OFFICER, "unit": personas.units.commune_b.pk})
    assert ok.status_code == 302, ok.text[:2000]
    assert RoleAssignment.objects.filter(user=newcomer, unit=personas.units.commune_b).exists()
    refused = client.post(add, {"user": newcomer.pk, "role": Role.COMMUNE_OFFICER, "unit": personas.units.hcm_commune.pk})
    assert refused.status_code == 200
    assert "ngoài phạm vi" in refused.text
    assert not RoleAssignment.objects.filter(user=newcomer, unit=personas.units.hcm_commune).exists()


def test_users_admin_is_for_superusers_only(client, personas):
    url = reverse("admin:accounts_user_changelist")
    client.force_login(personas.province)
    assert client.get(url).status_code == 403
    client.force_login(personas.superuser)
    assert client.get(url).status_code == 200
