"""My proposals: the signed-in user's proposals with their status, and no one else's."""

from django.conf import settings
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import reverse

from sciencecity.proposals import services
from sciencecity.proposals.tests.conftest import user
from sciencecity.proposals.tests.pages.conftest import signed_in


def test_an_anonymous_reader_is_sent_to_sign_in(db):
    response = Client().get(reverse("proposals:mine"))
    assert response.status_code == 302
    assert response["Location"].startswith(resolve_url(settings.LOGIN_URL))


def test_the_list_shows_my_proposals_with_their_status_and_not_others(call, draft, pi):
    other = user("other")
    services.proposal_create(actor=other, call=call, title="Someone else's idea")
    services.proposal_submit(actor=pi, proposal=draft)
    page = signed_in(pi).get(reverse("proposals:mine")).content.decode()
    assert "Structure of a membrane transporter" in page
    assert "submitted" in page
    assert "Someone else&#x27;s idea" not in page and "Someone else's idea" not in page


def test_the_list_says_when_invitations_wait(draft, pi):
    guest = user("guest")
    services.member_invite(actor=pi, proposal=draft, email=guest.email)
    page = signed_in(guest).get(reverse("proposals:mine")).content.decode()
    assert "1 invitation waits for your answer" in page
