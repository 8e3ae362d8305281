from dataclasses import dataclass

import pytest

from ocop.cycle.tests.factories import member
from ocop.registry.models import Producer
from ocop.registry.tests.factories import HouseholdFactory


@dataclass
class World:
    """Producers around the standard personas: A is the producer persona's own (commune A)."""

    a: Producer
    a2: Producer
    b: Producer
    hcm: Producer


@pytest.fixture
def world(personas) -> World:
    units = personas.units
    a = HouseholdFactory(unit=units.commune_a, name="Hợp tác xã Trấn Biên")
    member(personas.producer, a)
    return World(
        a=a,
        a2=HouseholdFactory(unit=units.commune_a, name="Hộ Nguyễn Văn Hai"),
        b=HouseholdFactory(unit=units.commune_b, name="Hộ Trần Thị Ba"),
        hcm=HouseholdFactory(unit=units.hcm_commune, name="Hộ Sài Gòn"),
    )
