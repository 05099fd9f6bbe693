"""Every refusal of peer review: the wrong reviewer, a stranger, a conflict, a score after peer review."""

import pytest
from django.core.exceptions import ValidationError

from sciencecity.core.errors import PermissionDenied, StateConflict
from sciencecity.proposals import services as proposals
from sciencecity.proposals.models import Call
from sciencecity.review import services
from sciencecity.review.models import Panel, ReviewAssignment
from sciencecity.review.tests.conftest import in_peer_review, seat, user


@pytest.fixture
def reviewing(submitted, panel):
    return in_peer_review(submitted)


def test_a_stranger_cannot_assign_reviewers(reviewing, panel):
    seat(panel, user("r1"))
    with pytest.raises(PermissionDenied):
        services.review_assign(actor=user("stranger"), panel=panel, proposals=[reviewing], per_proposal=1)
    assert not ReviewAssignment.objects.exists()


def test_the_officer_assigns_and_each_assignment_passes_the_notification_call_site(
    reviewing, panel, officer, monkeypatch
):
    told: list[ReviewAssignment] = []
    monkeypatch.setattr(services, "_after_assignment", told.append)
    seat(panel, user("r1"))
    seat(panel, user("r2"))
    services.review_assign(actor=officer, panel=panel, proposals=[reviewing], per_proposal=2)
    assert sorted(a.reviewer.username for a in told) == ["r1", "r2"]


def test_reassigning_into_a_conflict_is_refused_with_the_reason(reviewing, panel, officer, pi):
    first, declared = user("first"), user("declared")
    seat(panel, first)
    seat(panel, declared)
    services.conflict_declare(reviewer=declared, proposal=reviewing, reason="My former student")
    services.review_assign(actor=officer, panel=panel, proposals=[reviewing], per_proposal=1)
    assignment = ReviewAssignment.objects.get()
    assert assignment.reviewer == first
    with pytest.raises(ValidationError, match="declared a conflict"):
        services.review_reassign(actor=officer, assignment=assignment, reviewer=declared)
    with pytest.raises(ValidationError, match="is on the proposal"):
        seat(panel, pi)
        services.review_reassign(actor=officer, assignment=assignment, reviewer=pi)


def test_a_stranger_cannot_reassign(reviewing, panel):
    first, second = user("first"), user("second")
    seat(panel, first)
    seat(panel, second)
    services.review_assign(actor=None, panel=panel, proposals=[reviewing], per_proposal=1)
    assignment = ReviewAssignment.objects.get()
    with pytest.raises(PermissionDenied):
        services.review_reassign(actor=user("stranger"), assignment=assignment, reviewer=second)


def test_a_scored_assignment_is_not_reassigned(reviewing, panel, officer):
    first, second = user("first"), user("second")
    seat(panel, first)
    seat(panel, second)
    services.review_assign(actor=officer, panel=panel, proposals=[reviewing], per_proposal=1)
    assignment = ReviewAssignment.objects.get()
    services.review_submit(reviewer=assignment.reviewer, assignment=assignment, score=3, comment="")
    with pytest.raises(StateConflict):
        services.review_reassign(actor=officer, assignment=assignment, reviewer=second)


def test_another_reviewer_cannot_score_an_assignment(reviewing, panel):
    mine, other = user("mine"), user("other")
    seat(panel, mine)
    seat(panel, other)
    assignment = ReviewAssignment.objects.create(proposal=reviewing, panel=panel, reviewer=mine)
    with pytest.raises(PermissionDenied):
        services.review_submit(reviewer=other, assignment=assignment, score=5, comment="")


def test_no_score_once_the_proposal_left_peer_review(reviewing, panel, pi):
    reviewer = user("late")
    seat(panel, reviewer)
    assignment = ReviewAssignment.objects.create(proposal=reviewing, panel=panel, reviewer=reviewer)
    proposals.proposal_withdraw(actor=pi, proposal=reviewing)
    with pytest.raises(StateConflict):
        services.review_submit(reviewer=reviewer, assignment=assignment, score=4, comment="")


def test_a_reviewer_of_another_panel_cannot_declare_a_conflict_on_the_proposal(reviewing, facility):
    elsewhere = Panel.objects.create(facility=facility, name_en="Elsewhere")
    outsider = user("outsider")
    seat(elsewhere, outsider)
    with pytest.raises(PermissionDenied):
        services.conflict_declare(reviewer=outsider, proposal=reviewing)


def test_the_officer_toggles_score_normalisation_and_a_stranger_cannot(call, officer):
    assert services.call_score_normalisation_set(actor=officer, call=call, normalise=True).normalise_scores
    with pytest.raises(PermissionDenied):
        services.call_score_normalisation_set(actor=user("stranger"), call=call, normalise=False)
    assert Call.objects.get(pk=call.pk).normalise_scores
