"""Schemathesis fuzzes the calls-and-proposals operations as a signed-in applicant and finds nothing.

The project's fuzz test (api/tests/test_openapi_fuzz.py) calls anonymously, so these operations only answer
it with 401s. Here the caller is the PI of a complete draft in an open call, so the examples reach the
services: no 5xx, every status and body as documented. Valid-looking input may still be a 422 (a call id or
instrument slug that does not exist, a draft that is incomplete) or a 409 (the state of a proposal): rules
beyond what a schema can say.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import schemathesis

from sciencecity.core.tests.fuzzing import SignedInFuzz, fuzz_settings

fuzz = SignedInFuzz("calls and proposals")


@pytest.fixture
def signed_in(draft, pi) -> Iterator[None]:
    with fuzz.signed_in(pi):
        yield


@fuzz.schema.parametrize()
@fuzz_settings(examples=20)
def test_every_proposal_operation_answers_a_signed_in_caller_as_its_spec_says(
    case: schemathesis.Case, signed_in: None
) -> None:
    case.call_and_validate()
