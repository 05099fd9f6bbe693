"""Schemathesis fuzzes the scheduling operations as the signed-in user-office officer and finds nothing.

The project's fuzz test (api/tests/test_openapi_fuzz.py) calls anonymously and only meets 401s here. This
one signs in as the facility's officer over a decided call with one solved run, so the examples reach the
services: no 5xx, every status and body as documented. Valid-looking input may still be a 404 (a run or
cycle id that does not exist), a 403 (another facility's cycle) or a 409 (a run's state).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import schemathesis

from sciencecity.core.tests.fuzzing import SignedInFuzz, fuzz_settings

fuzz = SignedInFuzz("scheduling")


@pytest.fixture
def officer_signed_in(decided, solve) -> Iterator[None]:
    """The officer's session over the decided call with one done run (ids 1 upward exist)."""
    solve(method="greedy", time_limit=5)
    with fuzz.signed_in(decided.officer):
        yield


@fuzz.schema.parametrize()
@fuzz_settings(examples=15)
def test_every_scheduling_operation_answers_the_officer_as_its_spec_says(
    case: schemathesis.Case, officer_signed_in: None
) -> None:
    case.call_and_validate()
