import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _rate_limits_start_afresh():
    # allauth counts attempts in the cache, which outlives a test's database transaction.
    cache.clear()
    yield
    cache.clear()
