"""One history for registry records: the audit log. The admin's history page reads it, and the
migration that dropped django-simple-history moved the rows the log did not already hold."""

from datetime import timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from ocop.core.audit import AuditAction, audit_record
from ocop.core.models import AuditEvent
from ocop.registry import services
from ocop.registry.models import Producer
from ocop.registry.tests.test_services import new_producer

BEFORE, AFTER = [("registry", "0008_list_order_indexes")], [("registry", "0009_history_into_audit")]


def history_page(client, user, producer):
    client.force_login(user)
    return client.get(reverse("admin:registry_producer_history", args=[producer.pk]))


@pytest.mark.django_db
def test_the_history_page_lists_the_record_edits_from_the_audit_log(client, personas):
    producer = new_producer(personas)
    services.producer_update(producer=producer, actor=personas.commune_a, data={"phone": "0251 3822 111"})
    page = history_page(client, personas.commune_a, producer)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Tạo chủ thể" in text and "Sửa chủ thể" in text and "0251 3822 111" in text
    assert text.index("Sửa chủ thể") < text.index("Tạo chủ thể")  # newest first
    assert history_page(client, personas.commune_b, producer).status_code == 404  # scoped like the record


@pytest.mark.django_db
def test_the_history_page_names_related_records_and_choices(client, personas):
    """A foreign key reads as the record's name (not its id), a choice as its label, yes/no as words;
    a deleted record as its id, said deleted. One query per related model, whatever the events."""
    producer = new_producer(personas, actor=personas.province)
    units = personas.units
    services.producer_update(producer=producer, actor=personas.province,
                             data={"unit": units.commune_b, "kind": Producer.Kind.SME, "rep_is_woman": False})
    edit = AuditEvent.objects.filter(action=AuditAction.PRODUCER_UPDATE, target_id=str(producer.pk)).get()
    assert (edit.before["unit"], edit.after["unit"]) == (units.commune_a.pk, units.commune_b.pk)  # stored as ids
    text = history_page(client, personas.province, producer).content.decode()
    row = text[text.index("Sửa chủ thể"):text.index("Tạo chủ thể")]
    assert f"{units.commune_a} → {units.commune_b}" in row
    assert f"{Producer.Kind.COOPERATIVE.label} → {Producer.Kind.SME.label}" in row
    assert "Có → Không" in row
    audit_record(action=AuditAction.PRODUCER_UPDATE, target=producer, before={"unit": units.commune_b.pk},
                 after={"unit": 987654})  # a commune since deleted
    assert "#987654 (đã xoá)" in history_page(client, personas.province, producer).content.decode()
    client.force_login(personas.province)
    url = reverse("admin:registry_producer_history", args=[producer.pk])
    one_edit = len(_queries(client, url))
    for _ in range(5):
        services.producer_update(producer=producer, actor=personas.province, data={"unit": units.commune_a})
        services.producer_update(producer=producer, actor=personas.province, data={"unit": units.commune_b})
    assert len(_queries(client, url)) == one_edit  # eleven edits, the same queries


def _queries(client, url):
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return captured.captured_queries


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_the_migration_moves_history_rows_the_log_lacks_and_no_other(client, personas):
    producer = new_producer(personas)  # its service wrote producer.create (and, then, a historical row)
    created = AuditEvent.objects.get(action=AuditAction.PRODUCER_CREATE, target_id=str(producer.pk))
    audit_record(action=AuditAction.FILE_DOWNLOAD, target=producer)  # an event that is not a history row
    old_apps = _migrate(BEFORE)
    Historical = old_apps.get_model("registry", "HistoricalProducer")
    fields = {f.attname: getattr(producer, f.attname) for f in Producer._meta.concrete_fields}
    later = created.occurred_at + timedelta(hours=1)
    Historical.objects.create(**fields, history_date=created.occurred_at, history_type="+",
                              history_user_id=personas.commune_a.pk)  # already in the log
    Historical.objects.create(**{**fields, "name": "HTX Ca cao Phú Hòa (đổi tên)"}, history_date=later,
                              history_type="~", history_user_id=personas.province.pk)  # a save around the services
    Historical.objects.create(**{**fields, "name": "HTX Ca cao Phú Hòa (đổi tên)", "search_text": "x"},
                              history_date=later + timedelta(minutes=1), history_type="~")  # nothing audited changed
    events = AuditEvent.objects.count()

    _migrate(AFTER)
    assert AuditEvent.objects.count() == events + 1
    moved = AuditEvent.objects.get(action=AuditAction.PRODUCER_UPDATE, target_id=str(producer.pk))
    assert (moved.before, moved.after) == ({"name": "Hợp tác xã Ca cao Phú Hòa"}, {"name": "HTX Ca cao Phú Hòa (đổi tên)"})
    assert (moved.actor, moved.actor_repr, moved.unit) == (personas.province, "province", producer.unit)
    assert moved.occurred_at == later and "django-simple-history" in moved.message
    assert "registry_historicalproducer" not in connection.introspection.table_names()
    text = history_page(client, personas.province, producer).content.decode()
    assert "HTX Ca cao Phú Hòa (đổi tên)" in text and "Tạo chủ thể" in text
