"""Withdrawing: the PI only, with a reason."""

from django.urls import reverse

from sciencecity.core.audit import audit_trail
from sciencecity.proposals import services
from sciencecity.proposals.models import Proposal
from sciencecity.proposals.tests.conftest import user
from sciencecity.proposals.tests.pages.conftest import signed_in


def test_the_pi_withdraws_with_a_reason_that_the_trail_keeps(submitted, pi):
    response = signed_in(pi).post(
        reverse("proposals:withdraw", args=[submitted.pk]), {"reason": "Sample lost"}
    )
    assert response["Location"] == reverse("proposals:detail", args=[submitted.pk])
    assert Proposal.objects.get(pk=submitted.pk).status == "withdrawn"
    assert [e.reason for e in audit_trail(submitted)][-1] == "Sample lost"


def test_a_co_proposer_may_not_withdraw(draft, pi):
    co = user("co")
    member = services.member_invite(actor=pi, proposal=draft, email=co.email)
    services.member_respond(user=co, member=member, accept=True)
    response = signed_in(co).post(reverse("proposals:withdraw", args=[draft.pk]), {"reason": "No"})
    assert response.status_code == 403
    assert Proposal.objects.get(pk=draft.pk).status == "draft"


def test_a_withdrawal_needs_a_reason(submitted, pi):
    response = signed_in(pi).post(reverse("proposals:withdraw", args=[submitted.pk]), {"reason": ""})
    assert response.status_code == 422
    assert Proposal.objects.get(pk=submitted.pk).status == "submitted"


def test_a_stranger_gets_a_404_and_a_withdrawn_proposal_cannot_be_withdrawn_again(submitted, pi):
    url = reverse("proposals:withdraw", args=[submitted.pk])
    assert signed_in(user("stranger")).post(url, {"reason": "x"}).status_code == 404
    signed_in(pi).post(url, {"reason": "Sample lost"})
    assert signed_in(pi).post(url, {"reason": "Again"}).status_code == 409
