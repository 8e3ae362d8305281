import pytest

from ocop.rating.tests.factories import make_world


@pytest.fixture
def world(personas):
    return make_world(personas)
