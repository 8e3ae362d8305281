"""The dossiers' transition history moves into the one generic table, core.Transition (workflow
"dossier", the dossier's content type and id; every other field as it was). Backward copies the
dossier rows back into rating.DossierTransition."""

from django.db import migrations

FIELDS = "from_status, to_status, actor_id, actor_repr, at, reason"


def _tables(apps, schema_editor):
    quote = schema_editor.quote_name
    return (quote(apps.get_model("rating", "DossierTransition")._meta.db_table),
            quote(apps.get_model("core", "Transition")._meta.db_table),
            quote(apps.get_model("rating", "Dossier")._meta.db_table))


def _content_type(apps):
    return apps.get_model("contenttypes", "ContentType").objects.get_or_create(app_label="rating", model="dossier")[0]


def forward(apps, schema_editor):
    old, new, _dossiers = _tables(apps, schema_editor)
    if not apps.get_model("rating", "DossierTransition").objects.using(schema_editor.connection.alias).exists():
        return
    schema_editor.execute(
        f"INSERT INTO {new} (workflow, content_type_id, object_id, {FIELDS}) "
        f"SELECT 'dossier', %s, dossier_id, {FIELDS} FROM {old} ORDER BY at, id", [_content_type(apps).pk])


def backward(apps, schema_editor):
    old, new, dossiers = _tables(apps, schema_editor)
    schema_editor.execute(
        f"INSERT INTO {old} (dossier_id, {FIELDS}) SELECT object_id, {FIELDS} FROM {new} "
        f"WHERE workflow = 'dossier' AND object_id IN (SELECT id FROM {dossiers}) ORDER BY at, id")
    schema_editor.execute(f"DELETE FROM {new} WHERE workflow = 'dossier'")


class Migration(migrations.Migration):
    dependencies = [("rating", "0010_list_order_indexes"), ("core", "0004_transition"),
                    ("contenttypes", "0002_remove_content_type_name")]

    operations = [migrations.RunPython(forward, backward)]
