"""The proposals fixtures, and the staff of a review: an officer, instrument scientists, a panel."""

# ruff: noqa: F811 - fixtures take the imported fixtures as arguments

from __future__ import annotations

import pytest

from sciencecity.accounts.models import User
from sciencecity.accounts.services import role_grant
from sciencecity.core.roles import Role
from sciencecity.proposals import services as proposals
from sciencecity.proposals.models import Call, Proposal
from sciencecity.proposals.tests.conftest import (  # noqa: F401
    beamlines,
    call,
    complete_draft,
    draft,
    facility,
    field,
    pi,
    user,
)
from sciencecity.registry.models import Facility, Field, Instrument
from sciencecity.review.models import Panel, PanelMember


@pytest.fixture
def officer(facility: Facility) -> User:
    officer = user("officer")
    role_grant(user=officer, role=Role.USER_OFFICE, facility_id=facility.pk)
    return officer


@pytest.fixture
def scientists(beamlines: list[Instrument]) -> list[User]:
    """One instrument scientist for each beamline, in the beamlines' order."""
    people = []
    for beamline in beamlines:
        scientist = user(f"scientist-{beamline.code.lower()}")
        role_grant(user=scientist, role=Role.INSTRUMENT_SCIENTIST, instrument_id=beamline.pk)
        people.append(scientist)
    return people


@pytest.fixture
def submitted(draft: Proposal, pi: User) -> Proposal:
    return proposals.proposal_submit(actor=pi, proposal=draft)


@pytest.fixture
def panel(facility: Facility, field: Field, call: Call) -> Panel:
    panel = Panel.objects.create(facility=facility, name_en="Life sciences")
    panel.fields.add(field)
    panel.calls.add(call)
    return panel


def seat(panel: Panel, person: User, *expertise: Field) -> PanelMember:
    member = PanelMember.objects.create(panel=panel, user=person)
    member.expertise.set(expertise)
    return member


def in_peer_review(proposal: Proposal) -> Proposal:
    """Straight to peer review (the technical review has its own tests)."""
    for step in (Proposal.Status.TECHNICAL_REVIEW, Proposal.Status.PEER_REVIEW):
        proposal = proposals.proposal_move(actor=None, proposal=proposal, to=step)
    return proposal
