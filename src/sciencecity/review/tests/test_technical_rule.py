from sciencecity.review.technical import technical_outcome

F, C, N = "feasible", "with_changes", "not_feasible"


def test_a_request_is_feasible_when_any_of_its_alternatives_is():
    outcome = technical_outcome([["BL01", "BL02"]], {"BL01": N, "BL02": C})
    assert outcome.ready_for_peer_review and not outcome.rejected


def test_a_request_not_feasible_on_every_alternative_rejects_the_whole_proposal():
    outcome = technical_outcome([["BL03"], ["BL01", "BL02"]], {"BL01": N, "BL02": N, "BL03": F})
    assert outcome.rejected and outcome.infeasible_requests == (2,)


def test_nothing_is_decided_until_every_requested_instrument_has_a_verdict():
    outcome = technical_outcome([["BL01"], ["BL02"]], {"BL01": N})
    assert not outcome.complete and not outcome.rejected and not outcome.ready_for_peer_review
    assert outcome.missing == ("BL02",)
