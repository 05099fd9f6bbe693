"""Page tests: signed-in clients for the people of the proposals fixtures."""

from __future__ import annotations

import pytest
from django.test import Client

from sciencecity.accounts.models import User
from sciencecity.accounts.services import role_grant
from sciencecity.core.roles import Role
from sciencecity.proposals import services
from sciencecity.proposals.models import Proposal
from sciencecity.proposals.tests.conftest import user
from sciencecity.registry.models import Facility


def signed_in(who: User) -> Client:
    client = Client()
    client.force_login(who, backend="django.contrib.auth.backends.ModelBackend")
    return client


@pytest.fixture
def officer(facility: Facility) -> User:
    person = user("officer")
    role_grant(user=person, role=Role.USER_OFFICE, facility_id=facility.pk)
    return person


@pytest.fixture
def submitted(draft: Proposal, pi: User) -> Proposal:
    return services.proposal_submit(actor=pi, proposal=draft)


def form_data(proposal: Proposal, **overrides: object) -> dict[str, object]:
    """The whole proposal form as the browser posts it: the fields, one request and one sample."""
    instruments = list(proposal.call.instruments.order_by("code").values_list("pk", flat=True))
    data: dict[str, object] = {
        "title": "Structure of a membrane transporter",
        "abstract": " ".join(["word"] * 25),
        "field": "",
        "access_route": "standard",
        "requests-TOTAL_FORMS": "1",
        "requests-INITIAL_FORMS": "0",
        "requests-0-instruments": instruments,
        "requests-0-shifts": "6",
        "requests-0-earliest": "2026-10-01",
        "requests-0-latest": "2026-11-30",
        "requests-0-unavailable": "2026-10-20 2026-10-25",
        "samples-TOTAL_FORMS": "1",
        "samples-INITIAL_FORMS": "0",
        "samples-0-name": "Lysozyme crystals",
        "samples-0-hazard": "biological",
    }
    data.update(overrides)
    return data
