"""The officer finishes peer review: every proposal in peer review becomes ranked at once, or none does."""

import pytest

from sciencecity.core.errors import PermissionDenied, StateConflict
from sciencecity.proposals.models import Proposal
from sciencecity.review.models import ReviewAssignment
from sciencecity.review.ranking_services import peer_review_finish


def statuses(scenario):
    return {Proposal.objects.get(pk=p.pk).status for p in scenario.proposals.values()}


def test_finishing_peer_review_ranks_every_proposal_of_the_call(scenario):
    ranked = peer_review_finish(actor=scenario.officer, call=scenario.call)
    assert len(ranked) == 3 and statuses(scenario) == {"ranked"}


def test_an_unscored_review_keeps_every_proposal_in_peer_review(scenario):
    ReviewAssignment.objects.filter(proposal=scenario.proposals["C"]).update(score=None)
    with pytest.raises(StateConflict, match=scenario.proposals["C"].reference):
        peer_review_finish(actor=scenario.officer, call=scenario.call)
    assert statuses(scenario) == {"peer_review"}


def test_the_chair_and_another_facilitys_officer_cannot_finish_peer_review(scenario, other_officer):
    for actor in (scenario.chair, other_officer):
        with pytest.raises(PermissionDenied):
            peer_review_finish(actor=actor, call=scenario.call)


def test_finishing_twice_is_a_conflict(scenario):
    peer_review_finish(actor=scenario.officer, call=scenario.call)
    with pytest.raises(StateConflict):
        peer_review_finish(actor=scenario.officer, call=scenario.call)
