"""The API's scope for every persona, the same as the back office's (ocop.accounts.scope):
in scope 200, out of scope 404, read-only roles 403 on writes, anonymous 401 on private endpoints.

The personas and the catalog are built once for the module (conftest.py, ``module_db``): no test
here changes them; the dossiers and tokens a test writes roll back with its savepoint."""

import pytest

from ocop.catalog.tests.factories import Catalog
from ocop.core.testing import read_only_personas  # noqa: F401  (personas built once for the module)
from ocop.rating.models import Dossier

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def catalog(shared_personas):
    return Catalog(shared_personas.units)

API = "/api/v1"
READERS_OF_COMMUNE_B = {"superuser", "national", "auditor", "province", "commune_b"}
PERSONAS = ["superuser", "national", "auditor", "province", "commune_a", "commune_b", "other_province", "producer"]


@pytest.fixture
def dossier_b(catalog):
    """A draft dossier of a product of commune B, filed by its commune officer (assisted)."""
    return Dossier.objects.create(product=catalog.revoked, unit=catalog.revoked.unit, year=2026,
                                  criteria_set=catalog.revoked.criteria_set, assisted=True, consent_note="Đồng ý")


def login(client, personas, persona):
    if persona != "anonymous":
        client.force_login(getattr(personas, persona))


@pytest.mark.parametrize("persona", PERSONAS)
def test_unpublished_product_of_commune_b_by_persona(client, personas, catalog, persona):
    login(client, personas, persona)
    response = client.get(f"{API}/products/{catalog.revoked.pk}")
    assert response.status_code == (200 if persona in READERS_OF_COMMUNE_B else 404)
    if response.status_code == 200:
        assert response.json()["published"] is False and response.json()["certificate"] is None


def test_unpublished_product_is_404_for_anonymous(client, catalog):
    assert client.get(f"{API}/products/{catalog.revoked.pk}").status_code == 404


@pytest.mark.parametrize("persona", PERSONAS)
def test_product_lists_follow_the_scope(client, personas, catalog, persona):
    login(client, personas, persona)
    ids = {p["id"] for p in client.get(f"{API}/products", {"limit": 100}).json()["items"]}
    assert (catalog.revoked.pk in ids) == (persona in READERS_OF_COMMUNE_B)
    assert (catalog.tra.pk in ids) == (persona in {"superuser", "national", "auditor", "other_province"})


@pytest.mark.parametrize("persona", PERSONAS)
def test_producer_of_commune_b_by_persona(client, personas, catalog, persona):
    login(client, personas, persona)
    response = client.get(f"{API}/producers/{catalog.producer_b.pk}")
    assert response.status_code == (200 if persona in READERS_OF_COMMUNE_B else 404)
    if response.status_code == 200:
        assert response.json()["tax_code"] == catalog.producer_b.tax_code


@pytest.mark.parametrize("persona", PERSONAS)
def test_revoked_certificate_by_persona(client, personas, catalog, persona):
    """Verification is public: every persona, in scope or not, reads a revoked certificate."""
    login(client, personas, persona)
    response = client.get(f"{API}/certificates/{catalog.cert_revoked.uid}")
    assert response.status_code == 200
    assert response.json()["status"] == "revoked"


@pytest.mark.parametrize("persona", PERSONAS)
def test_dossier_read_by_persona(client, personas, dossier_b, persona):
    login(client, personas, persona)
    response = client.get(f"{API}/dossiers/{dossier_b.pk}")
    assert response.status_code == (200 if persona in READERS_OF_COMMUNE_B else 404)
    listed = {d["id"] for d in client.get(f"{API}/dossiers").json()["items"]}
    assert (dossier_b.pk in listed) == (persona in READERS_OF_COMMUNE_B)


@pytest.mark.parametrize("url", ["/dossiers", "/dossiers/1", "/indicators"])
def test_private_endpoints_are_401_for_anonymous(client, url):
    response = client.get(API + url)
    assert response.status_code == 401
    assert response.json()["type"] == "urn:ocop:problem:unauthorized"


def test_writes_are_401_for_anonymous(client, dossier_b):
    assert client.post(f"{API}/dossiers", {"product_id": dossier_b.product_id},
                       content_type="application/json").status_code == 401
    assert client.patch(f"{API}/dossiers/{dossier_b.pk}", {}, content_type="application/json").status_code == 401


@pytest.mark.parametrize(("persona", "status"), [
    ("auditor", 403),         # read-only role
    ("commune_b", 200),       # the commune officer who filed it on the producer's behalf
    ("commune_a", 404), ("other_province", 404), ("producer", 404),
])
def test_dossier_update_by_persona(client, personas, dossier_b, persona, status):
    login(client, personas, persona)
    response = client.patch(f"{API}/dossiers/{dossier_b.pk}", {"product_spec": "Hộp 500 g"},
                            content_type="application/json")
    assert response.status_code == status, response.json()
    dossier_b.refresh_from_db()
    assert (dossier_b.product_spec == "Hộp 500 g") == (status == 200)


@pytest.mark.parametrize(("persona", "status"), [
    ("auditor", 403),
    ("commune_b", 201),
    ("province", 403),        # in scope, but the producer side files dossiers
    ("commune_a", 404), ("other_province", 404),
])
def test_dossier_create_by_persona(client, personas, catalog, persona, status):
    login(client, personas, persona)
    payload = {"product_id": catalog.dieu.pk, "assisted": True, "consent_note": "Chủ hộ đồng ý qua điện thoại"}
    response = client.post(f"{API}/dossiers", payload, content_type="application/json")
    assert response.status_code == status, response.json()
    if status == 201:
        body = response.json()
        assert body["status"] == "draft" and body["assisted"] is True
        assert "submitted" in body["allowed_moves"]


def test_service_rules_come_back_as_422(client, personas, catalog):
    client.force_login(personas.commune_b)
    response = client.post(f"{API}/dossiers", {"product_id": catalog.dieu.pk}, content_type="application/json")
    assert response.status_code == 422  # a commune officer must file in assisted mode
    assert "assisted" in {e["field"] for e in response.json()["errors"]}


def test_an_impossible_move_is_422_and_a_wrong_role_403(client, personas, dossier_b):
    """The one convention of ocop.core.transitions, as on the pages: a move the status does not
    have (or an unknown or service-only status) 422, a move the role may not make 403."""
    client.force_login(personas.commune_b)
    for target, status in [("accepted", 422), ("nonsense", 422), ("rated", 422)]:
        response = client.post(f"{API}/dossiers/{dossier_b.pk}/transitions", {"to": target},
                               content_type="application/json")
        assert response.status_code == status, (target, response.json())
    client.force_login(personas.province)
    response = client.post(f"{API}/dossiers/{dossier_b.pk}/transitions", {"to": "withdrawn"},
                           content_type="application/json")
    assert response.status_code == 403, response.json()
    dossier_b.refresh_from_db()
    assert dossier_b.status == "draft"


def test_session_writes_need_csrf(personas, dossier_b):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(personas.commune_b)
    response = client.patch(f"{API}/dossiers/{dossier_b.pk}", {"product_spec": "x"}, content_type="application/json")
    assert response.status_code == 403


def test_bearer_token_acts_with_the_users_scope(client, personas, dossier_b, bearer):
    assert client.get(f"{API}/dossiers/{dossier_b.pk}", headers=bearer(personas.commune_b)).status_code == 200
    assert client.get(f"{API}/dossiers/{dossier_b.pk}", headers=bearer(personas.commune_a)).status_code == 404
    response = client.patch(f"{API}/dossiers/{dossier_b.pk}", {"product_spec": "Hộp"}, content_type="application/json",
                            headers=bearer(personas.auditor))
    assert response.status_code == 403


def test_dossier_list_query_count_is_fixed(client, personas, catalog, django_assert_max_num_queries, no_rate_limit):
    for product in [catalog.dieu, catalog.revoked, catalog.inactive]:
        Dossier.objects.create(product=product, unit=product.unit, year=2026, criteria_set=product.criteria_set)
    client.force_login(personas.province)
    client.get(f"{API}/dossiers")
    with django_assert_max_num_queries(6):
        assert client.get(f"{API}/dossiers").json()["count"] == 3
