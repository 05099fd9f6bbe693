"""Inviting a co-proposer and submitting a proposal e-mail the people concerned, in English and Chinese."""

import contextlib

from django.core import mail

from sciencecity.notifications.messages import notify_decision
from sciencecity.notifications.models import Notification
from sciencecity.proposals import services
from sciencecity.proposals.tests.conftest import user


def test_an_invited_co_proposer_is_emailed_in_both_languages(draft, pi, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.member_invite(actor=pi, proposal=draft, email="Colleague@Example.org")
    [message] = mail.outbox
    assert message.to == ["colleague@example.org"]
    assert "Invitation to join a proposal" in message.subject and "邀请" in message.subject
    assert draft.title in message.body and "合作申请人" in message.body


def test_an_invited_person_with_an_account_sees_it_on_their_page(
    client, draft, pi, django_capture_on_commit_callbacks
):
    colleague = user("colleague")
    with django_capture_on_commit_callbacks(execute=True):
        services.member_invite(actor=pi, proposal=draft, email="colleague@example.org")
    note = Notification.objects.get(recipient=colleague)
    client.force_login(colleague)
    page = client.get("/accounts/notifications/")
    assert note.subject in page.text and "1 unread." in page.text
    client.post("/accounts/notifications/read/", {"notification": note.pk})
    note.refresh_from_db()
    assert note.is_read


def test_a_refused_invitation_sends_nothing(draft, django_capture_on_commit_callbacks):
    from sciencecity.core.errors import PermissionDenied

    with django_capture_on_commit_callbacks(execute=True), contextlib.suppress(PermissionDenied):
        services.member_invite(actor=user("stranger"), proposal=draft, email="x@example.org")
    assert mail.outbox == []


def test_submitting_sends_the_receipt_with_the_reference(draft, pi, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        submitted = services.proposal_submit(actor=pi, proposal=draft)
    [message] = mail.outbox
    assert message.to == ["pi@example.org"]
    assert submitted.reference in message.subject and "已收到" in message.subject
    assert Notification.objects.filter(recipient=pi, subject=message.subject).exists()


def test_a_decision_reaches_every_member(draft, pi, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notify_decision(draft)
    assert [m.to for m in mail.outbox] == [["pi@example.org"]]
    assert "Decision on proposal" in mail.outbox[0].subject


def test_a_reviewer_is_told_of_an_assignment(draft, django_capture_on_commit_callbacks):
    from types import SimpleNamespace

    from sciencecity.notifications.messages import notify_review_assignment

    reviewer = user("reviewer")
    assignment = SimpleNamespace(proposal=draft, panel="SSRF Structural biology", reviewer=reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        notify_review_assignment(assignment)
    assert mail.outbox[0].to == ["reviewer@example.org"]
    assert "SSRF Structural biology" in mail.outbox[0].body and "评审" in mail.outbox[0].body
