"""A pg_trgm GIN index on registry.Product.search_text (PostgreSQL only).

The catalog searches the folded search_text with LIKE '%word%' (ocop.catalog.selectors
.filter_products); a trigram GIN index serves such infix matches without scanning every product.
The index belongs to the registry's table but to the catalog's query, so it lives here. On SQLite
(and any other database) both operations do nothing: TrigramExtension skips non-PostgreSQL
databases, and the RunPython steps check the vendor.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

INDEX = "catalog_product_search_trgm"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    table = schema_editor.quote_name(apps.get_model("registry", "Product")._meta.db_table)
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON {table} USING gin (search_text gin_trgm_ops)"
    )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0001_fake_reports_withdrawals"),
        ("registry", "0001_initial"),
    ]

    operations = [
        TrigramExtension(),
        migrations.RunPython(create_index, drop_index, elidable=False),
    ]
