"""Fixtures shared by every test: the demo map and the named personas, both built through the services."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import translation

from sciencecity.accounts.models import User
from sciencecity.accounts.personas import personas_ensure
from sciencecity.demo.loader import LoadReport, load_demo


@pytest.fixture(autouse=True)
def _each_test_starts_in_the_default_language() -> Iterator[None]:
    """A request through LocaleMiddleware leaves its language active in the thread; no test inherits it."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _each_test_starts_with_an_empty_cache() -> None:
    """The local-memory cache outlives a test's rolled-back database, and with it the registry generation
    the cached pages are keyed by (registry/pagecache.py): no test sees another's pages."""
    cache.clear()


@pytest.fixture(autouse=True)
def _tasks_run_in_process(settings: Any) -> None:
    """Tests run background tasks at once, in the test's process (the worker tests start real workers)."""
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": []}
    }


@pytest.fixture
def demo_map(db: None) -> LoadReport:
    return load_demo()


@pytest.fixture
def personas(db: None, request: pytest.FixtureRequest) -> dict[str, User]:
    # Roles are granted for facilities on the map: when a test also asks for the map, load it first.
    if "demo_map" in request.fixturenames:
        request.getfixturevalue("demo_map")
    return personas_ensure(password="correct-horse-battery")
