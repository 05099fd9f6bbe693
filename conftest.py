"""Fixtures shared by every test: the demo map and the named personas, both built through the services."""

from __future__ import annotations

import fcntl
import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import override_settings
from django.utils import translation
from hypothesis import settings as hypothesis_settings
from whitenoise.middleware import WhiteNoiseMiddleware

from sciencecity.accounts.models import User
from sciencecity.accounts.personas import personas_ensure
from sciencecity.core.tests.replay import replayed
from sciencecity.demo.loader import LoadReport, load_demo

# No example may fail for being slow: a test's verdict must not depend on the machine's speed or load.
hypothesis_settings.register_profile("sciencecity", deadline=None)
hypothesis_settings.load_profile("sciencecity")


# A test's SQLite writer may wait this long for the write lock (the site waits 20 s, settings.py): the
# concurrency tests start 20-50 writers at once on 2 cores beside another test process, and SQLite lets no
# writer jump the queue fairly, so one of them can wait for nearly the whole run.
TEST_SQLITE_BUSY_TIMEOUT_MS = 120_000


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix: None) -> None:
    """pytest-django's hook before the test databases are made: SQLite writers wait longer in tests."""
    from django.db import connections

    for alias in connections:
        options = connections[alias].settings_dict.get("OPTIONS", {})
        command = options.get("init_command", "")
        if connections[alias].vendor == "sqlite" and "busy_timeout" in command:
            options["init_command"] = re.sub(
                r"busy_timeout=\d+", f"busy_timeout={TEST_SQLITE_BUSY_TIMEOUT_MS}", command
            )


@pytest.fixture(autouse=True, scope="session")
def _quick_password_hashing() -> Iterator[None]:
    """Tests make thousands of accounts and sign-ins; the production hasher's million PBKDF2 rounds are not
    under test and took most of the suite's time. Django's own tests use MD5 for the same reason."""
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture(autouse=True, scope="session")
def _static_files_listed_once() -> Iterator[None]:
    """Every test client builds the middleware anew, and WhiteNoise then lists and stats every static file of
    every app (an eighth of the suite's time). The files do not change while the tests run: listed once."""
    list_files = WhiteNoiseMiddleware.add_files_from_finders
    listed: dict[str, dict[str, Any]] = {}

    def add_files_from_finders(self: WhiteNoiseMiddleware) -> None:
        if self.static_prefix not in listed:
            before = set(self.files)
            list_files(self)
            listed[self.static_prefix] = {url: f for url, f in self.files.items() if url not in before}
        self.files.update(listed[self.static_prefix])

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(WhiteNoiseMiddleware, "add_files_from_finders", add_files_from_finders)
        yield


@pytest.fixture(autouse=True)
def _many_connections_one_test_at_a_time(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[None]:
    """A test marked ``many_connections`` opens a connection per thread (up to fifty). Two of them at once on
    two pytest-xdist workers exhaust PostgreSQL's 100 clients, so they take turns: an exclusive lock on a
    file that every worker of the run shares (the parent of the workers' temporary directories)."""
    if request.node.get_closest_marker("many_connections") is None:
        yield
        return
    lock_path = tmp_path_factory.getbasetemp().parent / "many-connections.lock"
    with open(lock_path, "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


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
    return replayed("demo map", load_demo)


@pytest.fixture
def personas(db: None, request: pytest.FixtureRequest) -> dict[str, User]:
    # Roles are granted for facilities on the map: when a test also asks for the map, load it first.
    if "demo_map" in request.fixturenames:
        request.getfixturevalue("demo_map")
    return replayed(
        "personas",
        lambda: personas_ensure(password="correct-horse-battery"),
        keep=lambda users: {name: user.pk for name, user in users.items()},
        restore=lambda keys: {name: User.objects.get(pk=pk) for name, pk in keys.items()},
    )
