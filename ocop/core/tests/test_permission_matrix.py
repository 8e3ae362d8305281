"""The permission matrix: every route of the site and every API operation, called as every persona,
answers what ocop/core/tests/permission_matrix.py says (how to add a route: docs/architecture.md).

The records are built once per module inside a transaction rolled back at the end; each test runs
in its own savepoint, so a write by an allowed persona never reaches the next test.
"""

import html
import importlib
import json
import re
import sys
import types
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client, override_settings
from django.urls import path

from ocop.api.urls import api
from ocop.core.tests import permission_matrix as matrix
from ocop.core.tests.permission_paths import url_for
from ocop.core.tests.permission_world import build_world
from ocop.core.tests.routes import api_routes, api_url_paths, url_routes

ROUTES = {route.key: route for route in [*url_routes(), *api_routes(api)]}
CASES = [
    pytest.param(key, method, persona, id=f"{method} {key} as {persona}")
    for key in sorted(ROUTES)
    for method, answers in (matrix.expected(key) or {}).items()
    for persona in answers
]


@pytest.fixture(scope="module")
def matrix_world(django_db_setup, django_db_blocker, tmp_path_factory):
    media = tmp_path_factory.mktemp("matrix-media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media):
        outer = transaction.atomic()
        outer.__enter__()
        try:
            world = build_world()
            world.sessions = {persona: _session(user) for persona, user in matrix.users(world).items()}
            yield world
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def _session(user) -> str | None:
    if user is None:
        return None
    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def call(world, route, method: str, persona: str):
    client = Client()
    if world.sessions[persona]:
        client.cookies[settings.SESSION_COOKIE_NAME] = world.sessions[persona]
    url = url_for(route, world)
    query = matrix.query_for(route, world)
    if method == "GET":
        return client.get(url, query)
    url += "?" + urlencode(query) if query else ""
    body = matrix.body_for(route, world)
    if route.api_methods:
        return client.generic(method, url, json.dumps(body), "application/json")
    return client.post(url, body)


@pytest.mark.parametrize(("key", "method", "persona"), CASES)
def test_route_answers_as_the_matrix_says(matrix_world, db, key, method, persona):
    route = ROUTES[key]
    want = matrix.expected(key)[method][persona]
    response = call(matrix_world, route, method, persona)
    allowed = matrix.ALLOWED.get(want, {want})
    assert response.status_code in allowed, (
        f"{method} {url_for(route, matrix_world)} as {persona}: {response.status_code}, want {want}"
    )
    if response.status_code == 302 and persona == "anonymous" and key.startswith(("admin:", "portal:")) \
            and key not in ("admin:logout", "portal:logout"):
        assert "dang-nhap" in response["Location"] or "/admin/login/" in response["Location"]
    if method == "GET" and response.status_code == 200 and "text/html" in response.get("Content-Type", "") \
            and not getattr(response, "streaming", False) and b"<html" in response.content:
        # Every full page has a title of its own (three programme admin pages once had an empty
        # <title>; an admin page with no title of its own reads " | Quản trị OCOP").
        title = re.search(rb"<title>(.*?)</title>", response.content, re.S)
        text = html.unescape(title.group(1).decode()).strip() if title else ""
        assert text and all(part.strip() for part in text.split("|")), (
            f"GET {url_for(route, matrix_world)} as {persona}: <title>{text}</title> has no title of its own")


# --- The matrix covers every route, and only routes that exist -------------------------------------

def missing_entries(routes) -> list[str]:
    return sorted(route.key for route in routes if matrix.expected(route.key) is None)


def test_every_route_and_api_operation_has_an_entry():
    assert missing_entries(ROUTES.values()) == []


def test_every_api_url_is_an_openapi_operation():
    assert api_url_paths() <= {route.pattern for route in ROUTES.values() if route.api_methods}


def test_no_entry_names_a_route_that_does_not_exist():
    assert sorted(set(matrix.EXPLICIT) - set(ROUTES)) == []


def test_a_new_route_without_an_entry_fails_the_matrix():
    def new_page(request):  # pragma: no cover - never called
        raise AssertionError

    fake = types.ModuleType("matrix_fake_urls")
    fake.urlpatterns = [
        path("moi/", new_page, name="brand_new_page"),
        # The root's own patterns (i18n_patterns may not sit under include()).
        *importlib.import_module(settings.ROOT_URLCONF).urlpatterns,
    ]
    sys.modules[fake.__name__] = fake
    try:
        routes = url_routes(fake.__name__)
    finally:
        del sys.modules[fake.__name__]
    assert missing_entries(routes) == ["brand_new_page"]


def test_every_method_an_entry_names_is_checked_for_every_persona():
    for key in ROUTES:
        for method, answers in (matrix.expected(key) or {}).items():
            assert set(answers) == set(matrix.PERSONAS), (key, method)

