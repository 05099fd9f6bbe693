"""Schemathesis fuzzes the scheduling operations as the signed-in user-office officer and finds nothing.

The project's fuzz test (api/tests/test_openapi_fuzz.py) calls anonymously and only meets 401s here. This
one signs in as the facility's officer over a decided call with one solved run, so the examples reach the
services: no 5xx, every status and body as documented. Valid-looking input may still be a 404 (a run or
cycle id that does not exist), a 403 (another facility's cycle) or a 409 (a run's state). Bounded and
reproducible: a fixed number of examples per operation, derandomized, no deadline, no example database.
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

EXAMPLES_PER_OPERATION = 15

config = schemathesis.Config.from_dict(
    {
        "checks": {
            "positive_data_acceptance": {"expected-statuses": ["2xx", "401", "403", "404", "409", "422"]}
        }
    }
)
schema = schemathesis.openapi.from_wsgi("/api/openapi.json", WSGIHandler(), config=config).include(
    tag="scheduling"
)

SESSION_KEY = "fuzzschedulingsession00000000000"
CSRF_TOKEN = "fuzzschedulingcsrf00000000000000"


@schema.auth(refresh_interval=None)
class SignedIn:
    def get(self, case: schemathesis.Case, ctx: schemathesis.AuthContext) -> dict[str, str]:
        return {"sessionid": SESSION_KEY, "csrftoken": CSRF_TOKEN}

    def set(self, case: schemathesis.Case, data: dict[str, str], ctx: schemathesis.AuthContext) -> None:
        case.cookies = {**(case.cookies or {}), **data}
        case.headers["X-CSRFToken"] = data["csrftoken"]


@pytest.fixture
def officer_signed_in(decided, solve) -> Iterator[None]:
    """The officer's session over the decided call with one done run (ids 1 upward exist)."""
    solve(method="greedy", time_limit=5)
    client = Client()
    client.force_login(decided.officer)
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
def test_every_scheduling_operation_answers_the_officer_as_its_spec_says(
    case: schemathesis.Case, officer_signed_in: None
) -> None:
    case.call_and_validate()
