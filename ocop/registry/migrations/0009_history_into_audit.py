"""One history for registry records: the audit log. django-simple-history's rows move into
core.AuditEvent, then its three tables go (docs/architecture.md, "Audit").

Every service write left both a historical row and an AuditEvent on the same record within the
same transaction. A historical row with an event on its record within WINDOW is already in the log;
any other (a save that bypassed the services) becomes an event of its own: the record's create,
update (the fields that changed since the row before) or delete, at the row's time, by its user,
marked in its message. Nothing is lost; nothing is written twice.
"""

from datetime import timedelta

from django.conf import settings
from django.db import migrations

WINDOW = timedelta(seconds=2)
SKIPPED = {"search_text", "created_at", "updated_at"}  # derived or stamped: not audited by the services
MESSAGE = "Chuyển từ lịch sử bản ghi (django-simple-history)"
ACTIONS = {
    "producer": {"+": "producer.create", "~": "producer.update", "-": "producer.delete"},
    "product": {"+": "product.create", "~": "product.update", "-": "product.delete"},
    "document": {"+": "document.upload", "~": "document.update", "-": "document.delete"},
}


def _values(row, fields):
    values = {}
    for field in fields:
        value = getattr(row, field.attname)
        values[field.name] = value.name if hasattr(value, "name") and hasattr(value, "storage") else value
    return values


def _repr(model, row):
    if model == "document":
        return f"{row.title or row.kind} {row.number}".strip()[:300]
    return row.name[:300]


def move_history(apps, schema_editor):
    AuditEvent = apps.get_model("core", "AuditEvent")
    ContentType = apps.get_model("contenttypes", "ContentType")
    User = apps.get_model(settings.AUTH_USER_MODEL)
    Producer = apps.get_model("registry", "Producer")
    occurred = AuditEvent._meta.get_field("occurred_at")
    occurred.auto_now_add = False  # the moved events keep their own time
    usernames = dict(User.objects.values_list("pk", "username"))
    producer_units = dict(Producer.objects.values_list("pk", "unit_id"))
    try:
        for model in ACTIONS:
            _move(apps, model, AuditEvent, ContentType, usernames, producer_units)
    finally:
        occurred.auto_now_add = True


def _move(apps, model, AuditEvent, ContentType, usernames, producer_units):
    Historical = apps.get_model("registry", f"Historical{model.capitalize()}")
    content_type, _created = ContentType.objects.get_or_create(app_label="registry", model=model)
    logged: dict[str, list] = {}
    for target_id, at in AuditEvent.objects.filter(target_type=content_type).values_list("target_id", "occurred_at").iterator():
        logged.setdefault(target_id, []).append(at)
    fields = [f for f in Historical._meta.concrete_fields if not f.name.startswith("history_") and f.name != "id"
              and f.name not in SKIPPED]
    batch, previous = [], {}
    for row in Historical.objects.order_by("id", "history_date", "history_id").iterator():
        now, before = _values(row, fields), previous.get(row.id)
        previous[row.id] = now
        if any(abs(at - row.history_date) <= WINDOW for at in logged.get(str(row.id), ())):
            continue
        old, new = None, now
        if row.history_type == "~" and before is not None:
            changed = [key for key in now if before.get(key) != now.get(key)]
            if not changed:
                continue
            old, new = {k: before.get(k) for k in changed}, {k: now[k] for k in changed}
        elif row.history_type == "-":
            old, new = before or now, None
        unit_id = producer_units.get(row.producer_id) if model == "document" else row.unit_id
        batch.append(AuditEvent(
            occurred_at=row.history_date, action=ACTIONS[model][row.history_type], actor_id=row.history_user_id,
            actor_repr=usernames.get(row.history_user_id, "hệ thống")[:200], target_type=content_type,
            target_id=str(row.id), target_repr=_repr(model, row), unit_id=unit_id, before=old, after=new,
            message=MESSAGE,
        ))
        if len(batch) >= 1000:
            AuditEvent.objects.bulk_create(batch)
            batch = []
    AuditEvent.objects.bulk_create(batch)


class Migration(migrations.Migration):

    dependencies = [
        ("registry", "0008_list_order_indexes"),
        ("core", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(move_history, migrations.RunPython.noop),
        migrations.DeleteModel(name="HistoricalDocument"),
        migrations.DeleteModel(name="HistoricalProducer"),
        migrations.DeleteModel(name="HistoricalProduct"),
    ]
