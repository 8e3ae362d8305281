import pytest

from ocop.core.audit import AuditAction, audit_record, diff, snapshot
from ocop.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_audit_record_stores_actor_target_unit_and_changes(personas):
    unit = personas.units.commune_a
    event = audit_record(
        action=AuditAction.FILE_DOWNLOAD, actor=personas.province, target=unit, unit=unit, before={"a": 1}, after={"a": 2}
    )
    event.refresh_from_db()
    assert event.actor == personas.province
    assert event.actor_repr == "province"
    assert event.target_repr == str(unit)
    assert event.target_id == str(unit.pk)
    assert (event.before, event.after) == ({"a": 1}, {"a": 2})


def test_audit_event_is_append_only(personas):
    event = audit_record(action=AuditAction.FILE_DOWNLOAD, actor=personas.national)
    event.message = "rewritten"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=event.pk).update(message="rewritten")
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get(pk=event.pk).message == ""


def test_anonymous_actor_is_recorded_as_system(personas):
    from django.contrib.auth.models import AnonymousUser

    event = audit_record(action=AuditAction.FILE_DOWNLOAD, actor=AnonymousUser())
    assert event.actor is None and event.actor_repr == "hệ thống"


def test_snapshot_and_diff_keep_only_changes(units):
    before = snapshot(units.commune_a, ["name", "parent"])
    assert before == {"name": "Trấn Biên", "parent": units.dong_nai.pk}
    after = {**before, "name": "Biên Hòa"}
    assert diff(before, after) == ({"name": "Trấn Biên"}, {"name": "Biên Hòa"})
