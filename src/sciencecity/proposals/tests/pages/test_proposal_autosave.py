"""Drafts save as you type: the autosave endpoint keeps every valid part and lists what it could not keep."""

import re

from django.urls import reverse

from sciencecity.proposals import services
from sciencecity.proposals.models import Proposal
from sciencecity.proposals.tests.conftest import user
from sciencecity.proposals.tests.pages.conftest import form_data, signed_in


def autosave(client, proposal, data):
    return client.post(
        reverse("proposals:autosave", args=[proposal.pk]), data, headers={"HX-Request": "true"}
    )


def test_autosave_keeps_the_typed_title_and_answers_saved_at(draft, pi):
    response = autosave(signed_in(pi), draft, form_data(draft, title="A better title"))
    assert response.status_code == 200
    fragment = response.content.decode()
    assert "Saved at" in fragment and "<html" not in fragment
    assert Proposal.objects.get(pk=draft.pk).title == "A better title"


def test_autosave_keeps_the_valid_parts_when_a_request_is_wrong_and_says_why(draft, pi):
    data = form_data(
        draft, title="Kept title", **{"requests-0-earliest": "2026-12-01", "requests-0-latest": "2026-10-01"}
    )
    fragment = autosave(signed_in(pi), draft, data).content.decode()
    draft.refresh_from_db()
    assert draft.title == "Kept title"  # the fields are saved
    assert [s.name for s in draft.samples.all()] == ["Lysozyme crystals"]  # the samples too
    assert [r.shifts for r in draft.requests.all()] == [9]  # the wrong request leaves the saved ones alone
    assert "Request 1" in fragment and "The latest date comes after the earliest." in fragment


def test_autosave_updates_the_reasons_it_cannot_be_submitted(draft, pi):
    fragment = autosave(signed_in(pi), draft, form_data(draft, abstract="too short")).content.decode()
    assert 'id="submit-problems" hx-swap-oob="true"' in fragment
    assert "Write an abstract of at least 20 words." in fragment


def test_autosave_refuses_strangers_and_submitted_proposals(draft, pi):
    assert autosave(signed_in(user("stranger")), draft, form_data(draft)).status_code == 404
    services.proposal_submit(actor=pi, proposal=draft)
    response = autosave(signed_in(pi), draft, form_data(draft, title="Changed after submission"))
    assert response.status_code == 409
    assert Proposal.objects.get(pk=draft.pk).title == "Structure of a membrane transporter"


def test_autosave_shows_each_error_beside_its_field_and_clears_the_others(draft, pi):
    data = form_data(draft, **{"requests-0-shifts": "0"})
    fragment = autosave(signed_in(pi), draft, data).content.decode()
    assert (
        '<div class="field-errors" id="err-requests-0-shifts" hx-swap-oob="true"><ul class="errorlist">'
        in fragment
    )
    assert re.search(r'id="err-title" hx-swap-oob="true">\s*</div>', fragment)
