"""Schemathesis fuzzes every operation of the live OpenAPI spec over the demo map and finds nothing.

Each operation runs schemathesis' examples, coverage and fuzzing phases (valid and invalid requests alike)
with its default checks: no 5xx, every status and body as documented, invalid input refused, valid input
accepted. The run is bounded and reproducible: a fixed number of examples, derandomized, no deadline, no
example database.
"""

from __future__ import annotations

from collections.abc import Iterator

import hypothesis
import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections

EXAMPLES_PER_OPERATION = 30

# The spec is the one the app serves, read like any client would (building it needs no database). The calls
# are in-process WSGI requests on the test's own database connection, so they see the demo map on SQLite and
# PostgreSQL alike.
schema = schemathesis.openapi.from_wsgi("/api/openapi.json", WSGIHandler(), config=schemathesis.Config())


@pytest.fixture
def connections_kept_open() -> Iterator[None]:
    """Like Django's test client: a request must not close the connection that holds the test's transaction
    (on PostgreSQL it would, since the connection is not in autocommit mode inside the test)."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@schema.parametrize()
@hypothesis.settings(
    max_examples=EXAMPLES_PER_OPERATION,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(hypothesis.HealthCheck),
)
@pytest.mark.usefixtures("connections_kept_open")
def test_every_api_operation_answers_as_its_spec_says(case: schemathesis.Case, demo_map: object) -> None:
    case.call_and_validate()
