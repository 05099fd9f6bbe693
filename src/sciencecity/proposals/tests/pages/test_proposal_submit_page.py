"""Submitting from the page: every missing part listed (422), refused after the deadline (409)."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from sciencecity.proposals import services
from sciencecity.proposals.models import Call, Proposal
from sciencecity.proposals.tests.pages.conftest import signed_in


def test_a_complete_draft_is_submitted_and_gets_its_reference(draft, pi):
    response = signed_in(pi).post(reverse("proposals:submit", args=[draft.pk]))
    assert response["Location"] == reverse("proposals:detail", args=[draft.pk])
    draft.refresh_from_db()
    assert draft.status == "submitted" and draft.reference


def test_an_incomplete_draft_is_refused_with_every_reason(call, pi):
    draft = services.proposal_create(actor=pi, call=call, title="Half written")
    response = signed_in(pi).post(reverse("proposals:submit", args=[draft.pk]))
    page = response.content.decode()
    assert response.status_code == 422
    for reason in (
        "Write an abstract of at least 20 words.",
        "Choose the field of science.",
        "Ask for time: add at least one request.",
        "Declare the samples you will bring (at least one).",
    ):
        assert reason in page
    assert Proposal.objects.get(pk=draft.pk).status == "draft"


def test_the_form_lists_the_reasons_beside_the_submit_button(call, pi):
    draft = services.proposal_create(actor=pi, call=call, title="Half written")
    page = signed_in(pi).get(reverse("proposals:edit", args=[draft.pk])).content.decode()
    assert "Before you can submit:" in page and "Choose the field of science." in page


def test_a_submission_after_the_deadline_is_refused_with_the_reason(draft, pi, call):
    Call.objects.filter(pk=call.pk).update(closes_at=timezone.now() - dt.timedelta(minutes=1))
    response = signed_in(pi).post(reverse("proposals:submit", args=[draft.pk]))
    assert response.status_code == 409
    assert "The call is not open for submissions" in response.content.decode()
    assert Proposal.objects.get(pk=draft.pk).status == "draft"


def test_submitting_twice_is_refused_the_second_time(draft, pi):
    client = signed_in(pi)
    client.post(reverse("proposals:submit", args=[draft.pk]))
    response = client.post(reverse("proposals:submit", args=[draft.pk]))
    assert response.status_code == 409
    assert "already submitted" in response.content.decode()
