"""Property-based API testing with schemathesis against our own OpenAPI schema, through the WSGI
application: every operation (19), with two tokens: a superuser's, so the write endpoints run to
the end, and a province official's (Đồng Nai), so the scoped paths answer 404/403/422 as
documented. No request may produce a server error, and every response must match the schema
(status codes, content type, body).

Up to FUZZ_EXAMPLES generated requests per operation and persona (20 in CI; `make fuzz` runs 500).

One check is left out: positive_data_acceptance. The rating services enforce rules beyond the
schema (the dossier's workflow state, who may file, a commune officer files in assisted mode), and
answer schema-valid requests that break them with 422 and the reason — by design.
"""

import os

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from ocop.rating.models import Dossier

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "20"))


@pytest.fixture
def same_connection():
    """The WSGI handler closes database connections at the end of each request, which would
    close the test's transaction on PostgreSQL; Django's own test client switches this off too."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture(params=["superuser", "province"])
def token_headers(request, same_connection, personas, catalog, bearer):
    for product in (catalog.dieu, catalog.banh_pia):
        Dossier.objects.create(product=product, unit=product.unit, year=2026, criteria_set=product.criteria_set,
                               assisted=True, consent_note="Đồng ý")
    # The WSGI transport hands schemathesis the raw bytes: ask for them uncompressed.
    return {**bearer(getattr(personas, request.param)), "Accept-Encoding": "identity"}


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.filter_too_much])
def test_api_conforms_to_its_schema(case, token_headers):
    case.call_and_validate(headers=token_headers, excluded_checks=[positive_data_acceptance])
