"""Co-proposers: the PI invites by e-mail (POST /api/proposals/{id}/members); the invited person answers."""

import pytest

from sciencecity.proposals import services
from sciencecity.proposals.models import Member
from sciencecity.proposals.tests.api_support import JSON, client_of
from sciencecity.proposals.tests.conftest import user


def invite(client, proposal, email):
    return client.post(f"/api/proposals/{proposal.pk}/members", {"email": email}, content_type=JSON)


@pytest.fixture
def colleague(db):
    return user("colleague")


@pytest.fixture
def invitation(draft, pi, colleague):
    return services.member_invite(actor=pi, proposal=draft, email=colleague.email)


def test_the_pi_invites_a_co_proposer_by_email_201(draft, pi):
    response = invite(client_of(pi), draft, "Colleague@Example.org")
    assert response.status_code == 201
    assert response.json() | {"id": 0} == {
        "id": 0,
        "name": "",
        "email": "colleague@example.org",
        "role": "co_proposer",
        "status": "invited",
    }


def test_inviting_someone_twice_is_a_422(draft, pi, invitation, colleague):
    response = invite(client_of(pi), draft, colleague.email)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "email"]


def test_an_invalid_email_is_a_422(draft, pi):
    assert invite(client_of(pi), draft, "not an address").status_code == 422


def test_only_the_pi_invites_403_for_a_co_proposer(draft, invitation, colleague):
    services.member_respond(user=colleague, member=invitation, accept=True)
    assert invite(client_of(colleague), draft, "third@example.org").status_code == 403


def test_invitations_are_sent_while_the_proposal_is_a_draft_409_after(draft, pi):
    services.proposal_submit(actor=pi, proposal=draft)
    assert invite(client_of(pi), draft, "late@example.org").status_code == 409


def test_a_stranger_cannot_invite_onto_a_proposal_they_cannot_read_404(draft):
    assert invite(client_of(user("stranger")), draft, "x@example.org").status_code == 404


def test_the_invited_person_lists_accepts_and_then_reads_the_proposal(draft, invitation, colleague):
    api = client_of(colleague)
    assert api.get(f"/api/proposals/{draft.pk}").status_code == 404
    [listed] = api.get("/api/invitations").json()["items"]
    assert listed == {
        "id": invitation.pk,
        "proposal": draft.pk,
        "title": draft.title,
        "pi": "pi",
        "status": "invited",
    }
    response = api.post(f"/api/invitations/{invitation.pk}/accept")
    assert response.status_code == 200
    assert response.json()["status"] == "accepted" and response.json()["name"] == "colleague"
    assert api.get(f"/api/proposals/{draft.pk}").status_code == 200
    assert api.get("/api/invitations").json()["items"] == []


def test_the_invited_person_declines_and_stays_outside(draft, invitation, colleague):
    api = client_of(colleague)
    response = api.post(f"/api/invitations/{invitation.pk}/decline")
    assert response.status_code == 200 and response.json()["status"] == "declined"
    assert api.get(f"/api/proposals/{draft.pk}").status_code == 404


def test_answering_twice_is_a_409(invitation, colleague):
    api = client_of(colleague)
    assert api.post(f"/api/invitations/{invitation.pk}/accept").status_code == 200
    assert api.post(f"/api/invitations/{invitation.pk}/decline").status_code == 409
    assert Member.objects.get(pk=invitation.pk).status == Member.Status.ACCEPTED


def test_someone_elses_invitation_is_a_404(invitation, pi):
    for person in (user("stranger"), pi):
        api = client_of(person)
        assert api.get("/api/invitations").json()["items"] == []
        assert api.post(f"/api/invitations/{invitation.pk}/accept").status_code == 404
    assert Member.objects.get(pk=invitation.pk).status == Member.Status.INVITED
