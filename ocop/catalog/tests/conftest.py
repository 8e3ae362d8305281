import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def fresh_cache_and_media(settings, tmp_path):
    """Each test starts with an empty cache (catalog pages, rate limits); uploads go to tmp."""
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def catalog(units):
    from ocop.catalog.tests.factories import Catalog

    return Catalog(units)
