"""The cycle's transition history moves into the one generic table, core.Transition (same fields:
the cycle's table was already generic). Backward copies the cycle's rows back."""

from django.db import migrations

FIELDS = "workflow, content_type_id, object_id, from_status, to_status, actor_id, actor_repr, at, reason"
WORKFLOWS = ("idea", "plan", "implementation", "verification")


def _tables(apps, schema_editor):
    quote = schema_editor.quote_name
    return (quote(apps.get_model("cycle", "Transition")._meta.db_table),
            quote(apps.get_model("core", "Transition")._meta.db_table))


def forward(apps, schema_editor):
    old, new = _tables(apps, schema_editor)
    schema_editor.execute(f"INSERT INTO {new} ({FIELDS}) SELECT {FIELDS} FROM {old} ORDER BY at, id")


def backward(apps, schema_editor):
    old, new = _tables(apps, schema_editor)
    marks = ", ".join(["%s"] * len(WORKFLOWS))
    schema_editor.execute(f"INSERT INTO {old} ({FIELDS}) SELECT {FIELDS} FROM {new} WHERE workflow IN ({marks}) "
                          "ORDER BY at, id", WORKFLOWS)
    schema_editor.execute(f"DELETE FROM {new} WHERE workflow IN ({marks})", WORKFLOWS)


class Migration(migrations.Migration):
    dependencies = [("cycle", "0002_constraint_messages"), ("core", "0004_transition")]

    operations = [migrations.RunPython(forward, backward)]
