"""POST /api/proposals/{id}/withdraw: the principal investigator's alone, with an optional reason."""

from sciencecity.core.models import AuditEvent
from sciencecity.proposals import services
from sciencecity.proposals.models import Proposal
from sciencecity.proposals.tests.api_support import JSON, client_of, officer_of
from sciencecity.proposals.tests.conftest import user


def withdraw(client, proposal, **body):
    return client.post(f"/api/proposals/{proposal.pk}/withdraw", body, content_type=JSON)


def test_the_pi_withdraws_with_a_reason_that_the_audit_trail_keeps(draft, pi):
    services.proposal_submit(actor=pi, proposal=draft)
    response = withdraw(client_of(pi), draft, reason="The samples did not grow.")
    assert response.status_code == 200
    assert response.json()["status"] == "withdrawn"
    event = AuditEvent.objects.get(action="proposal.withdraw")
    assert (event.from_state, event.to_state, event.reason) == (
        "submitted",
        "withdrawn",
        "The samples did not grow.",
    )


def test_the_reason_is_optional_and_so_is_the_body(draft, pi):
    response = client_of(pi).generic("POST", f"/api/proposals/{draft.pk}/withdraw", b"")
    assert response.status_code == 200
    assert response.json()["status"] == "withdrawn"


def test_a_co_proposer_may_not_withdraw_403(draft, pi):
    colleague = user("colleague")
    member = services.member_invite(actor=pi, proposal=draft, email=colleague.email)
    services.member_respond(user=colleague, member=member, accept=True)
    response = withdraw(client_of(colleague), draft)
    assert response.status_code == 403
    assert "principal investigator" in response.json()["detail"]


def test_an_officer_who_reads_it_may_not_withdraw_403(draft, pi, facility):
    services.proposal_submit(actor=pi, proposal=draft)
    assert withdraw(client_of(officer_of(facility)), draft).status_code == 403
    draft.refresh_from_db()
    assert draft.status == Proposal.Status.SUBMITTED


def test_withdrawing_twice_is_a_409(draft, pi):
    api = client_of(pi)
    assert withdraw(api, draft).status_code == 200
    assert withdraw(api, draft).status_code == 409


def test_a_stranger_gets_404(draft):
    assert withdraw(client_of(user("stranger")), draft).status_code == 404
