"""Instrument scientists judge feasibility; the officer moves a call's proposals between review stages."""

import pytest

from sciencecity.accounts.services import role_grant
from sciencecity.core.audit import audit_trail
from sciencecity.core.errors import PermissionDenied, StateConflict
from sciencecity.core.roles import Role
from sciencecity.proposals.models import Proposal
from sciencecity.registry import services as registry
from sciencecity.review import services
from sciencecity.review.tests.conftest import in_peer_review, user

S = Proposal.Status
F, N = "feasible", "not_feasible"


def record(scientist, proposal, instrument, verdict, comment=""):
    return services.technical_review_record(
        actor=scientist, proposal=proposal, instrument=instrument, verdict=verdict, comment=comment
    )


def status(proposal):
    return Proposal.objects.get(pk=proposal.pk).status


def test_the_officer_starts_the_technical_review_of_the_calls_submitted_proposals(submitted, officer, call):
    moved = services.technical_review_start(actor=officer, call=call)
    assert [p.pk for p in moved] == [submitted.pk]
    assert status(submitted) == S.TECHNICAL_REVIEW


def test_an_officer_of_another_facility_cannot_start_it(submitted, call):
    other = registry.facility_upsert(slug="fac-x", code="X", name_en="X", source="https://example.org").record
    theirs = user("theirs")
    role_grant(user=theirs, role=Role.USER_OFFICE, facility_id=other.pk)
    with pytest.raises(PermissionDenied):
        services.technical_review_start(actor=theirs, call=call)
    assert status(submitted) == S.SUBMITTED


def test_a_verdict_on_a_submitted_proposal_starts_its_technical_review(submitted, scientists, beamlines):
    review = record(scientists[0], submitted, beamlines[0], F, "Fine")
    assert review.reviewer == scientists[0] and review.verdict == F
    assert status(submitted) == S.TECHNICAL_REVIEW


def test_one_feasible_alternative_makes_the_request_feasible_and_the_proposal_ready(
    submitted, scientists, beamlines, officer, call
):
    record(scientists[0], submitted, beamlines[0], N, "Detector down")
    record(scientists[1], submitted, beamlines[1], F)
    assert status(submitted) == S.TECHNICAL_REVIEW
    moved, waiting = services.peer_review_start(actor=officer, call=call)
    assert [p.pk for p in moved] == [submitted.pk] and waiting == []
    assert status(submitted) == S.PEER_REVIEW


def test_not_feasible_on_every_alternative_rejects_the_proposal_with_the_reason(
    submitted, scientists, beamlines
):
    record(scientists[0], submitted, beamlines[0], N, "Detector down")
    assert status(submitted) == S.TECHNICAL_REVIEW  # waits for the other alternative's verdict
    record(scientists[1], submitted, beamlines[1], N, "Energy out of range")
    assert status(submitted) == S.REJECTED
    rejection = audit_trail(submitted).get(to_state=S.REJECTED)
    assert "Not feasible" in rejection.reason
    assert "Detector down" in rejection.reason and "Energy out of range" in rejection.reason
    assert rejection.actor == scientists[1]


def test_a_proposal_waiting_for_a_verdict_stays_in_technical_review(
    submitted, scientists, beamlines, officer, call
):
    record(scientists[0], submitted, beamlines[0], F)
    moved, waiting = services.peer_review_start(actor=officer, call=call)
    assert moved == [] and [p.pk for p in waiting] == [submitted.pk]


def test_a_stranger_cannot_record_a_verdict(submitted, beamlines):
    with pytest.raises(PermissionDenied):
        record(user("stranger"), submitted, beamlines[0], F)


def test_the_scientist_of_another_instrument_cannot_record_a_verdict(submitted, scientists, beamlines):
    with pytest.raises(PermissionDenied):
        record(scientists[2], submitted, beamlines[0], F)  # BL03's scientist on BL01
    with pytest.raises(PermissionDenied):
        record(scientists[2], submitted, beamlines[2], F)  # BL03 is not requested


def test_the_officer_cannot_record_a_verdict(submitted, officer, beamlines):
    with pytest.raises(PermissionDenied):
        record(officer, submitted, beamlines[0], F)


def test_no_verdict_on_a_draft(draft, scientists, beamlines):
    with pytest.raises(PermissionDenied):
        record(scientists[0], draft, beamlines[0], F)


def test_no_verdict_once_the_proposal_left_the_technical_review(submitted, scientists, beamlines):
    in_peer_review(submitted)
    with pytest.raises(StateConflict):
        record(scientists[0], submitted, beamlines[0], N)
