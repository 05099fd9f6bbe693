"""Co-proposers: the PI invites by e-mail; the invited person answers on the invitations page."""

from django.urls import reverse

from sciencecity.proposals.models import Member
from sciencecity.proposals.tests.conftest import user
from sciencecity.proposals.tests.pages.conftest import signed_in


def test_the_invited_person_sees_the_invitation_accepts_and_reads_the_proposal(draft, pi):
    guest = user("guest")
    signed_in(pi).post(reverse("proposals:invite", args=[draft.pk]), {"email": "GUEST@example.org"})
    client = signed_in(guest)
    assert client.get(reverse("proposals:detail", args=[draft.pk])).status_code == 404
    page = client.get(reverse("proposals:invitations")).content.decode()
    assert "Structure of a membrane transporter" in page
    member = Member.objects.get(proposal=draft, email="guest@example.org")
    response = client.post(reverse("proposals:respond", args=[member.pk]), {"answer": "accept"})
    assert response["Location"] == reverse("proposals:detail", args=[draft.pk])
    assert client.get(reverse("proposals:detail", args=[draft.pk])).status_code == 200
    assert (
        "No invitation waits for your answer."
        in client.get(reverse("proposals:invitations")).content.decode()
    )


def test_nobody_else_sees_or_answers_an_invitation(draft, pi):
    signed_in(pi).post(reverse("proposals:invite", args=[draft.pk]), {"email": "guest@example.org"})
    member = Member.objects.get(proposal=draft, email="guest@example.org")
    other = signed_in(user("other"))
    assert "Structure" not in other.get(reverse("proposals:invitations")).content.decode()
    assert other.post(reverse("proposals:respond", args=[member.pk]), {"answer": "accept"}).status_code == 404
    assert Member.objects.get(pk=member.pk).status == "invited"


def test_only_the_pi_invites_and_an_address_is_invited_once(draft, pi):
    co = user("co")
    signed_in(pi).post(reverse("proposals:invite", args=[draft.pk]), {"email": co.email})
    member = Member.objects.get(proposal=draft, email=co.email)
    signed_in(co).post(reverse("proposals:respond", args=[member.pk]), {"answer": "accept"})
    response = signed_in(co).post(reverse("proposals:invite", args=[draft.pk]), {"email": "x@example.org"})
    assert response.status_code == 403
    response = signed_in(pi).post(reverse("proposals:invite", args=[draft.pk]), {"email": co.email})
    assert response.status_code == 422 and "already on this proposal" in response.content.decode()
