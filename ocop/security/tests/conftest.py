import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def clean_cache():
    """Throttle counters live in the cache: no attack inherits another's failures or locks."""
    cache.clear()
    yield
    cache.clear()
