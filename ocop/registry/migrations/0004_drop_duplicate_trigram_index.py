"""Drop product_search_trgm_idx where a working-tree version of 0003 created it: it duplicated
catalog 0002's trigram index on the same column (every product write paid for both)."""

from django.db import migrations


def drop_duplicate(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS product_search_trgm_idx")


class Migration(migrations.Migration):

    dependencies = [
        ("registry", "0003_product_catalog_indexes"),
    ]

    operations = [
        migrations.RunPython(drop_duplicate, migrations.RunPython.noop, elidable=True),
    ]
