"""Program indicators through the API (ocop.program's registry), within the caller's scope."""

import pytest
from django.apps import apps
from django.utils import timezone

from ocop.core.testing import read_only_personas  # noqa: F401  (personas built once for the module)

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not apps.is_installed("ocop.program"), reason="ocop.program is not installed"),
]

API = "/api/v1/indicators"


def test_the_registry_is_listed(client, personas):
    client.force_login(personas.auditor)
    codes = {i["code"] for i in client.get(API).json()}
    assert {"products_certified", "new_producers"} <= codes


def test_a_value_for_a_province_and_a_year(client, personas, catalog):
    client.force_login(personas.province)
    year = timezone.localdate().year
    body = client.get(f"{API}/products_certified", {"year": year, "unit": personas.units.dong_nai.pk}).json()
    assert body["unit"]["code"] == "75" and body["year"] == year
    assert body["value"] is not None and float(body["value"]) >= 2


@pytest.mark.parametrize(("persona", "status"), [
    ("national", 200), ("auditor", 200), ("province", 200), ("superuser", 200),
    ("other_province", 404), ("commune_a", 404),
])
def test_unit_scope_by_persona(client, personas, persona, status):
    client.force_login(getattr(personas, persona))
    response = client.get(f"{API}/new_producers", {"year": 2026, "unit": personas.units.dong_nai.pk})
    assert response.status_code == status


def test_errors(client, personas):
    assert client.get(f"{API}/new_producers", {"year": 2026}).status_code == 401
    client.force_login(personas.national)
    assert client.get(f"{API}/no_such_indicator", {"year": 2026}).status_code == 404
    assert client.get(f"{API}/new_producers", {"year": 2026, "unit": personas.units.commune_a.pk}).status_code == 422
    assert client.get(f"{API}/new_producers").status_code == 422  # the year is required
