"""Schemathesis fuzzes the booking operations as a signed-in user over a booking instrument and finds nothing.

The project's fuzz test (api/tests/test_openapi_fuzz.py) calls anonymously over the demo map, which has no
booking instrument: the bookings answer it 401 and the slots 404. Here the caller has a session and its
CSRF token (schemathesis applies them, and also tries without), and a booking of their own; hooks put the
booking instrument's slug and the booking's id into half of the generated cases, so those reach the
services and rules: no 5xx, every status and body as documented.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import schemathesis

from sciencecity.booking import services
from sciencecity.booking.tests.conftest import coming_monday, on
from sciencecity.core.tests.fuzzing import SignedInFuzz, fuzz_settings

fuzz = SignedInFuzz("booking")

KNOWN: dict[str, object] = {}  # the fixture's instrument slug and booking id, for the hooks below


def _known_half(value: object) -> bool:
    """Half of the values that are valid themselves: an invalid one is schemathesis' test of a refusal."""
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return 1 <= value <= 2**53 and value % 2 == 0
    return isinstance(value, str) and 1 <= len(value.strip()) <= 80 and len(value) % 2 == 0


@fuzz.schema.hook("map_path_parameters")
def known_records(context: object, path_parameters: dict[str, object] | None) -> dict[str, object] | None:
    if not isinstance(path_parameters, dict):
        return path_parameters
    if "slug" in path_parameters and _known_half(path_parameters["slug"]):
        path_parameters["slug"] = KNOWN.get("slug", path_parameters["slug"])
    if "booking_id" in path_parameters and _known_half(path_parameters["booking_id"]):
        path_parameters["booking_id"] = KNOWN.get("booking", path_parameters["booking_id"])
    return path_parameters


@fuzz.schema.hook("map_body")
def known_instrument(context: object, body: object) -> object:
    if isinstance(body, dict) and "instrument" in body and _known_half(body["instrument"]):
        body["instrument"] = KNOWN.get("slug", body["instrument"])
    return body


@pytest.fixture
def signed_in(platform) -> Iterator[None]:
    day = coming_monday()
    booking = services.booking_create(
        actor=platform.erin, instrument=platform.cryo, start=on(day, 9), end=on(day, 10)
    )
    KNOWN.update(slug=platform.cryo.slug, booking=booking.pk)
    with fuzz.signed_in(platform.erin):
        yield


@fuzz.schema.parametrize()
@fuzz_settings(examples=25)
def test_every_booking_operation_answers_a_signed_in_caller_as_its_spec_says(
    case: schemathesis.Case, signed_in: None
) -> None:
    case.call_and_validate()
