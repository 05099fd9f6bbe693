"""Schemathesis fuzzes the voucher operations as the firm's engineer and finds nothing.

The project's fuzz test calls anonymously (401s only). Here the caller is Erin, whose firm holds a voucher
and has a draft invoice (ids 1 and 2 are likely draws): examples reach the services, and every status and
body is as documented — a drawn id is mostly a 404, a drawn voucher number a 404, a settlement a 403.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import schemathesis

from sciencecity.core.tests.fuzzing import SignedInFuzz, fuzz_settings
from sciencecity.vouchers.tests.conftest import World

fuzz = SignedInFuzz("vouchers")


@pytest.fixture
def signed_in(world: World) -> Iterator[None]:
    world.voucher("8000.00")
    world.invoice([(world.ms, "100.00")])
    with fuzz.signed_in(world.erin):
        yield


@fuzz.schema.parametrize()
@fuzz_settings(examples=20)
def test_every_voucher_operation_answers_the_firm_as_its_spec_says(
    case: schemathesis.Case, signed_in: None
) -> None:
    case.call_and_validate()
