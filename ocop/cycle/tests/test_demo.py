"""The demo seed runs on the standard test units and is idempotent."""

import pytest

from ocop.cycle.demo import seed
from ocop.cycle.models import Cycle, ProductIdea

pytestmark = pytest.mark.django_db


def test_seed_is_idempotent_and_covers_every_status(units):
    from ocop.accounts.demo import seed as accounts_seed
    from ocop.registry.tests.factories import HouseholdFactory

    accounts_seed(log=lambda *_: None)
    for name in ("Hộ Bánh tráng", "Hộ Nem chua"):
        HouseholdFactory(unit=units.commune_a, name=name)
    for name in ("Hộ Sữa chua", "Hộ Giò chả"):
        HouseholdFactory(unit=units.commune_b, name=name)
    first = seed(log=lambda *_: None)
    assert first["cycles"] == 3 and first["ideas"] == 6 and first["registrations"] == 1
    assert Cycle.objects.get(unit=units.dong_nai, year=2026).steps.count() == 6
    statuses = set(ProductIdea.objects.values_list("status", flat=True))
    assert statuses == {"submitted", "accepted", "rejected"}
    again = seed(log=lambda *_: None)
    assert again == {"cycles": 0, "publicity": 0, "ideas": 0, "registrations": 0}
