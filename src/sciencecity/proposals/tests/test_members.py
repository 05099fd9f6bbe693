import pytest
from django.core.exceptions import ValidationError

from sciencecity.core.errors import PermissionDenied, StateConflict
from sciencecity.proposals import services
from sciencecity.proposals.models import Member
from sciencecity.proposals.tests.conftest import user


def test_an_invited_co_proposer_accepts_with_the_address_invited(draft, pi):
    member = services.member_invite(actor=pi, proposal=draft, email="Colleague@Example.org")
    colleague = user("colleague")
    services.member_respond(user=colleague, member=member, accept=True)
    member.refresh_from_db()
    assert (member.user, member.status) == (colleague, Member.Status.ACCEPTED)


def test_an_invitation_cannot_be_taken_by_another_address(draft, pi):
    member = services.member_invite(actor=pi, proposal=draft, email="colleague@example.org")
    with pytest.raises(PermissionDenied):
        services.member_respond(user=user("intruder"), member=member, accept=True)


def test_an_invitation_is_answered_once(draft, pi):
    member = services.member_invite(actor=pi, proposal=draft, email="colleague@example.org")
    colleague = user("colleague")
    services.member_respond(user=colleague, member=member, accept=False)
    with pytest.raises(StateConflict):
        services.member_respond(user=colleague, member=member, accept=True)


def test_the_same_person_is_not_invited_twice_and_only_the_pi_invites(draft, pi):
    services.member_invite(actor=pi, proposal=draft, email="colleague@example.org")
    with pytest.raises(ValidationError):
        services.member_invite(actor=pi, proposal=draft, email="COLLEAGUE@example.org")
    with pytest.raises(PermissionDenied):
        services.member_invite(actor=user("other"), proposal=draft, email="x@example.org")
