"""Schemathesis fuzzes every operation of the live OpenAPI spec over the demo map and finds nothing.

Each operation runs schemathesis' examples, coverage and fuzzing phases (valid and invalid requests alike)
with its default checks: no 5xx, every status and body as documented, invalid input refused, valid input
accepted. The run is bounded and reproducible: a fixed number of examples, derandomized, no deadline, no
example database.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler

from sciencecity.core.tests.fuzzing import SPEC, connections_kept_open, fuzz_settings

# The spec is the one the app serves, read like any client would (building it needs no database).
schema = schemathesis.openapi.from_wsgi(SPEC, WSGIHandler(), config=schemathesis.Config())


@pytest.fixture
def kept_open() -> Iterator[None]:
    with connections_kept_open():
        yield


@schema.parametrize()
@fuzz_settings(examples=30)
@pytest.mark.usefixtures("kept_open")
def test_every_api_operation_answers_as_its_spec_says(case: schemathesis.Case, demo_map: object) -> None:
    case.call_and_validate()
