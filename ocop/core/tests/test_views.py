import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_healthz_reports_database_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"]["status"] == "ok"
    assert body["database"]["vendor"] in {"sqlite", "postgresql"}
    assert "no-cache" in response["Cache-Control"]


def test_healthz_rejects_post(client):
    assert client.post("/healthz").status_code == 405


def test_catalog_home_is_vietnamese_by_default_with_strict_csp(client):
    response = client.get("/")
    assert response.status_code == 200
    assert "Mỗi xã một sản phẩm" in response.text
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-eval" not in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp


def test_admin_gets_relaxed_csp_only_there(client):
    response = client.get(reverse("admin:login"))
    assert response.status_code == 200
    assert "'unsafe-eval'" in response["Content-Security-Policy"]


def test_security_headers(client):
    response = client.get("/")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"


def test_language_switch_to_english(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"}, follow=True)
    assert response.status_code == 200
    assert 'lang="en"' in response.text
    admin_login = client.get(reverse("admin:login"))
    assert "Log in" in admin_login.text or "Username" in admin_login.text


@pytest.mark.parametrize("name", ["national", "province", "commune_a", "other_province", "auditor"])
def test_admin_index_opens_for_every_staff_persona(client, personas, name):
    client.force_login(getattr(personas, name))
    assert client.get(reverse("admin:index")).status_code == 200


def test_admin_index_redirects_anonymous_and_producer_to_login(client, personas):
    assert client.get(reverse("admin:index")).status_code == 302
    client.force_login(personas.producer)
    assert client.get(reverse("admin:index")).status_code == 302


def test_vietnamese_even_for_an_english_browser(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert 'lang="vi"' in response.text
    assert response["Content-Language"] == "vi"
