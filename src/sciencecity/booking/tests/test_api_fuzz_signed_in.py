"""Schemathesis fuzzes the booking operations as a signed-in user over a booking instrument and finds nothing.

The project's fuzz test (api/tests/test_openapi_fuzz.py) calls anonymously over the demo map, which has no
booking instrument: the bookings answer it 401 and the slots 404. Here the caller has a session and its
CSRF token (schemathesis applies them, and also tries without), and a booking of their own; hooks put the
booking instrument's slug and the booking's id into half of the generated cases, so those reach the
services and rules: no 5xx, every status and body as documented. Bounded and reproducible: a fixed number
of examples, derandomized, no deadline.
"""

from __future__ import annotations

from collections.abc import Iterator

import hypothesis
import pytest
import schemathesis
from django.contrib.sessions.models import Session
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client

from sciencecity.booking import services
from sciencecity.booking.tests.conftest import coming_monday, on

EXAMPLES_PER_OPERATION = 25

config = schemathesis.Config.from_dict(
    {
        "checks": {
            "positive_data_acceptance": {"expected-statuses": ["2xx", "401", "403", "404", "409", "422"]}
        }
    }
)
schema = schemathesis.openapi.from_wsgi("/api/openapi.json", WSGIHandler(), config=config).include(
    tag="booking"
)

KNOWN: dict[str, object] = {}  # the fixture's instrument slug and booking id, for the hooks below


def _known_half(value: object) -> bool:
    """Half of the values that are valid themselves: an invalid one is schemathesis' test of a refusal."""
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return 1 <= value <= 2**53 and value % 2 == 0
    return isinstance(value, str) and 1 <= len(value.strip()) <= 80 and len(value) % 2 == 0


@schema.hook("map_path_parameters")
def known_records(context: object, path_parameters: dict[str, object] | None) -> dict[str, object] | None:
    if not isinstance(path_parameters, dict):
        return path_parameters
    if "slug" in path_parameters and _known_half(path_parameters["slug"]):
        path_parameters["slug"] = KNOWN.get("slug", path_parameters["slug"])
    if "booking_id" in path_parameters and _known_half(path_parameters["booking_id"]):
        path_parameters["booking_id"] = KNOWN.get("booking", path_parameters["booking_id"])
    return path_parameters


@schema.hook("map_body")
def known_instrument(context: object, body: object) -> object:
    if isinstance(body, dict) and "instrument" in body and _known_half(body["instrument"]):
        body["instrument"] = KNOWN.get("slug", body["instrument"])
    return body


SESSION_KEY = "fuzzbookingsession00000000000000"
CSRF_TOKEN = "fuzzbookingcsrftoken000000000000"


@schema.auth(refresh_interval=None)
class SignedIn:
    def get(self, case: schemathesis.Case, ctx: schemathesis.AuthContext) -> dict[str, str]:
        return {"sessionid": SESSION_KEY, "csrftoken": CSRF_TOKEN}

    def set(self, case: schemathesis.Case, data: dict[str, str], ctx: schemathesis.AuthContext) -> None:
        case.cookies = {**(case.cookies or {}), **data}
        case.headers["X-CSRFToken"] = data["csrftoken"]


@pytest.fixture
def signed_in(platform) -> Iterator[None]:
    day = coming_monday()
    booking = services.booking_create(
        actor=platform.erin, instrument=platform.cryo, start=on(day, 9), end=on(day, 10)
    )
    KNOWN.update(slug=platform.cryo.slug, booking=booking.pk)
    client = Client()
    client.force_login(platform.erin)
    Session.objects.filter(session_key=client.cookies["sessionid"].value).update(session_key=SESSION_KEY)
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
def test_every_booking_operation_answers_a_signed_in_caller_as_its_spec_says(
    case: schemathesis.Case, signed_in: None
) -> None:
    case.call_and_validate()
