"""The officer recommends shifts per request (never more than requested) or rejects with a reason."""

import pytest
from django.core.exceptions import ValidationError

from sciencecity.core.audit import audit_trail
from sciencecity.core.errors import PermissionDenied, StateConflict
from sciencecity.review.ranking import ranking
from sciencecity.review.ranking_services import decision_record, peer_review_finish


@pytest.fixture
def ranked(scenario):
    peer_review_finish(actor=scenario.officer, call=scenario.call)
    return scenario


def requests_of(proposal):
    return list(proposal.requests.order_by("pk"))


def test_recommended_shifts_are_stored_per_request_and_audited(ranked):
    a = ranked.proposals["A"]
    first, second = requests_of(a)
    decision_record(actor=ranked.officer, proposal=a, recommended={first.pk: 6, second.pk: 0})
    assert [r.recommended_shifts for r in requests_of(a)] == [6, 0]
    assert audit_trail(a).filter(action="decision.recommend").get().reason == "R1 6/9; R2 0/3"
    assert next(r for r in ranking(ranked.call) if r.proposal.pk == a.pk).recommended == 6


def test_more_shifts_than_requested_are_refused_and_nothing_is_stored(ranked):
    a = ranked.proposals["A"]
    first, second = requests_of(a)
    with pytest.raises(ValidationError) as refused:
        decision_record(actor=ranked.officer, proposal=a, recommended={first.pk: 10, second.pk: 3})
    assert refused.value.message_dict["recommended"] == [
        "Request 1: recommend between 0 and the 9 shifts requested, not 10."
    ]
    assert [r.recommended_shifts for r in requests_of(a)] == [None, None]


def test_every_request_needs_a_number_and_foreign_requests_are_refused(ranked):
    a, b = ranked.proposals["A"], ranked.proposals["B"]
    with pytest.raises(ValidationError) as refused:
        decision_record(actor=ranked.officer, proposal=a, recommended={requests_of(b)[0].pk: 1})
    assert len(refused.value.message_dict["recommended"]) == 3


def test_a_rejection_needs_a_reason_and_ends_the_proposal(ranked):
    b = ranked.proposals["B"]
    with pytest.raises(ValidationError):
        decision_record(actor=ranked.officer, proposal=b, rejection_reason="  ")
    decision_record(actor=ranked.officer, proposal=b, rejection_reason="Out of scope")
    b.refresh_from_db()
    assert b.status == "rejected"
    assert audit_trail(b).filter(action="proposal.rejected").get().reason == "Out of scope"
    with pytest.raises(StateConflict):
        decision_record(actor=ranked.officer, proposal=b, rejection_reason="Again")


def test_no_decision_before_peer_review_is_finished(scenario):
    with pytest.raises(StateConflict):
        decision_record(actor=scenario.officer, proposal=scenario.proposals["A"], rejection_reason="Early")


def test_the_chair_a_reviewer_and_another_facilitys_officer_cannot_decide(ranked, other_officer):
    for actor in (ranked.chair, ranked.reviewers["r1"], other_officer):
        with pytest.raises(PermissionDenied):
            decision_record(actor=actor, proposal=ranked.proposals["A"], rejection_reason="No")
