"""Run service calls in threads released together by a barrier, for the PostgreSQL concurrency
tests. Each thread uses its own database connection (Django gives one per thread) and closes it."""

import threading

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

REFUSALS = (ValidationError, PermissionDenied)


def needs_postgresql():
    """Skip reason for the callers' skip fixture: row locks need two real connections."""
    import pytest

    if connection.vendor != "postgresql":
        pytest.skip("cần PostgreSQL: SQLite không có select_for_update và khóa giữa hai kết nối")


def together(*calls, refusals=REFUSALS):
    """Run CALLS at once. Returns one (kind, value) per call, in order: ("ok", result),
    ("refused", exc) for an expected refusal, ("error", exc) for anything else."""
    barrier = threading.Barrier(len(calls))
    outcomes: list = [("error", RuntimeError("thread did not finish"))] * len(calls)

    def run(index, call):
        from django.db import connection as thread_connection

        try:
            barrier.wait(timeout=20)
            outcomes[index] = ("ok", call())
        except refusals as exc:
            outcomes[index] = ("refused", exc)
        except Exception as exc:  # reported to the test, which asserts there is none
            outcomes[index] = ("error", exc)
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return outcomes


def kinds(outcomes) -> list[str]:
    return sorted(kind for kind, _value in outcomes)
