"""The chair moves a proposal with a recorded reason; the ranked list shows it; nobody else may."""

import pytest
from django.core.exceptions import ValidationError

from sciencecity.core.audit import audit_trail
from sciencecity.core.errors import PermissionDenied, StateConflict
from sciencecity.proposals.services import proposal_move
from sciencecity.review.ranking import ranking
from sciencecity.review.ranking_services import rank_adjust


def order(scenario):
    names = {p.pk: name for name, p in scenario.proposals.items()}
    return [(names[r.proposal.pk], r.rank, r.adjusted) for r in ranking(scenario.call, scenario.panel)]


def test_the_chair_moves_a_proposal_up_with_a_reason_and_the_ranking_follows(scenario):
    c = scenario.proposals["C"]
    rank_adjust(actor=scenario.chair, panel=scenario.panel, proposal=c, steps=1, reason="Unique sample")
    assert order(scenario) == [("A", 1, False), ("C", 2, True), ("B", 3, False)]
    event = audit_trail(c).filter(action="ranking.move").get()
    assert (event.actor, event.to_state, event.reason) == (scenario.chair, "+1", "Unique sample")


def test_moves_replay_oldest_first_and_a_move_down_stops_at_the_bottom(scenario):
    a = scenario.proposals["A"]
    rank_adjust(actor=scenario.chair, panel=scenario.panel, proposal=a, steps=-1, reason="Weak plan")
    rank_adjust(actor=scenario.chair, panel=scenario.panel, proposal=a, steps=-5, reason="Still weak")
    assert [name for name, _rank, _adjusted in order(scenario)] == ["B", "C", "A"]
    assert [name for name, *_ in order(scenario)] == [
        {p.pk: n for n, p in scenario.proposals.items()}[r.proposal.pk] for r in ranking(scenario.call)
    ]


def test_a_move_without_a_reason_is_refused(scenario):
    with pytest.raises(ValidationError) as refused:
        rank_adjust(
            actor=scenario.chair, panel=scenario.panel, proposal=scenario.proposals["B"], steps=1, reason=" "
        )
    assert "reason" in refused.value.message_dict


@pytest.mark.parametrize("who", ["officer", "reviewer"])
def test_only_the_chair_moves_proposals(scenario, who):
    actor = scenario.officer if who == "officer" else scenario.reviewers["r1"]
    with pytest.raises(PermissionDenied):
        rank_adjust(actor=actor, panel=scenario.panel, proposal=scenario.proposals["B"], steps=1, reason="x")


def test_a_rejected_proposal_is_no_longer_moved(scenario):
    b = proposal_move(actor=None, proposal=scenario.proposals["B"], to="rejected", reason="Not feasible")
    with pytest.raises(StateConflict):
        rank_adjust(actor=scenario.chair, panel=scenario.panel, proposal=b, steps=1, reason="x")
    assert order(scenario)[-1] == ("B", None, False)
