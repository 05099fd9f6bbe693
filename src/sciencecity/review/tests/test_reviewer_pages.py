"""The reviewer's pages: their queue, scoring with htmx, declaring conflicts, their publication list."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from sciencecity.proposals import services as proposals
from sciencecity.review.models import ConflictDeclaration, PublicationList, ReviewAssignment
from sciencecity.review.tests.conftest import in_peer_review, seat, user


@pytest.fixture
def reviewing(submitted):
    return in_peer_review(submitted)


@pytest.fixture
def bob(reviewing, panel):
    bob, eve = user("bob-reviewer"), user("eve-reviewer")
    eve.display_name = "Eve Elsewhere"
    eve.save()
    for who in (bob, eve):
        seat(panel, who)
    ReviewAssignment.objects.create(proposal=reviewing, panel=panel, reviewer=bob)
    ReviewAssignment.objects.create(proposal=reviewing, panel=panel, reviewer=eve, score=1, comment="Weak")
    return bob


def mine(bob):
    return ReviewAssignment.objects.get(reviewer=bob)


def test_the_queue_asks_a_stranger_to_sign_in(client, db):
    response = client.get("/review/")
    assert response.status_code == 302 and "login" in response["Location"]


def test_the_queue_shows_the_proposal_but_no_other_reviewer(client, bob, reviewing):
    client.force_login(bob)
    page = client.get("/review/").content.decode()
    assert reviewing.title in page and "Transporter crystals" in page and "BL01" in page
    assert "Eve Elsewhere" not in page and "eve-reviewer" not in page and not re.search(r"\bWeak\b", page)


def test_a_score_saved_with_htmx_answers_with_the_form_again(client, bob):
    client.force_login(bob)
    assignment = mine(bob)
    prefix = f"a{assignment.pk}"
    response = client.post(
        f"/review/assignments/{assignment.pk}/score",
        {f"{prefix}-score": "4", f"{prefix}-comment": "Clear aims"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200 and "Saved." in response.content.decode()
    assert "<html" not in response.content.decode()
    assert mine(bob).score == 4 and mine(bob).comment == "Clear aims"


def test_a_score_outside_the_scale_is_refused(client, bob):
    client.force_login(bob)
    assignment = mine(bob)
    client.post(f"/review/assignments/{assignment.pk}/score", {f"a{assignment.pk}-score": "9"})
    assert mine(bob).score is None


def test_another_reviewers_assignment_is_a_404(client, bob):
    client.force_login(bob)
    theirs = ReviewAssignment.objects.exclude(reviewer=bob).get()
    response = client.post(f"/review/assignments/{theirs.pk}/score", {f"a{theirs.pk}-score": "5"})
    assert response.status_code == 404
    assert client.get(f"/review/assignments/{theirs.pk}/attachment").status_code == 404
    assert ReviewAssignment.objects.get(pk=theirs.pk).score == 1


def test_a_score_after_the_proposal_left_peer_review_shows_why(client, bob, reviewing, pi):
    proposals.proposal_withdraw(actor=pi, proposal=reviewing)
    client.force_login(bob)
    assignment = mine(bob)
    response = client.post(
        f"/review/assignments/{assignment.pk}/score",
        {f"a{assignment.pk}-score": "3"},
        headers={"HX-Request": "true"},
    )
    assert "not in peer review" in response.content.decode()
    assert mine(bob).score is None


def test_a_panel_reviewer_sees_the_titles_and_declaring_drops_the_unscored_assignment(client, bob, reviewing):
    client.force_login(bob)
    assert reviewing.title in client.get("/review/conflicts/").content.decode()
    response = client.post("/review/conflicts/", {"proposal": reviewing.pk, "reason": "Co-founder"})
    assert response.status_code == 302
    assert ConflictDeclaration.objects.filter(reviewer=bob, proposal=reviewing).exists()
    assert not ReviewAssignment.objects.filter(reviewer=bob).exists()


def test_someone_off_the_panel_sees_no_titles_and_cannot_declare(client, bob, reviewing):
    stranger = user("stranger")
    client.force_login(stranger)
    assert reviewing.title not in client.get("/review/conflicts/").content.decode()
    assert client.post("/review/conflicts/", {"proposal": reviewing.pk}).status_code == 404
    assert not ConflictDeclaration.objects.exists()


def test_anyone_uploads_a_bibtex_list_and_a_broken_file_shows_the_error(client, db):
    person = user("author")
    client.force_login(person)
    good = SimpleUploadedFile(
        "mine.bib", b"@article{a, title={Shared work}, author={Silva, Ana}, year={2024}}"
    )
    assert client.post("/review/publications/", {"file": good}).status_code == 302
    assert len(PublicationList.objects.get(user=person).publications) == 1
    assert "Shared work" in client.get("/review/publications/").content.decode()
    broken = SimpleUploadedFile("mine.json", b"[{not json")
    response = client.post("/review/publications/", {"file": broken})
    assert response.status_code == 422 and 'class="error"' in response.content.decode()
    assert len(PublicationList.objects.get(user=person).publications) == 1
