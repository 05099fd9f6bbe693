"""POST /api/proposals/{id}/submit: a complete draft before the deadline is submitted, once."""

import datetime as dt

from django.utils import timezone

from sciencecity.core.models import AuditEvent
from sciencecity.proposals import services
from sciencecity.proposals.models import Call, Proposal
from sciencecity.proposals.tests.api_support import JSON, client_of, officer_of
from sciencecity.proposals.tests.conftest import user


def submit(client, proposal):
    return client.post(f"/api/proposals/{proposal.pk}/submit")


def test_submitting_a_complete_draft_answers_200_submitted(draft, pi):
    response = submit(client_of(pi), draft)
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "submitted"
    assert response.json()["reference"] == f"LS-2026-II-{draft.call_id}-0001"
    assert response.json()["submitted_at"].endswith("+08:00")
    draft.refresh_from_db()
    assert draft.status == Proposal.Status.SUBMITTED


def test_submitting_twice_submits_once_and_the_second_is_a_409(draft, pi):
    api = client_of(pi)
    assert submit(api, draft).status_code == 200
    again = submit(api, draft)
    assert again.status_code == 409
    assert "already" in again.json()["detail"]
    assert AuditEvent.objects.filter(action="proposal.submit").count() == 1
    assert Proposal.objects.exclude(reference="").count() == 1


def test_an_incomplete_draft_is_a_422_listing_every_missing_part(call, pi):
    api = client_of(pi)
    created = api.post("/api/proposals", {"call": call.pk, "title": "Idea"}, content_type=JSON).json()
    response = api.post(f"/api/proposals/{created['id']}/submit")
    assert response.status_code == 422
    messages = [problem["msg"] for problem in response.json()["detail"]]
    assert messages == [
        "Write an abstract of at least 20 words.",
        "Choose the field of science.",
        "Ask for time: add at least one request.",
        "Declare the samples you will bring (at least one).",
    ]
    assert Proposal.objects.get(pk=created["id"]).status == Proposal.Status.DRAFT


def test_past_the_deadline_submission_is_a_409(draft, pi, call):
    Call.objects.filter(pk=call.pk).update(closes_at=timezone.now() - dt.timedelta(seconds=1))
    response = submit(client_of(pi), draft)
    assert response.status_code == 409
    assert "not open for submissions" in response.json()["detail"]
    draft.refresh_from_db()
    assert draft.status == Proposal.Status.DRAFT


def test_a_withdrawn_proposal_cannot_be_submitted_409(draft, pi):
    services.proposal_withdraw(actor=pi, proposal=draft)
    assert submit(client_of(pi), draft).status_code == 409


def test_nobody_but_a_member_submits_404_for_those_who_cannot_read_it(draft, facility):
    assert submit(client_of(user("stranger")), draft).status_code == 404
    assert submit(client_of(officer_of(facility)), draft).status_code == 404  # an officer never sees a draft
    draft.refresh_from_db()
    assert draft.status == Proposal.Status.DRAFT
