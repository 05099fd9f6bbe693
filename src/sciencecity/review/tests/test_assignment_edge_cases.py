"""Running the assignment when there is nothing to assign, or nobody to assign, answers without an error."""

from sciencecity.review import services
from sciencecity.review.models import ReviewAssignment
from sciencecity.review.tests.conftest import in_peer_review


def test_assigning_no_proposals_assigns_nothing(panel, officer):
    result = services.review_assign(actor=officer, panel=panel, proposals=[], per_proposal=2)
    assert result.pairs == () and not ReviewAssignment.objects.exists()


def test_a_panel_without_reviewers_leaves_every_proposal_short(client, call, panel, officer, submitted):
    proposal = in_peer_review(submitted)
    client.force_login(officer)
    url = f"/review/calls/{call.pk}/panels/{panel.pk}/"
    assert client.post(url, {"action": "assign", "per_proposal": "2"}).status_code == 302
    page = client.get(url + "?per_proposal=2").content.decode()
    assert "2 reviewers missing" in page and proposal.reference in page
