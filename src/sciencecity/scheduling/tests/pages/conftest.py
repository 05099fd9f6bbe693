"""The pages' tests: the decided call, its officer, and the people who may not look at its allocation."""

# ruff: noqa: F401, F811 - fixtures are imported to be used by name

from __future__ import annotations

import pytest
from django.test import Client

from sciencecity.accounts.models import User
from sciencecity.accounts.services import role_grant
from sciencecity.core.roles import Role
from sciencecity.proposals.tests.conftest import user
from sciencecity.scheduling.tests.conftest import (
    Scenario,
    beamlines,
    call,
    decided,
    facility,
    field,
    other_officer,
    scenario,
)


def signed_in(person: User) -> Client:
    client = Client()
    client.force_login(person, backend="django.contrib.auth.backends.ModelBackend")
    return client


@pytest.fixture
def officer(decided: Scenario) -> Client:
    return signed_in(decided.officer)


@pytest.fixture
def manager(decided: Scenario, facility) -> User:
    """The facility's manager: runs its calls, but does not schedule its cycles (that is the user office)."""
    person = user("manager")
    role_grant(user=person, role=Role.FACILITY_MANAGER, facility_id=facility.pk)
    return person


@pytest.fixture
def outsiders(decided: Scenario, other_officer: User, manager: User) -> dict[str, Client]:
    """Everyone signed in who must get a 404: a proposer, another facility's officer, the manager."""
    return {
        "proposer": signed_in(decided.proposals["A"].members.get(role="pi").user),  # type: ignore[arg-type]
        "other facility's officer": signed_in(other_officer),
        "facility manager": signed_in(manager),
    }
