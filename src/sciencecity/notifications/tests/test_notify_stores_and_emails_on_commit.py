"""notify(): the notification is kept for the person and e-mailed only when the transaction commits."""

import pytest
from django.core import mail
from django.db import transaction

from sciencecity.accounts.models import User
from sciencecity.notifications.models import Notification
from sciencecity.notifications.services import notification_mark_read, notify


def user(username: str) -> User:
    return User.objects.create_user(
        username=username, email=f"{username}@example.org", password="x-Long-pass-1"
    )


def test_a_notification_is_stored_and_emailed_after_commit(db, django_capture_on_commit_callbacks):
    alice = user("alice")
    with django_capture_on_commit_callbacks(execute=True):
        note = notify(alice, "Hello", "Body text", "/accounts/profile/")
        assert mail.outbox == []  # nothing is sent before the commit
    assert Notification.objects.get() == note and not note.is_read
    assert mail.outbox[0].to == ["alice@example.org"] and mail.outbox[0].subject == "Hello"
    assert "http://127.0.0.1:8000/accounts/profile/" in mail.outbox[0].body


def test_a_rolled_back_action_sends_nothing_and_keeps_nothing(db, django_capture_on_commit_callbacks):
    alice = user("alice")
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        notify(alice, "Hello", "Body")
        raise RuntimeError
    assert not Notification.objects.exists() and mail.outbox == []


def test_a_person_without_an_account_is_emailed_only(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert notify(None, "Invited", "Body", email="guest@example.org") is None
    assert mail.outbox[0].to == ["guest@example.org"] and not Notification.objects.exists()


def test_only_ones_own_notifications_are_marked_read(db):
    alice, bob = user("alice"), user("bob")
    mine, theirs = notify(alice, "a", "a"), notify(bob, "b", "b")
    assert mine is not None and theirs is not None
    assert notification_mark_read(user=alice, notification_id=theirs.pk) == 0
    assert notification_mark_read(user=alice) == 1
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.is_read and not theirs.is_read
