"""On PostgreSQL the site's connections plan queries without parallel workers unless DATABASE_PARALLEL_WORKERS
asks for them: on a web server the cores are busy serving other requests."""

import pytest
from django.db import connection


@pytest.mark.django_db
def test_the_sites_connection_plans_without_parallel_workers():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's setting")
    with connection.cursor() as cursor:
        cursor.execute("SHOW max_parallel_workers_per_gather")
        assert cursor.fetchone() == ("0",)
