import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def fresh_cache_and_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def catalog(units):
    from ocop.catalog.tests.factories import Catalog

    return Catalog(units)


@pytest.fixture
def bearer():
    """Authorization headers for a user, through a real token."""
    from ocop.api.tokens import api_token_create

    def make(user):
        _token, key = api_token_create(user=user, name="test", actor=None)
        return {"Authorization": f"Bearer {key}"}

    return make


@pytest.fixture
def no_rate_limit(settings):
    """Query-count pins measure the endpoint, not the rate limit's counter (tested on its own)."""
    settings.OCOP_API_RATE_PER_ADDRESS = 0
    settings.OCOP_API_RATE_PER_TOKEN = 0
