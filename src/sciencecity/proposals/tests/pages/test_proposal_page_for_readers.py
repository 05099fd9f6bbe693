"""The read-only proposal page: for everyone allowed to read it; officers also see its audit trail;
reviewers never see other reviewers' names."""

from django.test import Client
from django.urls import reverse

from sciencecity.accounts.services import role_grant
from sciencecity.core.roles import Role
from sciencecity.proposals.tests.conftest import user
from sciencecity.proposals.tests.pages.conftest import signed_in


def test_the_officer_reads_a_submitted_proposal_and_its_audit_trail(submitted, officer):
    page = signed_in(officer).get(reverse("proposals:detail", args=[submitted.pk])).content.decode()
    assert "Structure of a membrane transporter" in page
    assert "Audit trail" in page and "proposal.submit" in page


def test_an_instrument_scientist_reads_it_without_the_trail(submitted, beamlines):
    scientist = user("scientist")
    role_grant(user=scientist, role=Role.INSTRUMENT_SCIENTIST, instrument_id=beamlines[0].pk)
    page = signed_in(scientist).get(reverse("proposals:detail", args=[submitted.pk])).content.decode()
    assert "Transporter crystals" in page and "Audit trail" not in page


def test_a_reviewer_never_sees_another_reviewers_name(submitted, facility):
    # Reached through the relations, so the proposals app imports nothing from the review app.
    panel = facility.panels.create(name_en="Biology")
    first, second = user("reviewer-ada"), user("reviewer-bert")
    for reviewer in (first, second):
        panel.members.create(user=reviewer)
        submitted.review_assignments.create(panel=panel, reviewer=reviewer)
    page = signed_in(first).get(reverse("proposals:detail", args=[submitted.pk])).content.decode()
    assert "Structure of a membrane transporter" in page
    assert "reviewer-bert" not in page


def test_nobody_reads_it_anonymously_and_a_stranger_gets_a_404(submitted):
    assert Client().get(reverse("proposals:detail", args=[submitted.pk])).status_code == 302
    assert (
        signed_in(user("stranger")).get(reverse("proposals:detail", args=[submitted.pk])).status_code == 404
    )
