import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def fresh_cache(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()


@pytest.fixture
def catalog(units):
    from ocop.catalog.tests.factories import Catalog

    return Catalog(units)
