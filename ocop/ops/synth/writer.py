"""Bulk writing for the generator: ids chosen here, rows streamed to the database.

PostgreSQL gets COPY ... FROM STDIN through psycopg (the fastest way in: no per-row statement,
no RETURNING); other databases get bulk_create in large batches. Primary keys are assigned by the
generator (from the table's current maximum), so rows of later phases can point at rows of
earlier ones without reading them back; the sequences are moved past them at the end.
"""

import json

from django.db import connection
from django.db.models import JSONField
from django.utils import timezone

from ocop.ops.synth.answers import RawJSON

BATCH = 5000


class Sink:
    def __init__(self):
        self.is_postgres = connection.vendor == "postgresql"
        self.triggers_off = False
        self._indexes: list[str] = []
        self._next: dict[type, int] = {}
        self.written: dict[str, int] = {}
        self._models: list = []

    def ids(self, model, count: int) -> range:
        """COUNT fresh primary keys of MODEL."""
        if model not in self._next:
            with connection.cursor() as cursor:
                cursor.execute(f'SELECT MAX("id") FROM {connection.ops.quote_name(model._meta.db_table)}')
                self._next[model] = (cursor.fetchone()[0] or 0) + 1
        first = self._next[model]
        self._next[model] = first + count
        return range(first, first + count)

    def next_id(self, model) -> int:
        """One fresh primary key of MODEL."""
        found = self._next.get(model)
        if found is None:
            return self.ids(model, 1)[0]
        self._next[model] = found + 1
        return found

    def write(self, model, columns: tuple[str, ...], rows) -> int:
        """Insert ROWS (tuples in the order of COLUMNS, attribute names such as "unit_id"). A field
        of the model not in COLUMNS gets its default, so a field added later needs no change here."""
        if model not in self._models:
            self._models.append(model)
            if self.triggers_off:  # with row triggers on, PostgreSQL refuses CREATE INDEX on a table
                self._defer_indexes(model)  # with pending (deferred) trigger events
        columns, rows = self._with_defaults(model, tuple(columns), rows)
        count = self._copy(model, columns, rows) if self.is_postgres else self._bulk(model, columns, rows)
        label = model._meta.label
        self.written[label] = self.written.get(label, 0) + count
        return count

    @staticmethod
    def _with_defaults(model, columns, rows):
        def stamped(f):
            return getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)

        # A field with a database default is left to the database (COPY and INSERT omit it).
        missing = [f for f in model._meta.concrete_fields
                   if f.attname not in columns and not f.primary_key and not f.has_db_default()]
        if not missing:
            return columns, rows
        extra_columns = tuple(f.attname for f in missing)
        now = timezone.now()
        made = [f for f in missing if not stamped(f) and f.has_default() and callable(f.default)]
        # As Model() would fill them: the default, "" for text, None otherwise; timestamps: now.
        fixed = [now if stamped(f) else None if f in made else f.get_default() for f in missing]

        def extended():
            for row in rows:
                values = list(fixed)
                for i, f in enumerate(missing):
                    if f in made:
                        values[i] = f.get_default()
                yield (*row, *values)

        return columns + extra_columns, extended()

    def _json_positions(self, model, columns):
        fields = {f.attname: f for f in model._meta.concrete_fields}
        return [i for i, c in enumerate(columns) if isinstance(fields.get(c), JSONField)]

    def _copy(self, model, columns, rows) -> int:
        table = connection.ops.quote_name(model._meta.db_table)
        column_of = {f.attname: f.column for f in model._meta.concrete_fields}
        names = ", ".join(connection.ops.quote_name(column_of[c]) for c in columns)
        as_json = self._json_positions(model, columns)
        connection.ensure_connection()
        count = 0
        with connection.connection.cursor() as cursor, cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
            for row in rows:
                if as_json:
                    row = list(row)
                    for i in as_json:
                        value = row[i]
                        if value is not None and not isinstance(value, RawJSON):
                            row[i] = json.dumps(value, ensure_ascii=False)
                copy.write_row(row)
                count += 1
        return count

    def _bulk(self, model, columns, rows) -> int:
        count, batch = 0, []
        as_json = self._json_positions(model, columns)
        for row in rows:
            if as_json:
                row = [json.loads(v) if i in as_json and isinstance(v, RawJSON) else v for i, v in enumerate(row)]
            batch.append(model(**dict(zip(columns, row, strict=True))))
            if len(batch) >= BATCH:
                count += len(model.objects.bulk_create(batch))
                batch = []
        if batch:
            count += len(model.objects.bulk_create(batch))
        return count

    def _defer_indexes(self, model) -> None:
        """Drop the table's indexes other than its primary key while it loads; finish() builds them
        again, once each, which is far cheaper than row by row."""
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid "
                "WHERE x.indrelid = %s::regclass AND NOT x.indisprimary AND NOT EXISTS "
                "(SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)",
                [model._meta.db_table],
            )
            for name, definition in cursor.fetchall():
                cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
                self._indexes.append(definition)
            # Unique constraints too (checked again when added back), unless a foreign key uses them.
            cursor.execute(
                "SELECT c.conname, pg_get_constraintdef(c.oid) FROM pg_constraint c WHERE c.contype = 'u' "
                "AND c.conrelid = %s::regclass AND NOT EXISTS "
                "(SELECT 1 FROM pg_constraint f WHERE f.contype = 'f' AND f.conindid = c.conindid)",
                [model._meta.db_table],
            )
            table = connection.ops.quote_name(model._meta.db_table)
            for name, definition in cursor.fetchall():
                name = connection.ops.quote_name(name)
                cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {name}")
                self._indexes.append(f"ALTER TABLE {table} ADD CONSTRAINT {name} {definition}")

    def fast_load(self) -> bool:
        """On PostgreSQL, skip the per-row foreign-key triggers for this transaction (as a restore
        does) when the role may; check_foreign_keys() then checks every written key in one
        anti-join per key. Returns whether the triggers are off."""
        if not self.is_postgres:
            return False
        from django.db import DatabaseError, transaction

        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute("SET LOCAL session_replication_role = replica")
        except DatabaseError:  # not a superuser: the triggers check each row instead
            return False
        self.triggers_off = True
        return True

    def check_foreign_keys(self) -> None:
        """Raise if a written row points at a missing row (set-based, one query per key)."""
        quote = connection.ops.quote_name
        with connection.cursor() as cursor:
            for model in self._models:
                for field in model._meta.concrete_fields:
                    if not field.is_relation or not field.many_to_one:
                        continue
                    target = field.related_model._meta
                    sql = (f"SELECT c.{quote(field.column)} FROM {quote(model._meta.db_table)} c "
                           f"LEFT JOIN {quote(target.db_table)} p ON p.{quote(field.target_field.column)} = "
                           f"c.{quote(field.column)} WHERE c.{quote(field.column)} IS NOT NULL "
                           f"AND p.{quote(field.target_field.column)} IS NULL LIMIT 1")
                    cursor.execute(sql)
                    missing = cursor.fetchone()
                    if missing:
                        raise RuntimeError(f"{model._meta.label}.{field.name} = {missing[0]}: không có bản ghi này")

    def finish(self) -> None:
        """Build the deferred indexes; move each written table's id sequence past the ids given."""
        if not self._models:
            return
        from django.core.management.color import no_style

        with connection.cursor() as cursor:
            if self._indexes:
                cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
            for definition in self._indexes:
                cursor.execute(definition)
            self._indexes = []
            if self.triggers_off:  # back to normal for whatever the caller's transaction does next
                cursor.execute("SET LOCAL session_replication_role = DEFAULT")
            for sql in connection.ops.sequence_reset_sql(no_style(), self._models):
                cursor.execute(sql)
