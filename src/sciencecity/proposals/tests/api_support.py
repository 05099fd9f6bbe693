"""Helpers of the API tests: a request body, a signed-in client, staff scoped to a facility or instrument."""

from __future__ import annotations

from typing import Any

from django.test import Client

from sciencecity.accounts.models import User
from sciencecity.accounts.services import role_grant
from sciencecity.core.roles import Role
from sciencecity.proposals.models import Call
from sciencecity.proposals.tests.conftest import ABSTRACT, user
from sciencecity.registry.models import Facility, Field, Instrument

JSON = "application/json"


def proposal_body(call: Call, field: Field, instruments: list[Instrument], **changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "call": call.pk,
        "title": "Structure of a membrane transporter",
        "abstract": ABSTRACT,
        "field": field.slug,
        "requests": [
            {
                "instruments": [i.slug for i in instruments],
                "shifts": 9,
                "earliest": "2026-10-01",
                "latest": "2026-12-01",
                "unavailable": [["2026-10-20", "2026-10-25"]],
            }
        ],
        "samples": [{"name": "Transporter crystals", "hazard": "biological"}],
    }
    return body | changes


def client_of(person: User | None) -> Client:
    client = Client()
    if person is not None:
        client.force_login(person)
    return client


def officer_of(facility: Facility, name: str = "officer") -> User:
    officer = user(name)
    role_grant(user=officer, role=Role.USER_OFFICE, facility_id=facility.pk)
    return officer


def scientist_of(instrument: Instrument, name: str = "scientist") -> User:
    scientist = user(name)
    role_grant(user=scientist, role=Role.INSTRUMENT_SCIENTIST, instrument_id=instrument.pk)
    return scientist
