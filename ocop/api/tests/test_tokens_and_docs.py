"""API tokens (hash only, shown once, revocable) and the offline OpenAPI documentation."""

import pytest
from django.urls import reverse

from ocop.api.models import ApiToken
from ocop.api.tokens import api_token_create, api_token_revoke, hash_key, user_for_key

pytestmark = pytest.mark.django_db


def test_only_a_hash_of_the_key_is_stored(personas):
    token, key = api_token_create(user=personas.province, name="Cổng tỉnh", actor=personas.province)
    stored = ApiToken.objects.get(pk=token.pk)
    assert stored.key_hash == hash_key(key) and key not in {stored.key_hash, stored.prefix}
    assert key.startswith(stored.prefix) and len(key) > 40


def test_a_revoked_token_stops_working(client, personas):
    token, key = api_token_create(user=personas.province, name="x", actor=personas.province)
    headers = {"Authorization": f"Bearer {key}"}
    assert client.get("/api/v1/dossiers", headers=headers).status_code == 200
    api_token_revoke(token=token, actor=personas.province)
    assert client.get("/api/v1/dossiers", headers=headers).status_code == 401


def test_a_token_of_an_inactive_user_stops_working(personas):
    _token, key = api_token_create(user=personas.commune_a, name="x", actor=None)
    personas.commune_a.is_active = False
    personas.commune_a.save()
    assert user_for_key(key) is None


def test_use_is_recorded(client, personas):
    token, key = api_token_create(user=personas.national, name="x", actor=None)
    client.get("/api/v1/products", headers={"Authorization": f"Bearer {key}"})
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_users_make_tokens_for_themselves_only(personas):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        api_token_create(user=personas.national, name="x", actor=personas.commune_a)


def test_admin_shows_the_key_once_and_lists_own_tokens(client, personas):
    client.force_login(personas.commune_a)
    response = client.post(reverse("admin:api_apitoken_add"), {"name": "Phần mềm xã"})
    assert response.status_code == 200 and "no-store" in response.headers["Cache-Control"]
    token = ApiToken.objects.get(user=personas.commune_a)
    key = response.context["key"]
    assert hash_key(key) == token.key_hash and key in response.text
    assert key not in client.get(reverse("admin:api_apitoken_change", args=[token.pk])).text
    api_token_create(user=personas.commune_b, name="Của người khác", actor=None)
    listing = client.get(reverse("admin:api_apitoken_changelist")).text
    assert "Phần mềm xã" in listing and "Của người khác" not in listing


def test_openapi_is_3_1_and_documents_the_error_shape(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["openapi"].startswith("3.1")
    assert set(schema["components"]["schemas"]["Problem"]["required"]) == {"type", "title", "status", "detail"}
    assert "application/problem+json" in schema["paths"]["/api/v1/products"]["get"]["responses"]["422"]["content"]
    assert schema["paths"]["/api/v1/products"]["get"]["security"] == [{"BearerAuth": []}, {}]
    assert schema["paths"]["/api/v1/dossiers"]["get"]["security"] == [{"BearerAuth": []}]


def test_docs_are_served_offline(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    assert "/static/ninja/swagger-ui-bundle.js" in response.text
    assert "cdn" not in response.text.lower()
    assert "'unsafe-inline'" in response.headers["Content-Security-Policy"]  # Swagger UI only
    assert client.get("/static/ninja/swagger-ui-bundle.js").status_code == 200


def test_unknown_query_parameters_are_refused(client):
    response = client.get("/api/v1/products", {"star": "5"})
    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": "star", "message": "Tham số không được hỗ trợ.",
                                          "code": "unknown_parameter"}]


def test_a_list_body_is_refused(client, personas):
    client.force_login(personas.superuser)
    response = client.patch("/api/v1/dossiers/1", [None, None], content_type="application/json")
    assert response.status_code in (404, 422)
    response = client.post("/api/v1/dossiers", [1], content_type="application/json")
    assert response.status_code == 422
