"""The proposal form: members edit a draft; strangers get a 404; a submitted proposal is not edited."""

import datetime as dt

from django.urls import reverse

from sciencecity.proposals.models import Proposal
from sciencecity.proposals.tests.conftest import user
from sciencecity.proposals.tests.pages.conftest import form_data, signed_in


def test_the_form_shows_the_draft_with_its_requests_and_samples(draft, pi):
    page = signed_in(pi).get(reverse("proposals:edit", args=[draft.pk])).content.decode()
    assert 'value="Structure of a membrane transporter"' in page
    assert "Transporter crystals" in page
    assert "2026-10-20 2026-10-25" in page  # the blocked range, one a line
    assert 'hx-trigger="input changed delay:800ms' in page


def test_saving_the_whole_form_replaces_the_requests_and_samples(draft, pi):
    response = signed_in(pi).post(reverse("proposals:edit", args=[draft.pk]), form_data(draft))
    assert response.status_code == 302
    draft.refresh_from_db()
    (request,) = draft.requests.all()
    assert request.shifts == 6 and request.earliest == dt.date(2026, 10, 1)
    assert request.unavailable == [["2026-10-20", "2026-10-25"]]
    assert sorted(i.code for i in request.instruments.all()) == ["BL01", "BL02"]
    assert [(s.name, s.hazard) for s in draft.samples.all()] == [("Lysozyme crystals", "biological")]


def test_a_row_marked_for_removal_is_removed(draft, pi):
    data = form_data(draft, **{"samples-0-DELETE": "on"})
    signed_in(pi).post(reverse("proposals:edit", args=[draft.pk]), data)
    assert not draft.samples.exists()
    assert draft.requests.count() == 1


def test_a_stranger_gets_a_404_for_the_form_and_the_page(draft):
    client = signed_in(user("stranger"))
    assert client.get(reverse("proposals:edit", args=[draft.pk])).status_code == 404
    assert client.get(reverse("proposals:detail", args=[draft.pk])).status_code == 404
    assert client.post(reverse("proposals:edit", args=[draft.pk]), form_data(draft)).status_code == 404


def test_a_submitted_proposal_refuses_an_edit(submitted, pi):
    client = signed_in(pi)
    response = client.post(reverse("proposals:edit", args=[submitted.pk]), form_data(submitted, title="New"))
    assert response.status_code == 409
    assert "Only a draft can be edited" in response.content.decode()
    assert Proposal.objects.get(pk=submitted.pk).title == "Structure of a membrane transporter"
    # Opening the form of a submitted proposal leads to its read-only page.
    response = client.get(reverse("proposals:edit", args=[submitted.pk]))
    assert response["Location"] == reverse("proposals:detail", args=[submitted.pk])
