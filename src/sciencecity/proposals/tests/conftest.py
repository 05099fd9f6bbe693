"""A small facility with three beamlines, a cycle on them and an open call, built through the services."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from sciencecity.accounts.models import User
from sciencecity.proposals import services
from sciencecity.proposals.models import Call, Proposal
from sciencecity.registry import services as registry
from sciencecity.registry.models import Facility, Field, Instrument, Organisation

SRC = "https://example.org/source"
ABSTRACT = " ".join(["We will measure the structure of a protein complex at high resolution."] * 3)


@pytest.fixture
def facility(db: None) -> Facility:
    operator = registry.organisation_upsert(
        slug="org-lab", name_en="Light Source Institute", kind=Organisation.Kind.RD_INSTITUTION, source=SRC
    ).record
    facility = registry.facility_upsert(
        slug="fac-light", code="LS", name_en="Light Source", operator=operator.slug, source=SRC
    ).record
    for code in ("BL01", "BL02", "BL03"):
        registry.instrument_upsert(
            slug=f"ins-{code.lower()}",
            facility=facility.slug,
            code=code,
            name_en=f"Beamline {code}",
            techniques="diffraction",
            source=SRC,
        )
    return facility


@pytest.fixture
def field(db: None) -> Field:
    return registry.field_upsert(slug="field-bio", name_en="Structural biology", source=SRC).record


@pytest.fixture
def beamlines(facility: Facility) -> list[Instrument]:
    return list(facility.instruments.order_by("code"))


@pytest.fixture
def call(facility: Facility, beamlines: list[Instrument]) -> Call:
    cycle = services.cycle_create(
        facility=facility,
        name="2026-II",
        starts_on=dt.date(2026, 9, 1),
        ends_on=dt.date(2027, 1, 31),
        offers=[(b, 300) for b in beamlines],
    )
    now = timezone.now()
    call = services.call_create(
        actor=None,
        cycle=cycle,
        title_en="Call 2026-II",
        opens_at=now - dt.timedelta(days=1),
        closes_at=now + dt.timedelta(days=10),
        instruments=beamlines[:2],
    )
    return services.call_open(actor=None, call=call)


def user(username: str) -> User:
    return User.objects.create_user(
        username=username, email=f"{username}@example.org", password="x-Very-long-1"
    )


@pytest.fixture
def pi(db: None) -> User:
    return user("pi")


def complete_draft(call: Call, pi: User, field: Field, beamlines: list[Instrument]) -> Proposal:
    return services.proposal_create(
        actor=pi,
        call=call,
        title="Structure of a membrane transporter",
        abstract=ABSTRACT,
        field=field,
        requests=[
            services.RequestInput(
                instruments=beamlines[:2],
                shifts=9,
                earliest=dt.date(2026, 10, 1),
                latest=dt.date(2026, 12, 1),
                unavailable=[(dt.date(2026, 10, 20), dt.date(2026, 10, 25))],
            )
        ],
        samples=[services.SampleInput(name="Transporter crystals", hazard="biological")],
    )


@pytest.fixture
def draft(call: Call, pi: User, field: Field, beamlines: list[Instrument]) -> Proposal:
    return complete_draft(call, pi, field, beamlines)
