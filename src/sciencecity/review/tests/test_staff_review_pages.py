"""The instrument scientist's queue and verdicts; the officer's call review and panel assignment pages."""

import pytest

from sciencecity.accounts.services import role_grant
from sciencecity.core.roles import Role
from sciencecity.proposals.models import Call, Proposal
from sciencecity.registry import services as registry
from sciencecity.review.models import ConflictDeclaration, ReviewAssignment, TechnicalReview
from sciencecity.review.tests.conftest import in_peer_review, seat, user


def test_the_scientist_sees_proposals_for_their_instruments_and_records_a_verdict(
    client, submitted, scientists, beamlines
):
    client.force_login(scientists[0])
    assert submitted.title in client.get("/review/technical/").content.decode()
    prefix = f"p{submitted.pk}-i{beamlines[0].pk}"
    response = client.post(
        f"/review/technical/{submitted.pk}/{beamlines[0].pk}",
        {f"{prefix}-verdict": "with_changes", f"{prefix}-comment": "Needs a cryostream"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200 and "Saved." in response.content.decode()
    assert TechnicalReview.objects.get().verdict == "with_changes"


def test_the_scientist_of_another_instrument_sees_nothing_and_cannot_record(
    client, submitted, scientists, beamlines
):
    client.force_login(scientists[2])
    assert submitted.title not in client.get("/review/technical/").content.decode()
    prefix = f"p{submitted.pk}-i{beamlines[0].pk}"
    response = client.post(
        f"/review/technical/{submitted.pk}/{beamlines[0].pk}", {f"{prefix}-verdict": "feasible"}
    )
    assert response.status_code == 404
    assert not TechnicalReview.objects.exists()


@pytest.fixture
def other_officer(db):
    other = registry.facility_upsert(slug="fac-x", code="X", name_en="X", source="https://example.org").record
    theirs = user("theirs")
    role_grant(user=theirs, role=Role.USER_OFFICE, facility_id=other.pk)
    return theirs


def test_an_officer_of_another_facility_gets_404_on_the_calls_review(
    client, call, panel, other_officer, submitted
):
    client.force_login(other_officer)
    assert client.get(f"/review/calls/{call.pk}/").status_code == 404
    assert client.post(f"/review/calls/{call.pk}/", {"action": "technical"}).status_code == 404
    assert client.get(f"/review/calls/{call.pk}/panels/{panel.pk}/").status_code == 404
    assert Proposal.objects.get(pk=submitted.pk).status == Proposal.Status.SUBMITTED


def test_the_officer_moves_stages_and_toggles_normalisation(client, call, officer, submitted):
    client.force_login(officer)
    assert client.post(f"/review/calls/{call.pk}/", {"action": "technical"}).status_code == 302
    assert Proposal.objects.get(pk=submitted.pk).status == Proposal.Status.TECHNICAL_REVIEW
    client.post(f"/review/calls/{call.pk}/", {"action": "normalise", "normalise": "on"})
    assert Call.objects.get(pk=call.pk).normalise_scores
    client.post(f"/review/calls/{call.pk}/", {"action": "normalise"})
    assert not Call.objects.get(pk=call.pk).normalise_scores


def test_the_officer_assigns_sees_the_shortfall_cause_and_cannot_reassign_into_a_conflict(
    client, call, panel, officer, submitted
):
    proposal = in_peer_review(submitted)
    free, declared = user("free"), user("declared")
    declared.display_name = "Dee Declared"
    declared.save()
    seat(panel, free)
    seat(panel, declared)
    ConflictDeclaration.objects.create(reviewer=declared, proposal=proposal)
    client.force_login(officer)
    url = f"/review/calls/{call.pk}/panels/{panel.pk}/"
    assert client.post(url, {"action": "assign", "per_proposal": "2"}).status_code == 302
    assignment = ReviewAssignment.objects.get()
    assert assignment.reviewer == free
    page = client.get(url + "?per_proposal=2").content.decode()
    assert "1 reviewer missing" in page and "Dee Declared: declared a conflict" in page
    response = client.post(url, {"action": "reassign", "assignment": assignment.pk, "reviewer": declared.pk})
    assert response.status_code == 422 and "Conflict of interest" in response.content.decode()
    assert ReviewAssignment.objects.get().reviewer == free
