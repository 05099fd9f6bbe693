"""Schemathesis fuzzes the usage operations as the instrument's staff and finds nothing.

The project's fuzz test (api/tests/test_openapi_fuzz.py) calls anonymously, so these operations only answer
it with 401s. Here the caller is the cryo-EM's instrument scientist with a session and its CSRF token, over
a booking on now, so examples reach the services: no 5xx, every status and body as documented. A drawn
booking id is mostly a 404, a drawn time a 422 (naive, in the future) or a 409 (already checked in).
Bounded and reproducible: a fixed number of examples per operation, derandomized, no deadline.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import hypothesis
import pytest
import schemathesis
from django.contrib.sessions.models import Session
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client
from django.utils import timezone

from sciencecity.accounting.tests.conftest import Site

EXAMPLES_PER_OPERATION = 20

config = schemathesis.Config.from_dict(
    {
        "checks": {
            "positive_data_acceptance": {"expected-statuses": ["2xx", "401", "403", "404", "409", "422"]}
        }
    }
)
schema = schemathesis.openapi.from_wsgi("/api/openapi.json", WSGIHandler(), config=config).include(
    tag="usage"
)

SESSION_KEY = "fuzzusagestaffsession00000000000"
CSRF_TOKEN = "fuzzusagecsrftoken00000000000000"


@schema.auth(refresh_interval=None)
class SignedIn:
    def get(self, case: schemathesis.Case, ctx: schemathesis.AuthContext) -> dict[str, str]:
        return {"sessionid": SESSION_KEY, "csrftoken": CSRF_TOKEN}

    def set(self, case: schemathesis.Case, data: dict[str, str], ctx: schemathesis.AuthContext) -> None:
        case.cookies = {**(case.cookies or {}), **data}
        case.headers["X-CSRFToken"] = data["csrftoken"]


@pytest.fixture
def signed_in(site: Site) -> Iterator[None]:
    """The scientist's session over two bookings on now (ids 1 and 2 are likely draws)."""
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    site.book(site.erin, now - dt.timedelta(hours=2), hours=2)
    site.book(site.insider, now, hours=2)
    client = Client()
    client.force_login(site.scientist)
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
def test_every_usage_operation_answers_the_instruments_staff_as_its_spec_says(
    case: schemathesis.Case, signed_in: None
) -> None:
    case.call_and_validate()
