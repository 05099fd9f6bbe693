"""On SQLite a writer waits for the write lock instead of failing: 20 s on the site (settings.py), longer in
the tests, whose concurrency tests queue 20-50 writers at once beside another test process."""

import pytest
from django.db import connection


@pytest.mark.django_db
def test_a_test_connection_waits_longer_than_the_site_for_the_write_lock():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's setting")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA busy_timeout")
        (waits_ms,) = cursor.fetchone()
    assert waits_ms > 20_000
