"""Schemathesis fuzzes the invoice operations as the provider's facility manager and finds nothing.

The project's fuzz test calls anonymously (401s only). Here the caller keeps the provider's invoices, over a
draft and an issued invoice (ids 1 and 2 are likely draws): no 5xx, every status and body as documented.
Bounded and reproducible: a fixed number of examples per operation, derandomized, no deadline.
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

from sciencecity.accounting.tests.billing_helpers import firm_draft, firm_invoice
from sciencecity.accounting.tests.conftest import Shop

EXAMPLES_PER_OPERATION = 20

config = schemathesis.Config.from_dict(
    {
        "checks": {
            "positive_data_acceptance": {"expected-statuses": ["2xx", "401", "403", "404", "409", "422"]}
        }
    }
)
schema = schemathesis.openapi.from_wsgi("/api/openapi.json", WSGIHandler(), config=config).include(
    tag="invoices"
)

SESSION_KEY = "fuzzinvoicekeepersession00000000"
CSRF_TOKEN = "fuzzinvoicecsrftoken000000000000"


@schema.auth(refresh_interval=None)
class SignedIn:
    def get(self, case: schemathesis.Case, ctx: schemathesis.AuthContext) -> dict[str, str]:
        return {"sessionid": SESSION_KEY, "csrftoken": CSRF_TOKEN}

    def set(self, case: schemathesis.Case, data: dict[str, str], ctx: schemathesis.AuthContext) -> None:
        case.cookies = {**(case.cookies or {}), **data}
        case.headers["X-CSRFToken"] = data["csrftoken"]


@pytest.fixture
def signed_in(shop: Shop) -> Iterator[None]:
    firm_invoice(shop, 1)
    firm_draft(shop, 2)
    client = Client()
    client.force_login(shop.manager)
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
def test_every_invoice_operation_answers_the_providers_staff_as_its_spec_says(
    case: schemathesis.Case, signed_in: None
) -> None:
    case.call_and_validate()
