"""Starting a draft from an open call: the writer becomes its PI and lands on the form."""

from django.urls import reverse

from sciencecity.proposals import services
from sciencecity.proposals.models import Member, Proposal
from sciencecity.proposals.tests.pages.conftest import signed_in


def test_a_signed_in_user_starts_a_draft_and_becomes_its_pi(call, pi):
    client = signed_in(pi)
    assert client.get(reverse("proposals:new", args=[call.pk])).status_code == 200
    response = client.post(reverse("proposals:new", args=[call.pk]), {"title": "Catalysts under operando"})
    proposal = Proposal.objects.get(title="Catalysts under operando")
    assert response["Location"] == reverse("proposals:edit", args=[proposal.pk])
    assert proposal.status == "draft"
    assert proposal.members.get(role=Member.Role.PI).user == pi


def test_a_closed_call_takes_no_new_draft(call, pi):
    services.call_close(actor=None, call=call)
    response = signed_in(pi).post(reverse("proposals:new", args=[call.pk]), {"title": "Too late"})
    assert response.status_code == 404
    assert not Proposal.objects.filter(title="Too late").exists()
