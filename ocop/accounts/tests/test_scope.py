import pytest

from ocop.accounts.models import Role, RoleAssignment
from ocop.accounts.scope import can_write_unit, scope_for, visible_to, writable_by
from ocop.core.audit import AuditAction, audit_record
from ocop.core.models import AuditEvent
from ocop.core.testing import make_user

pytestmark = pytest.mark.django_db


def events_by_unit(personas):
    u = personas.units
    return {
        name: audit_record(action=AuditAction.FILE_DOWNLOAD, unit=unit, message=name)
        for name, unit in {
            "commune_a": u.commune_a,
            "commune_b": u.commune_b,
            "hcm": u.hcm_commune,
            "old_commune": u.old_commune,  # filed under the old map, succeeded by commune A
            "old_district": u.old_bien_hoa,
            "none": None,
        }.items()
    }


@pytest.mark.parametrize(
    ("persona", "visible"),
    [
        ("national", {"commune_a", "commune_b", "hcm", "old_commune", "old_district", "none"}),
        ("auditor", {"commune_a", "commune_b", "hcm", "old_commune", "old_district", "none"}),
        ("superuser", {"commune_a", "commune_b", "hcm", "old_commune", "old_district", "none"}),
        ("province", {"commune_a", "commune_b", "old_commune", "old_district"}),
        ("commune_a", {"commune_a", "old_commune"}),
        ("commune_b", {"commune_b"}),
        ("other_province", {"hcm"}),
        ("producer", set()),  # producers reach their own records through ProducerMember
    ],
)
def test_each_persona_sees_exactly_its_units_records(personas, persona, visible):
    events = events_by_unit(personas)
    user = getattr(personas, persona)
    seen = set(visible_to(AuditEvent.objects.all(), user).values_list("message", flat=True))
    assert seen == {events[name].message for name in visible}


def test_anonymous_sees_nothing(personas):
    from django.contrib.auth.models import AnonymousUser

    events_by_unit(personas)
    assert not visible_to(AuditEvent.objects.all(), AnonymousUser()).exists()
    assert scope_for(AnonymousUser()).is_empty


def test_read_only_roles_cannot_write(personas):
    events_by_unit(personas)
    assert not writable_by(AuditEvent.objects.all(), personas.auditor).exists()
    assert not can_write_unit(personas.auditor, personas.units.commune_a)
    assert can_write_unit(personas.commune_a, personas.units.commune_a)
    assert not can_write_unit(personas.commune_a, personas.units.commune_b)
    assert can_write_unit(personas.province, personas.units.commune_b)
    assert can_write_unit(personas.province, personas.units.old_commune)
    assert not can_write_unit(personas.other_province, personas.units.commune_a)
    assert can_write_unit(personas.national, None)
    assert not can_write_unit(personas.province, None)


def test_legacy_district_officer_sees_only_records_under_the_old_district(personas):
    u = personas.units
    officer = make_user("district", Role.DISTRICT_OFFICE, u.old_bien_hoa)
    events = events_by_unit(personas)
    seen = set(visible_to(AuditEvent.objects.all(), officer).values_list("pk", flat=True))
    assert seen == {events["old_commune"].pk, events["old_district"].pk}


def test_inactive_assignment_grants_nothing(personas):
    RoleAssignment.objects.filter(user=personas.commune_a).update(is_active=False)
    user = type(personas.commune_a).objects.get(pk=personas.commune_a.pk)
    assert scope_for(user).is_empty


def test_scope_is_computed_once_per_user_object(personas, django_assert_num_queries):
    user = type(personas.province).objects.get(pk=personas.province.pk)
    with django_assert_num_queries(1):
        scope_for(user)
        scope_for(user)


@pytest.mark.parametrize("persona", ["national", "province", "commune_a", "commune_b", "other_province", "producer"])
def test_unit_in_selects_what_unit_q_selects(personas, persona):
    """The semi-join form (records by their own unit column) used where the scope is one branch of
    an OR selects exactly the records of the join form."""
    from ocop.accounts.scope import unit_in, unit_q

    events_by_unit(personas)
    prefixes = scope_for(getattr(personas, persona)).read_prefixes
    joined = set(AuditEvent.objects.filter(unit_q(prefixes)).values_list("pk", flat=True))
    semi = set(AuditEvent.objects.filter(unit_in(prefixes)).values_list("pk", flat=True))
    assert joined == semi
