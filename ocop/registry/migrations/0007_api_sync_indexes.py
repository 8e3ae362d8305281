from django.db import migrations, models

# PostgreSQL only (SQLite has no NULLS LAST in an index): product_published_sort_idx replaces 0003's
# product_standing_sort_idx, the same order limited to active products, so that the published
# products are read in the catalog's default order from the index alone (no visit of the table).
NEW = ("CREATE INDEX IF NOT EXISTS product_published_sort_idx ON registry_product "
       "(standing_stars DESC NULLS LAST, name, id) WHERE standing_stars IS NOT NULL AND is_active")
OLD = ("CREATE INDEX IF NOT EXISTS product_standing_sort_idx ON registry_product "
       "(standing_stars DESC NULLS LAST, name, id) WHERE standing_stars IS NOT NULL")


def replace_sort_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(NEW)
        schema_editor.execute("DROP INDEX IF EXISTS product_standing_sort_idx")


def restore_sort_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(OLD)
        schema_editor.execute("DROP INDEX IF EXISTS product_published_sort_idx")


class Migration(migrations.Migration):

    dependencies = [
        ('registry', '0006_constraint_messages'),
        ('territory', '0002_api_sync_indexes'),
    ]

    operations = [
        migrations.RunPython(replace_sort_index, restore_sort_index, elidable=False),
        migrations.AddIndex(
            model_name='producer',
            index=models.Index(fields=['updated_at', 'id'], name='producer_updated_idx'),
        ),
        migrations.AddIndex(
            model_name='product',
            index=models.Index(condition=models.Q(('is_active', True), ('standing_stars__isnull', False)), fields=['name', 'id', 'standing_stars'], name='product_published_name_idx'),
        ),
        migrations.AddIndex(
            model_name='product',
            index=models.Index(condition=models.Q(('is_active', True), ('standing_stars__isnull', False)), fields=['-id', 'standing_stars'], name='product_published_new_idx'),
        ),
        migrations.AddIndex(
            model_name='product',
            index=models.Index(condition=models.Q(('is_active', False)), fields=['id'], name='product_inactive_idx'),
        ),
        migrations.AddIndex(
            model_name='product',
            index=models.Index(fields=['updated_at', 'id'], name='product_updated_idx'),
        ),
    ]
