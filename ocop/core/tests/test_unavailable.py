"""The site answers 503 while the database is unreachable and recovers without a restart.

Two outages, both real (no mocked driver): the default connection swapped for one whose database
cannot be opened (an unreadable SQLite path, or a closed PostgreSQL port), and on PostgreSQL the
test database itself closed to connections with its sessions terminated, then reopened. Recovery
goes through Django's real WSGI handler, which closes broken connections after each request
(the test client deliberately does not).
"""

import socket
from contextlib import contextmanager

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection, connections
from django.test import RequestFactory

from ocop.core.unavailable import RETRY_AFTER_SECONDS


def _closed_port() -> int:
    with socket.socket() as sock:  # a port nobody listens on once this socket is closed
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def unreachable_database(tmp_path):
    """Swap the default connection for one that cannot reach its database."""
    good = connections["default"]
    settings = dict(good.settings_dict)
    if good.vendor == "sqlite":
        settings["NAME"] = str(tmp_path / "no-such-folder" / "ocop.sqlite3")
    else:
        settings.update(HOST="127.0.0.1", PORT=str(_closed_port()))
    bad = good.__class__(settings, "default")
    connections["default"] = bad
    try:
        yield
    finally:
        bad.close()
        connections["default"] = good


def wsgi_get(path: str, **headers):
    """One request through the production WSGI handler; returns (status code, headers, body)."""
    environ = RequestFactory().get(path, **headers).environ
    answer = {}

    def start_response(status, response_headers, exc_info=None):
        answer["status"] = int(status.split()[0])
        answer["headers"] = dict(response_headers)

    response = WSGIHandler()(environ, start_response)
    try:
        body = b"".join(response)
    finally:
        response.close()  # fires request_finished: Django drops a broken connection here
    return answer["status"], answer["headers"], body.decode()


def assert_unavailable_page(status, headers, body):
    assert status == 503
    assert headers["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert "Hệ thống tạm thời gián đoạn" in body
    assert "temporarily unavailable" in body


@pytest.mark.django_db
def test_pages_api_and_healthz_answer_503_while_the_database_cannot_be_opened(client, tmp_path):
    with unreachable_database(tmp_path):
        page = client.get("/san-pham/")
        api = client.get("/api/v1/indicators", headers={"Authorization": "Bearer ocop_khong_co"})
        health = client.get("/healthz")
    assert_unavailable_page(page.status_code, page.headers, page.content.decode())
    assert page["Content-Type"].startswith("text/html")
    assert api.status_code == 503 and api["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert api["Content-Type"].startswith("application/problem+json")
    assert api.json()["type"] == "urn:ocop:problem:database-unavailable" and api.json()["status"] == 503
    assert "cơ sở dữ liệu" in api.json()["detail"]
    assert health.status_code == 503 and health.json()["database"]["status"] == "error"
    assert client.get("/san-pham/").status_code == 200  # the database is back: the next request works
    assert client.get("/healthz").json()["status"] == "ok"


@pytest.mark.django_db(transaction=True)
def test_a_signed_in_officer_gets_the_503_page_from_the_admin(client, personas, tmp_path):
    client.force_login(personas.province)  # the session itself lives in the database
    with unreachable_database(tmp_path):
        response = client.get("/admin/")
    assert_unavailable_page(response.status_code, response.headers, response.content.decode())
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_other_errors_are_not_turned_into_503(client):
    assert client.get("/san-pham/999999999/").status_code == 404


@pytest.mark.django_db(transaction=True)
def test_postgresql_outage_then_recovery_without_restart():
    if connection.vendor != "postgresql":
        pytest.skip("Cần PostgreSQL: chặn kết nối vào CSDL thật (ALLOW_CONNECTIONS false) chỉ có ở PostgreSQL.")
    import psycopg
    from psycopg import sql

    params = connection.settings_dict
    name = params["NAME"]
    admin = psycopg.connect(
        host=params["HOST"] or "127.0.0.1", port=params["PORT"] or 5432, user=params["USER"],
        password=params["PASSWORD"] or None, dbname="postgres", autocommit=True,
    )
    assert wsgi_get("/san-pham/")[0] == 200  # the site's connection is open
    try:
        admin.execute(sql.SQL("ALTER DATABASE {} ALLOW_CONNECTIONS false").format(sql.Identifier(name)))
        admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
            [name],
        )
        # Searches not seen before: a page already in the public page cache is served without
        # the database (ocop.catalog.html_cache), which is what an outage should look like.
        assert_unavailable_page(*wsgi_get("/san-pham/?q=mat+ket+noi"))  # the open connection was cut
        assert_unavailable_page(*wsgi_get("/san-pham/?q=tu+choi"))  # a new connection is refused
        status, _, body = wsgi_get("/healthz")
        assert status == 503 and '"error"' in body
        api_status, api_headers, api_body = wsgi_get("/api/v1/indicators", HTTP_AUTHORIZATION="Bearer ocop_khong_co")
        assert api_status == 503 and "urn:ocop:problem:database-unavailable" in api_body
    finally:
        admin.execute(sql.SQL("ALTER DATABASE {} ALLOW_CONNECTIONS true").format(sql.Identifier(name)))
        admin.close()
    assert wsgi_get("/san-pham/")[0] == 200  # back by itself: same process, next request
    assert wsgi_get("/healthz")[0] == 200


def _failing_layer(error):
    """An inner middleware that fails, wrapped by Django's own exception-to-response converter
    (as every middleware is): the error becomes a 500 response before it reaches ours."""
    from django.core.handlers.exception import convert_exception_to_response

    def layer(request):
        raise error

    return convert_exception_to_response(layer)


@pytest.mark.django_db
def test_a_database_error_raised_in_another_middleware_still_answers_503():
    from django.db import InterfaceError

    from ocop.core.unavailable import DatabaseUnavailableMiddleware

    request = RequestFactory().get("/portal/")
    response = DatabaseUnavailableMiddleware(_failing_layer(InterfaceError("connection already closed")))(request)
    assert_unavailable_page(response.status_code, response.headers, response.content.decode())


@pytest.mark.django_db
def test_other_server_errors_stay_500():
    from ocop.core.unavailable import DatabaseUnavailableMiddleware

    request = RequestFactory().get("/portal/")
    response = DatabaseUnavailableMiddleware(_failing_layer(ValueError("not the database")))(request)
    assert response.status_code == 500
