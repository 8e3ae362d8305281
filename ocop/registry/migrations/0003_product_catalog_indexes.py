from django.db import migrations, models

# PostgreSQL only (SQLite has neither trigram indexes nor NULLS LAST in an index): the catalog's
# search ("search_text LIKE '%banh%'") uses the trigram index; its default sort (stars, highest
# first, then name) reads the published products in order from the partial index and stops at a
# page. Created after certificates 0002 has stored the first standings: updating 100,000s of rows
# under a trigram index costs minutes, building it afterwards seconds.
POSTGRES_INDEXES = [
    (
        "CREATE EXTENSION IF NOT EXISTS pg_trgm",
        None,
    ),
    (
        "CREATE INDEX IF NOT EXISTS product_search_trgm_idx ON registry_product USING gin (search_text gin_trgm_ops)",
        "DROP INDEX IF EXISTS product_search_trgm_idx",
    ),
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
