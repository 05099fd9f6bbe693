"""Tell a person something: keep it on their notifications page and e-mail it once the transaction commits."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar, copy_context
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from sciencecity.notifications.models import Notification

if TYPE_CHECKING:
    from sciencecity.accounts.models import User


_without_email: ContextVar[bool] = ContextVar("notifications_without_email", default=False)


@contextmanager
def without_email() -> Iterator[None]:
    """Keep notifications on people's pages but send no e-mail (seeding example data: nobody to tell)."""
    token = _without_email.set(True)
    try:
        yield
    finally:
        _without_email.reset(token)


def after_commit(send: Callable[..., Any], *args: Any) -> None:
    """Notify once the transaction commits, in the context the notice was asked in (`without_email`)."""
    context = copy_context()
    transaction.on_commit(lambda: context.run(send, *args))


def absolute_url(link: str) -> str:
    """A site path as a full address for an e-mail (SITE_URL names the site)."""
    if not link or "://" in link:
        return link
    return settings.SITE_URL.rstrip("/") + "/" + link.lstrip("/")


def notify(
    user: User | None, subject: str, body: str, link: str = "", *, email: str = ""
) -> Notification | None:
    """Store the notification for the user (if they have an account) and e-mail it to them.

    The e-mail goes to `email`, else to the user's address, and is sent only when the surrounding
    transaction commits: a rolled-back action sends nothing. Returns the stored notification, if any.
    """
    notification = None
    if user is not None:
        notification = Notification.objects.create(
            recipient=user, subject=subject[:255], body=body, link=link[:500]
        )
    address = email or (user.email if user is not None else "")
    if address and not _without_email.get():
        text = body + (f"\n\n{absolute_url(link)}" if link else "")
        transaction.on_commit(
            lambda: send_mail(subject, text, settings.DEFAULT_FROM_EMAIL, [address], fail_silently=False)
        )
    return notification


@transaction.atomic
def notification_mark_read(*, user: User, notification_id: int | None = None) -> int:
    """Mark one of the user's notifications (or, with no id, all of them) read; returns how many changed."""
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_id is not None:
        unread = unread.filter(pk=notification_id)
    return unread.update(read_at=timezone.now())
