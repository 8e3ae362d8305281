from django.db import migrations, models

# PostgreSQL only (SQLite has no NULLS LAST in an index): the catalog's default sort (stars, highest
# first, then name) reads the published products in order from the partial index and stops at a
# page. (The search's trigram index is catalog 0002's.) Created after certificates 0002 has stored
# the first standings: updating 100,000s of rows costs less before the index exists.
POSTGRES_INDEXES = [
    (
        "CREATE INDEX IF NOT EXISTS product_standing_sort_idx ON registry_product "
        "(standing_stars DESC NULLS LAST, name, id) WHERE standing_stars IS NOT NULL",
        "DROP INDEX IF EXISTS product_standing_sort_idx",
    ),
]


def create_postgres_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for create, _drop in POSTGRES_INDEXES:
            schema_editor.execute(create)


def drop_postgres_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for _create, drop in reversed(POSTGRES_INDEXES):
            if drop:
                schema_editor.execute(drop)


class Migration(migrations.Migration):

    dependencies = [
        ("registry", "0002_product_standing"),
        ("certificates", "0002_certificate_standing"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="product",
            index=models.Index(
                condition=models.Q(("is_active", True), ("standing_stars__isnull", False)),
                fields=["standing_stars", "criteria_set", "unit", "producer", "id"], name="product_published_idx",
            ),
        ),
        migrations.RunPython(create_postgres_indexes, drop_postgres_indexes, elidable=False),
    ]
