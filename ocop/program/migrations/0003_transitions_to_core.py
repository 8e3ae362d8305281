"""The tasks' transition history moves into the one generic table, core.Transition (workflow "task",
the task's content type and id; every other field as it was). Backward copies the task rows back
into program.TaskTransition."""

from django.db import migrations

FIELDS = "from_status, to_status, actor_id, actor_repr, at, reason"


def _tables(apps, schema_editor):
    quote = schema_editor.quote_name
    return (quote(apps.get_model("program", "TaskTransition")._meta.db_table),
            quote(apps.get_model("core", "Transition")._meta.db_table),
            quote(apps.get_model("program", "DepartmentTask")._meta.db_table))


def forward(apps, schema_editor):
    old, new, _tasks = _tables(apps, schema_editor)
    if not apps.get_model("program", "TaskTransition").objects.using(schema_editor.connection.alias).exists():
        return
    content_type = apps.get_model("contenttypes", "ContentType").objects.get_or_create(
        app_label="program", model="departmenttask")[0]
    schema_editor.execute(
        f"INSERT INTO {new} (workflow, content_type_id, object_id, {FIELDS}) "
        f"SELECT 'task', %s, task_id, {FIELDS} FROM {old} ORDER BY at, id", [content_type.pk])


def backward(apps, schema_editor):
    old, new, tasks = _tables(apps, schema_editor)
    schema_editor.execute(
        f"INSERT INTO {old} (task_id, {FIELDS}) SELECT object_id, {FIELDS} FROM {new} "
        f"WHERE workflow = 'task' AND object_id IN (SELECT id FROM {tasks}) ORDER BY at, id")
    schema_editor.execute(f"DELETE FROM {new} WHERE workflow = 'task'")


class Migration(migrations.Migration):
    dependencies = [("program", "0002_constraint_messages"), ("core", "0004_transition"),
                    ("contenttypes", "0002_remove_content_type_name")]

    operations = [migrations.RunPython(forward, backward)]
