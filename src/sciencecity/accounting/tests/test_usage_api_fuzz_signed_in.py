"""Schemathesis fuzzes the usage operations as the instrument's staff and finds nothing.

The project's fuzz test (api/tests/test_openapi_fuzz.py) calls anonymously, so these operations only answer
it with 401s. Here the caller is the cryo-EM's instrument scientist over a booking on now, so examples reach
the services: no 5xx, every status and body as documented. A drawn booking id is mostly a 404, a drawn time
a 422 (naive, in the future) or a 409 (already checked in).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
import schemathesis
from django.utils import timezone

from sciencecity.accounting.tests.conftest import Site
from sciencecity.core.tests.fuzzing import SignedInFuzz, fuzz_settings

fuzz = SignedInFuzz("usage")


@pytest.fixture
def signed_in(site: Site) -> Iterator[None]:
    """The scientist's session over two bookings on now (ids 1 and 2 are likely draws)."""
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    site.book(site.erin, now - dt.timedelta(hours=2), hours=2)
    site.book(site.insider, now, hours=2)
    with fuzz.signed_in(site.scientist):
        yield


@fuzz.schema.parametrize()
@fuzz_settings(examples=20)
def test_every_usage_operation_answers_the_instruments_staff_as_its_spec_says(
    case: schemathesis.Case, signed_in: None
) -> None:
    case.call_and_validate()
