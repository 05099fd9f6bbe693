"""What every schemathesis test of the live spec shares: the schema, its settings, and a signed-in caller.

The calls are in-process WSGI requests on the test's own database connection, so they see the test's data on
SQLite and PostgreSQL alike; `connections_kept_open` stops Django closing that connection between requests
(on PostgreSQL it would, since it is not in autocommit mode inside a test), as its test client does.

A signed-in fuzz test (`SignedInFuzz`) gives schemathesis fixed session and CSRF credentials, so the cases it
draws while collecting carry them too, and schemathesis applies them itself (its checks also try without);
the test's fixture then hands that session key to a real session of the chosen user. Runs are bounded and
reproducible: a fixed number of examples per operation, derandomized, no deadline, no example database.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import hypothesis
import schemathesis
from django.contrib.sessions.models import Session
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client

SPEC = "/api/openapi.json"
# Rules beyond what a schema can say: a valid-looking id that does not exist, a record in the wrong state.
SIGNED_IN_STATUSES = ["2xx", "401", "403", "404", "409", "422"]

F = TypeVar("F", bound=Callable[..., Any])


def fuzz_settings(examples: int) -> Callable[[F], F]:
    """Hypothesis settings of every fuzz test: `examples` per operation, reproducible, never timed."""
    return hypothesis.settings(
        max_examples=examples,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=list(hypothesis.HealthCheck),
    )


@contextmanager
def connections_kept_open() -> Iterator[None]:
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    try:
        yield
    finally:
        for signal in (request_started, request_finished):
            signal.connect(close_old_connections)


class SignedInFuzz:
    """The operations of one API tag, fuzzed as one signed-in user; see the module docstring."""

    def __init__(self, tag: str) -> None:
        name = re.sub(r"[^a-z0-9]", "", tag.lower())
        self.session_key = f"fuzz{name}session".ljust(32, "0")[:32]
        self.csrf_token = f"fuzz{name}csrf".ljust(32, "0")[:32]
        config = schemathesis.Config.from_dict(
            {"checks": {"positive_data_acceptance": {"expected-statuses": SIGNED_IN_STATUSES}}}
        )
        self.schema = schemathesis.openapi.from_wsgi(SPEC, WSGIHandler(), config=config).include(tag=tag)
        credentials = {"sessionid": self.session_key, "csrftoken": self.csrf_token}

        @self.schema.auth(refresh_interval=None)
        class SignedIn:
            def get(self, case: schemathesis.Case, ctx: schemathesis.AuthContext) -> dict[str, str]:
                return credentials

            def set(
                self, case: schemathesis.Case, data: dict[str, str], ctx: schemathesis.AuthContext
            ) -> None:
                case.cookies = {**(case.cookies or {}), **data}
                case.headers["X-CSRFToken"] = data["csrftoken"]

    @contextmanager
    def signed_in(self, user: Any) -> Iterator[None]:
        """A session of `user` under the fixed key, as a browser would send it, for the test's duration."""
        client = Client()
        client.force_login(user)
        Session.objects.filter(session_key=client.cookies["sessionid"].value).update(
            session_key=self.session_key
        )
        probe = Client()
        probe.cookies["sessionid"] = self.session_key
        # The credentials schemathesis sends must really sign in, or every case would be a documented 401.
        signed_in_as = probe.get("/api/me").json().get("username")
        assert signed_in_as == user.username, "the fuzz session does not sign in"
        with connections_kept_open():
            yield
