"""Schemathesis fuzzes the calls-and-proposals operations as a signed-in applicant and finds nothing.

The project's fuzz test (api/tests/test_openapi_fuzz.py) calls anonymously, so these operations only answer
it with 401s. Here the caller has a session and its CSRF token (schemathesis applies them, and also tries
without), over an open call with a complete draft, so the examples reach the services: no 5xx, every status
and body as documented. Valid-looking input may still be a 422 (a call id or instrument slug that does not
exist, a draft that is incomplete) or a 409 (the state of a proposal): rules beyond what a schema can say.
Bounded and reproducible: a fixed number of examples per operation, derandomized, no deadline, no example
database.
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

EXAMPLES_PER_OPERATION = 20

config = schemathesis.Config.from_dict(
    {
        "checks": {
            "positive_data_acceptance": {"expected-statuses": ["2xx", "401", "403", "404", "409", "422"]}
        }
    }
)
schema = schemathesis.openapi.from_wsgi("/api/openapi.json", WSGIHandler(), config=config).include(
    tag="calls and proposals"
)


# Fixed credentials, so that the cases schemathesis draws while collecting carry them too; the fixture gives
# the session key to a session of the draft's PI.
SESSION_KEY = "fuzzsignedinsession0000000000000"
CSRF_TOKEN = "fuzzcsrftoken0000000000000000000"


@schema.auth(refresh_interval=None)
class SignedIn:
    """Schemathesis applies the credentials itself, so its checks can also try the operations without them."""

    def get(self, case: schemathesis.Case, ctx: schemathesis.AuthContext) -> dict[str, str]:
        return {"sessionid": SESSION_KEY, "csrftoken": CSRF_TOKEN}

    def set(self, case: schemathesis.Case, data: dict[str, str], ctx: schemathesis.AuthContext) -> None:
        case.cookies = {**(case.cookies or {}), **data}
        case.headers["X-CSRFToken"] = data["csrftoken"]


@pytest.fixture
def signed_in(draft, pi) -> Iterator[None]:
    """A session of the draft's PI and a CSRF token, as a browser would send them; connections kept open
    (like Django's test client) so the WSGI calls see the test's transaction."""
    client = Client()
    client.force_login(pi)
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
def test_every_proposal_operation_answers_a_signed_in_caller_as_its_spec_says(
    case: schemathesis.Case, signed_in: None
) -> None:
    case.call_and_validate()
