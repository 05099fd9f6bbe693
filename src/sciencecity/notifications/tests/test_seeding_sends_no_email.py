from django.core import mail

from sciencecity.accounts.models import User
from sciencecity.notifications.models import Notification
from sciencecity.notifications.services import after_commit, notify, without_email


def test_notifications_made_while_seeding_are_kept_but_not_emailed(db, django_capture_on_commit_callbacks):
    person = User.objects.create_user("seeded", email="seeded@example.org", password="x-Very-long-1")
    with django_capture_on_commit_callbacks(execute=True), without_email():
        notify(person, "Seeded", "Nothing to send")
    assert Notification.objects.filter(recipient=person, subject="Seeded").exists()
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        notify(person, "Real", "Sent")
    assert [m.subject for m in mail.outbox] == ["Real"]


def test_a_notice_sent_after_commit_keeps_the_quiet_context_it_was_asked_in(
    db, django_capture_on_commit_callbacks
):
    person = User.objects.create_user("later", email="later@example.org", password="x-Very-long-1")
    with django_capture_on_commit_callbacks(execute=False) as callbacks, without_email():
        after_commit(notify, person, "Receipt", "Seeded receipt")
    for callback in callbacks:  # the transaction commits after the quiet block has ended
        callback()
    assert Notification.objects.filter(recipient=person, subject="Receipt").exists()
    assert mail.outbox == []
