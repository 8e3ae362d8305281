"""Property-based API testing with schemathesis against our own OpenAPI schema, through the WSGI
application: every operation, up to 20 generated requests each, with a superuser's token so the
write endpoints run too. No request may produce a server error, and every response must match
the schema (status codes, content type, body).

One check is left out: positive_data_acceptance. The rating services enforce rules beyond the
schema (the dossier's workflow state, who may file, a commune officer files in assisted mode), and
answer schema-valid requests that break them with 422 and the reason — by design.
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from ocop.rating.models import Dossier

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


@pytest.fixture
def same_connection():
    """The WSGI handler closes database connections at the end of each request, which would
    close the test's transaction on PostgreSQL; Django's own test client switches this off too."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def superuser_headers(same_connection, personas, catalog, bearer):
    for product in (catalog.dieu, catalog.banh_pia):
        Dossier.objects.create(product=product, unit=product.unit, year=2026, criteria_set=product.criteria_set,
                               assisted=True, consent_note="Đồng ý")
    return bearer(personas.superuser)


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=20, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.filter_too_much])
def test_api_conforms_to_its_schema(case, superuser_headers):
    case.call_and_validate(headers=superuser_headers, excluded_checks=[positive_data_acceptance])
