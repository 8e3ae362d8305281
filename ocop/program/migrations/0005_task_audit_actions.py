"""A task's moves were audited as "program.task.transition"; the one workflow engine audits them as
`task.<status>` (ocop.core.transitions). The stored rows follow, by the status they moved to (the
spelling of the action only: the same exception to the append-only log as core 0005)."""

from django.db import migrations

OLD = "program.task.transition"
STATUSES = ("assigned", "in_progress", "reported", "done", "cancelled")


def forward(apps, schema_editor):
    events = apps.get_model("core", "AuditEvent").objects  # the migration's plain manager may update
    for status in STATUSES:
        events.filter(action=OLD, after__status=status).update(action=f"task.{status}")


def backward(apps, schema_editor):
    events = apps.get_model("core", "AuditEvent").objects
    events.filter(action__in=[f"task.{status}" for status in STATUSES]).update(action=OLD)


class Migration(migrations.Migration):
    dependencies = [("program", "0004_delete_tasktransition"), ("core", "0005_audit_action_names")]

    operations = [migrations.RunPython(forward, backward)]
