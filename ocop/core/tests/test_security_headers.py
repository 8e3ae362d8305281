"""Security headers on every kind of response: public, portal, back office, API and its docs,
account pages, static files, redirects, and the 404 and 500 error pages."""

import pytest
from django.http import HttpResponse
from django.test import Client
from django.urls import path

from config.urls import urlpatterns as site_urlpatterns

pytestmark = pytest.mark.django_db

EXPECTED = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


def boom(request) -> HttpResponse:
    raise RuntimeError("lỗi thử nghiệm")


# This module doubles as a URLconf: the whole site plus one view that fails.
urlpatterns = [path("__boom__/", boom), *site_urlpatterns]

PUBLIC = ["/", "/san-pham/", "/tieu-chi/", "/du-lieu-mo/", "/xac-minh/khong-co-ma/", "/khong-co-trang-nay/",
          "/healthz", "/api/v1/docs", "/api/v1/openapi.json", "/api/v1/indicators", "/portal/dang-nhap/",
          "/portal/", "/admin/login/", "/admin/", "/tai-khoan/bao-mat/", "/static/ocop/site.css"]
OFFICIAL = ["/admin/", "/admin/registry/producer/", "/admin/core/auditevent/", "/admin/khong-co/",
            "/portal/chu-the/", "/tai-khoan/bao-mat/", "/api/v1/indicators"]
PRODUCER = ["/portal/", "/rating/khong-co/", "/tai-khoan/bao-mat/"]


def assert_secure(response, path):
    for name, value in EXPECTED.items():
        assert response.headers.get(name) == value, (path, name, response.headers.get(name))
    policy = response.headers.get("Content-Security-Policy", "")
    assert "frame-ancestors 'none'" in policy and "default-src" in policy, (path, policy)
    assert "camera=()" in response.headers.get("Permissions-Policy", ""), path


def walk(client, paths):
    statuses = {}
    for url in paths:
        response = client.get(url)
        assert_secure(response, url)
        statuses[url] = response.status_code
    return statuses


@pytest.mark.urls(__name__)
def test_anonymous_pages_of_every_area(client):
    statuses = walk(client, PUBLIC)
    assert statuses["/khong-co-trang-nay/"] == 404 and statuses["/healthz"] == 200
    assert statuses["/admin/"] == 302 and statuses["/static/ocop/site.css"] == 200


@pytest.mark.urls(__name__)
def test_official_and_producer_pages(client, personas):
    client.force_login(personas.province)
    statuses = walk(client, OFFICIAL)
    assert statuses["/admin/"] == 200 and statuses["/admin/khong-co/"] == 404
    client.force_login(personas.producer)
    assert walk(client, PRODUCER)["/portal/"] in (200, 302)


@pytest.mark.urls(__name__)
def test_the_500_page_carries_the_headers_too():
    client = Client(raise_request_exception=False)
    response = client.get("/__boom__/")
    assert response.status_code == 500
    assert_secure(response, "/__boom__/")


@pytest.mark.urls(__name__)
def test_public_pages_keep_the_strict_nonce_policy(client):
    policy = client.get("/").headers["Content-Security-Policy"]
    assert "'unsafe-eval'" not in policy and "script-src 'self'" in policy
    assert "'unsafe-eval'" in client.get("/admin/login/").headers["Content-Security-Policy"]


def test_only_admin_popups_may_be_framed_and_only_by_the_site(client, personas):
    """Unfold opens "add another" in a same-origin iframe with ?_popup=1."""
    client.force_login(personas.province)
    page = client.get("/admin/registry/producer/add/")
    assert page.headers["X-Frame-Options"] == "DENY"
    popup = client.get("/admin/registry/producer/add/?_popup=1")
    assert popup.status_code == 200 and popup.headers["X-Frame-Options"] == "SAMEORIGIN"
    assert "frame-ancestors 'self'" in popup.headers["Content-Security-Policy"]
