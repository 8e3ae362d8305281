import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def clean_login_counters():
    """Throttle counters live in the cache: no test inherits another's failures or locks."""
    cache.clear()
    yield
    cache.clear()
