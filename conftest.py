import os
import shutil

import pytest
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

# Playwright's sync API runs an event loop in the test thread; Django would refuse ORM calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"

# Property tests judge behaviour, never speed: no per-example deadline and no "generation is slow"
# health check, both of which fail on a busy machine with nothing wrong in the code.
hypothesis_settings.register_profile("ocop", deadline=None, suppress_health_check=[HealthCheck.too_slow])
hypothesis_settings.load_profile("ocop")


@pytest.fixture(autouse=True)
def _fresh_redis_throttles(settings):
    """Throttle counters in the database roll back with each test; in Redis (REDIS_URL) they do not.
    Nor do the public pages cached per public data version, whose row rolls back. The version is
    kept for the whole test (a writer in the test's process drops it anyway), so that a slow machine
    never re-reads it between two requests whose queries a test counts."""
    from django.core.cache import caches

    settings.OCOP_PUBLIC_VERSION_SECONDS = 3600
    # The dashboard's figures cache (ocop.program.figures_cache) is off unless a test turns it on:
    # tests write with factories and QuerySet.update between two readings and pin query counts.
    settings.OCOP_FIGURES_CACHE_SECONDS = 0
    # Likewise the inbox counts (ocop.inbox.counts_cache): tests that turn it on say so.
    settings.OCOP_INBOX_CACHE_SECONDS = 0

    if "throttle" in settings.CACHES:
        caches["throttle"].clear()
    caches["default"].clear()
    yield


@pytest.fixture(autouse=True)
def _vietnamese_first():
    """Each test starts in the project's language (Vietnamese), whatever an earlier test in this
    worker left active (a request in English leaves English active in the thread)."""
    from django.utils import translation

    with translation.override("vi"):
        yield


@pytest.fixture
def personas(db):
    from ocop.core.testing import make_personas

    return make_personas()


@pytest.fixture(scope="module")
def module_db(django_db_setup, django_db_blocker):
    """One transaction around a whole test module, rolled back at its end: rows that module-scoped
    fixtures build in it (``shared_personas``, a module's own world) are built once per module (once
    per xdist worker that runs some of its tests) instead of once per test. Each test still runs in
    its own savepoint (the ``db`` fixture nests in this transaction), so a test's writes are gone
    before the next one; what it must not do is change the shared Python objects themselves.

    Works the same on SQLite and PostgreSQL (the permission matrix has run this way since issue 13).
    Not for modules with ``transactional_db`` or ``live_server`` tests: those need committed rows."""
    from django.db import transaction

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture(scope="module")
def shared_personas(module_db):
    """The standard personas (9 users, 8 units), built once per module (see ``module_db``). A module
    whose tests do not change them overrides ``personas`` with these (ocop/api/tests/test_scope.py)."""
    from ocop.core.testing import make_personas

    return make_personas()


@pytest.fixture
def units(db):
    from ocop.core.testing import make_units

    return make_units()


# --- Browser tests: Debian's chromium, never a browser downloaded by a test tool -------------


@pytest.fixture(scope="session", autouse=True)
def _one_request_at_a_time_on_sqlite():
    """On SQLite the live server's request threads share the test's one in-memory connection, and
    with it one transaction state: two requests at once (a page and its htmx preview, a page and its
    favicon) can end each other's atomic block, a flake no test means to test. There, the live
    server answers one request at a time (each with `Connection: close`, so no browser connection
    waits on another). PostgreSQL gives each thread its own connection and keeps the threads."""
    from django.core.servers.basehttp import WSGIServer
    from django.db import connection
    from django.test.testcases import LiveServerThread

    class OneRequestAtATime(WSGIServer):
        def __init__(self, *args, connections_override=None, **kwargs):
            super().__init__(*args, **kwargs)  # the server thread already uses the test's connections

    threaded = LiveServerThread.server_class
    if connection.vendor == "sqlite":
        LiveServerThread.server_class = OneRequestAtATime
    yield
    LiveServerThread.server_class = threaded


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"Không có chromium tại {CHROMIUM}: cài bằng 'apt-get install -y chromium'")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-dev-shm-usage",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "vi-VN", "viewport": {"width": 1366, "height": 900}}


@pytest.fixture(scope="session")
def two_nodes(tmp_path_factory):
    """Two `ocop serve` nodes behind nginx (ocop/ops/tests/nodes_world.py)."""
    from ocop.ops.tests.nodes_world import two_nodes as start

    yield from start(tmp_path_factory.mktemp("nodes"))
