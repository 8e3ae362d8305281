"""Real database failures for fault tests: a trigger that makes the database refuse a write.

Nothing in our code is mocked: the service runs as in production and the database itself raises
(SQLite RAISE(ABORT), PostgreSQL RAISE EXCEPTION), part-way through the service's transaction.
"""

from contextlib import contextmanager

from django.db import connection

NAME = "ocop_injected_fault"
MESSAGE = "ocop: injected database fault"


@contextmanager
def database_refuses(table: str, *, event: str, when: str):
    """While active, a BEFORE EVENT (INSERT or UPDATE) trigger on TABLE aborts every row for which
    the SQL condition WHEN (over NEW) holds."""
    assert event in {"INSERT", "UPDATE"}
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                f"CREATE TRIGGER {NAME} BEFORE {event} ON {table} FOR EACH ROW WHEN {when} "
                f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"
            )
        else:
            cursor.execute(
                f"CREATE FUNCTION {NAME}() RETURNS trigger LANGUAGE plpgsql AS "
                f"$$ BEGIN RAISE EXCEPTION '{MESSAGE}'; END $$"
            )
            cursor.execute(
                f"CREATE TRIGGER {NAME} BEFORE {event} ON {table} FOR EACH ROW WHEN ({when}) "
                f"EXECUTE FUNCTION {NAME}()"
            )
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                cursor.execute(f"DROP TRIGGER IF EXISTS {NAME}")
            else:
                cursor.execute(f"DROP TRIGGER IF EXISTS {NAME} ON {table}")
                cursor.execute(f"DROP FUNCTION IF EXISTS {NAME}()")
