"""The review-assignments API: the caller's own assignments and scores, nobody else's."""

import pytest

from sciencecity.proposals import services as proposals
from sciencecity.review.models import ReviewAssignment
from sciencecity.review.tests.conftest import in_peer_review, seat, user


@pytest.fixture
def reviewing(submitted):
    return in_peer_review(submitted)


@pytest.fixture
def bob_and_eve(reviewing, panel):
    bob, eve = user("bob-reviewer"), user("eve-reviewer")
    for who in (bob, eve):
        seat(panel, who)
    mine = ReviewAssignment.objects.create(proposal=reviewing, panel=panel, reviewer=bob)
    theirs = ReviewAssignment.objects.create(
        proposal=reviewing, panel=panel, reviewer=eve, score=2, comment="Eve"
    )
    return bob, mine, theirs


def review(client, assignment_id, body):
    return client.post(
        f"/api/review-assignments/{assignment_id}/review", body, content_type="application/json"
    )


def test_anonymous_callers_get_a_json_401(client, bob_and_eve):
    _bob, mine, _theirs = bob_and_eve
    assert client.get("/api/review-assignments").status_code == 401
    response = review(client, mine.pk, {"score": 4})
    assert response.status_code == 401 and response.json() == {"detail": "Unauthorized"}


def test_a_reviewer_lists_their_own_assignments_and_nothing_of_other_reviewers(
    client, bob_and_eve, reviewing
):
    bob, mine, _theirs = bob_and_eve
    client.force_login(bob)
    response = client.get("/api/review-assignments")
    assert response.status_code == 200
    (item,) = response.json()["items"]
    assert item["id"] == mine.pk and item["proposal"] == reviewing.pk
    assert item["title"] == reviewing.title and item["abstract"] == reviewing.abstract
    assert item["requests"][0]["instruments"] == ["ins-bl01", "ins-bl02"]
    assert item["samples"] == [{"name": "Transporter crystals", "hazard": "biological"}]
    assert item["status"] == "to_review" and item["score"] is None
    assert "eve" not in response.content.decode().lower()


def test_a_reviewer_scores_their_assignment(client, bob_and_eve):
    bob, mine, _theirs = bob_and_eve
    client.force_login(bob)
    response = review(client, mine.pk, {"score": 4, "comment": "Sound plan"})
    assert response.status_code == 200
    assert response.json()["score"] == 4 and response.json()["status"] == "reviewed"
    assert ReviewAssignment.objects.get(pk=mine.pk).comment == "Sound plan"


def test_someone_elses_assignment_is_a_404_and_stays_untouched(client, bob_and_eve):
    bob, _mine, theirs = bob_and_eve
    client.force_login(bob)
    assert review(client, theirs.pk, {"score": 5}).status_code == 404
    assert ReviewAssignment.objects.get(pk=theirs.pk).score == 2


def test_a_score_outside_one_to_five_is_a_422(client, bob_and_eve):
    bob, mine, _theirs = bob_and_eve
    client.force_login(bob)
    for bad in (0, 6, "great"):
        assert review(client, mine.pk, {"score": bad}).status_code == 422
    assert ReviewAssignment.objects.get(pk=mine.pk).score is None


def test_a_score_after_the_proposal_left_peer_review_is_a_409(client, bob_and_eve, reviewing, pi):
    bob, mine, _theirs = bob_and_eve
    proposals.proposal_withdraw(actor=pi, proposal=reviewing)
    client.force_login(bob)
    response = review(client, mine.pk, {"score": 3})
    assert response.status_code == 409 and "peer review" in response.json()["detail"]
    assert client.get("/api/review-assignments").json()["items"][0]["status"] == "closed"
