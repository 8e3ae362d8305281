"""The API's conventions, called as an integrator would (docs/api.md): RFC 9457 problems for every
error class, 409 for state conflicts, strict types, HEAD and OPTIONS, CORS on the public reads
only, gzip, the rate limit with Retry-After, readable operation ids and enum names."""

import gzip
import json

import pytest

from ocop.rating.models import Dossier
from ocop.rating.workflow import DossierStatus

pytestmark = pytest.mark.django_db
API = "/api/v1"


@pytest.fixture
def draft(catalog):
    return Dossier.objects.create(product=catalog.dieu, unit=catalog.dieu.unit, year=2026,
                                  criteria_set=catalog.dieu.criteria_set, assisted=True, consent_note="Đồng ý")


def problem(response, status: int, slug: str) -> dict:
    assert response.status_code == status, response.content[:400]
    assert response["Content-Type"] == "application/problem+json; charset=utf-8"
    body = response.json()
    assert body["type"] == f"urn:ocop:problem:{slug}" and body["status"] == status
    assert body["title"] and body["detail"] and body["instance"]
    return body


def test_400_a_body_that_is_not_json(client, personas, bearer, draft):
    response = client.patch(f"{API}/dossiers/{draft.pk}", "{không phải json", content_type="application/json",
                            headers=bearer(personas.commune_b))
    body = problem(response, 400, "bad-request")
    assert body["title"] == "Yêu cầu không hợp lệ" and "JSON" in body["detail"]


def test_401_without_credentials(client):
    body = problem(client.get(f"{API}/dossiers"), 401, "unauthorized")
    assert body["title"] == "Cần xác thực"


def test_403_a_read_only_role_writes(client, personas, bearer, draft):
    response = client.patch(f"{API}/dossiers/{draft.pk}", {"product_spec": "Hộp 500 g"},
                            content_type="application/json", headers=bearer(personas.auditor))
    body = problem(response, 403, "forbidden")
    assert body["detail"] == "Vai trò chỉ xem không được ghi dữ liệu."


@pytest.mark.parametrize("path", ["/products/999999", "/khong-co", "/products/", "/certificates/by-code/1-2-3"])
def test_404_is_a_problem_for_records_unknown_paths_and_a_trailing_slash(client, catalog, path):
    body = problem(client.get(API + path), 404, "not-found")
    if path == "/products/":
        assert "/api/v1/products" in body["detail"] and "«/»" in body["detail"]


@pytest.mark.parametrize("path", ["/api", "/api/v1", "/api/v1/"])
def test_the_roots_are_problems_never_a_redirect(client, path):
    """/api/v1 was a 301 (text/html) to /api/v1/, itself a 404: APPEND_SLASH is off under /api/."""
    body = problem(client.get(path), 404, "not-found")
    assert "/api/v1/openapi.json" in body["detail"]


def test_responses_vary_on_the_language_they_follow(client, catalog):
    """Labels, titles and links follow Accept-Language, so a shared cache must key on it."""
    vietnamese = client.get(f"{API}/certificates/{catalog.cert_revoked.uid}")
    english = client.get(f"{API}/certificates/{catalog.cert_revoked.uid}", headers={"Accept-Language": "en"})
    assert (vietnamese.json()["status_label"], english.json()["status_label"]) == ("Đã thu hồi", "Revoked")
    assert vietnamese["ETag"] != english["ETag"]
    for response in (vietnamese, english, client.get(f"{API}/khong-co"), client.delete(f"{API}/products")):
        assert "Accept-Language" in response["Vary"]


def test_405_with_allow(client):
    response = client.delete(f"{API}/products")
    body = problem(response, 405, "method-not-allowed")
    assert response["Allow"] == "GET, HEAD, OPTIONS" and "DELETE" in body["detail"]


def test_409_editing_a_submitted_dossier(client, personas, bearer, draft):
    Dossier.objects.filter(pk=draft.pk).update(status=DossierStatus.SUBMITTED)
    response = client.patch(f"{API}/dossiers/{draft.pk}", {"product_spec": "Hộp 500 g"},
                            content_type="application/json", headers=bearer(personas.commune_b))
    body = problem(response, 409, "conflict")
    assert body["detail"] == "Hồ sơ đã nộp, không sửa được nữa."


def test_422_field_errors_in_vietnamese_and_strict_types(client, personas, bearer, draft):
    response = client.patch(f"{API}/dossiers/{draft.pk}", {"samples_count": False, "registration_no": 5},
                            content_type="application/json", headers=bearer(personas.commune_b))
    body = problem(response, 422, "validation")
    assert sorted(body["errors"], key=lambda e: e["field"]) == [
        {"field": "registration_no", "message": "Phải là chuỗi ký tự.", "code": "string_type"},
        {"field": "samples_count", "message": "Phải là số nguyên.", "code": "int_type"},
    ]
    draft.refresh_from_db()
    assert draft.samples_count != 0  # `false` was not taken for 0
    stamp = problem(client.get(f"{API}/products", {"updated_since": "0.5"}), 422, "validation")
    assert stamp["errors"][0]["field"] == "updated_since"  # no Unix timestamp behind an ISO 8601 field
    assert stamp["errors"][0]["message"] == "Phải là thời điểm theo ISO 8601."
    query = problem(client.get(f"{API}/certificates", {"status": "fake"}), 422, "validation")
    assert query["errors"][0]["field"] == "status"
    assert query["errors"][0]["message"].startswith("Phải là một trong: valid, expiring, expired, revoked")


def test_errors_in_english_on_request(client):
    body = problem(client.get(f"{API}/products", {"stars": "9"}, headers={"Accept-Language": "en"}), 422,
                   "validation")
    assert body["title"] == "Invalid data" and body["errors"][0]["message"] == "Must be at most 5."


def test_429_after_the_limit_with_retry_after(client, catalog, settings):
    settings.OCOP_API_RATE_PER_ADDRESS = 5
    settings.OCOP_API_RATE_WINDOW_SECONDS = 3600
    answers = [client.get(f"{API}/units") for _ in range(7)]
    assert [a.status_code for a in answers] == [200] * 5 + [429] * 2
    body = problem(answers[-1], 429, "rate-limited")
    assert 1 <= int(answers[-1]["Retry-After"]) <= 3600 and answers[-1]["Retry-After"] in body["detail"]
    # Another address has its own count; a token has its own, higher limit.
    assert client.get(f"{API}/units", REMOTE_ADDR="10.0.0.9").status_code == 200


def test_429_per_token(client, personas, bearer, settings):
    settings.OCOP_API_RATE_PER_TOKEN = 3
    settings.OCOP_API_RATE_WINDOW_SECONDS = 3600
    headers = bearer(personas.province)
    assert [client.get(f"{API}/dossiers", headers=headers).status_code for _ in range(4)] == [200] * 3 + [429]
    assert client.get(f"{API}/dossiers", headers=bearer(personas.national)).status_code == 200  # another token
    assert client.get(f"{API}/units").status_code == 200  # anonymous callers count by address


def test_cors_on_public_reads_only(client, catalog, draft, personas, bearer):
    for path in ["/products", "/certificates", f"/certificates/{catalog.cert_revoked.uid}", "/units",
                 "/openapi.json"]:
        response = client.get(API + path, HTTP_ORIGIN="https://example.org")
        assert response.status_code == 200
        assert response["Access-Control-Allow-Origin"] == "*", path
        assert "Access-Control-Allow-Credentials" not in response
    private = client.get(f"{API}/dossiers", HTTP_ORIGIN="https://example.org", headers=bearer(personas.province))
    assert private.status_code == 200 and "Access-Control-Allow-Origin" not in private
    write = client.post(f"{API}/dossiers", {}, content_type="application/json", HTTP_ORIGIN="https://example.org")
    assert "Access-Control-Allow-Origin" not in write
    preflight = client.options(f"{API}/products", HTTP_ORIGIN="https://example.org",
                               HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET")
    assert preflight.status_code == 204 and preflight["Allow"] == "GET, HEAD, OPTIONS"
    assert preflight["Access-Control-Allow-Origin"] == "*"
    assert preflight["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
    private_preflight = client.options(f"{API}/dossiers", HTTP_ORIGIN="https://example.org")
    assert private_preflight.status_code == 204 and private_preflight["Allow"] == "GET, HEAD, OPTIONS, POST"
    assert "Access-Control-Allow-Origin" not in private_preflight


def test_head_is_get_without_a_body(client, catalog):
    get = client.get(f"{API}/products")
    head = client.head(f"{API}/products")
    assert head.status_code == 200 and head.content == b""
    assert head["Content-Type"] == get["Content-Type"] and int(head["Content-Length"]) == len(get.content)
    compressed = {"Accept-Encoding": "gzip"}  # the GET's headers, compression included
    gzipped, head_gzipped = client.get(f"{API}/products", headers=compressed), client.head(f"{API}/products",
                                                                                          headers=compressed)
    assert head_gzipped.content == b"" and head_gzipped["Content-Encoding"] == "gzip"
    assert head_gzipped["ETag"] == gzipped["ETag"]
    # The compressed length (Django pads each gzip body with up to 100 random bytes against BREACH).
    assert abs(int(head_gzipped["Content-Length"]) - len(gzipped.content)) <= 100 < len(get.content) - len(gzipped.content)
    missing = client.head(f"{API}/khong-co")  # an error's HEAD: the problem's headers, no body
    assert missing.status_code == 404 and missing.content == b""
    assert missing["Content-Type"] == "application/problem+json; charset=utf-8"


def test_gzip_on_api_json_not_on_html_pages(client, catalog):
    response = client.get(f"{API}/products", headers={"Accept-Encoding": "gzip"})
    assert response["Content-Encoding"] == "gzip" and "Accept-Encoding" in response["Vary"]
    assert json.loads(gzip.decompress(response.content))["count"] == 3
    # Compression makes the ETag weak (W/…); a conditional GET with it still answers 304.
    again = client.get(f"{API}/products", headers={"Accept-Encoding": "gzip", "If-None-Match": response["ETag"]})
    assert response["ETag"].startswith('W/"') and again.status_code == 304
    error = client.get(f"{API}/khong-co-" + "x" * 300, headers={"Accept-Encoding": "gzip"})  # a problem too
    assert error.status_code == 404 and error["Content-Encoding"] == "gzip"
    assert json.loads(gzip.decompress(error.content))["type"] == "urn:ocop:problem:not-found"
    page = client.get("/xac-minh/", headers={"Accept-Encoding": "gzip"})  # HTML with a form: never
    assert page.status_code == 200 and "Content-Encoding" not in page


def test_operation_ids_and_enum_names_read_well(client):
    schema = client.get(f"{API}/openapi.json").json()
    ids = {op["operationId"] for path in schema["paths"].values() for op in path.values()}
    assert {"products_list", "product_get", "certificates_list", "certificate_get", "certificate_by_code",
            "dossier_update"} <= ids
    assert not any(i.startswith("ocop_") for i in ids)
    sector = next(p for p in schema["paths"]["/api/v1/products"]["get"]["parameters"] if p["name"] == "sector")
    assert sector["schema"]["anyOf"][0]["x-enum-varnames"][0] == "SECTOR_1"
    assert schema["components"]["schemas"]["CertificateStatus"]["enum"] == ["valid", "expiring", "expired",
                                                                             "revoked", "suspended"]
    assert set(schema["paths"]["/api/v1/dossiers/{dossier_id}"]["patch"]["responses"]) >= {"409", "422", "429"}


# --- 409 on the council's sheets: a valid request the record's state refuses -------------------------

@pytest.fixture
def seated(personas):
    """A council member of an accepted dossier (the rating app's world) with their API key."""
    from ocop.rating.tests.factories import accepted_dossier, make_world

    world = make_world(personas)
    return world, accepted_dossier(world), world.members[0]


def test_409_a_submitted_sheet_and_a_second_declaration(client, bearer, seated):
    from ocop.rating.tests.factories import best_sheet

    _world, dossier, member = seated
    headers = bearer(member)
    base = f"{API}/dossiers/{dossier.pk}/sheets/province"
    declared = client.post(f"{base}/conflict", {"has_conflict": False}, content_type="application/json",
                           headers=headers)
    assert declared.status_code == 200, declared.content
    again = client.post(f"{base}/conflict", {"has_conflict": False}, content_type="application/json", headers=headers)
    assert problem(again, 409, "conflict")["detail"] == "Bạn đã kê khai xung đột lợi ích cho hồ sơ này."
    sheet = {"answers": best_sheet(), "submit": True}
    assert client.put(f"{base}/mine", sheet, content_type="application/json", headers=headers).status_code == 200
    resubmitted = client.put(f"{base}/mine", sheet, content_type="application/json", headers=headers)
    assert problem(resubmitted, 409, "conflict")["detail"] == "Phiếu chấm đã nộp, không sửa được nữa."


def test_409_a_sheet_outside_the_councils_stage_and_strict_booleans(client, bearer, seated):
    _world, dossier, member = seated
    headers = bearer(member)
    base = f"{API}/dossiers/{dossier.pk}/sheets/province"
    strict = client.post(f"{base}/conflict", {"has_conflict": "false"}, content_type="application/json",
                         headers=headers)
    assert problem(strict, 422, "validation")["errors"][0]["field"] == "has_conflict"  # "false" is no boolean
    Dossier.objects.filter(pk=dossier.pk).update(status=DossierStatus.RATED)
    late = client.post(f"{base}/conflict", {"has_conflict": False}, content_type="application/json", headers=headers)
    assert problem(late, 409, "conflict")["detail"] == "Hồ sơ không ở giai đoạn chấm điểm của hội đồng."


def test_500_is_a_problem_without_the_error_text(settings):
    """An error nobody foresaw (a bug) under /api/: the problem, never Django's HTML page or the trace."""
    from django.test import Client

    settings.ROOT_URLCONF = "ocop.api.tests.urls_failing"
    response = Client(raise_request_exception=False).get(f"{API}/failing-for-tests")
    body = problem(response, 500, "server-error")
    assert body["title"] == "Lỗi hệ thống" and "secret" not in response.content.decode()
