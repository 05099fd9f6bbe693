"""Personal API tokens: made with a random secret, stored as its SHA-256 digest, revoked, looked up."""

from __future__ import annotations

import hashlib
import secrets

from django.db import transaction
from django.utils import timezone

from sciencecity.accounts.models import ApiToken, User
from sciencecity.core.errors import PermissionDenied

TOKEN_PREFIX = "sct_"  # noqa: S105  (a marker, not a secret)
SHOWN_PREFIX_LENGTH = 12
LAST_USED_RESOLUTION_SECONDS = 60


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def token_create(*, user: User, name: str = "") -> tuple[ApiToken, str]:
    """A new token for the user: the record, and the secret token (never stored, never shown again)."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    record = ApiToken.objects.create(
        user=user, name=name.strip()[:100], prefix=token[:SHOWN_PREFIX_LENGTH], digest=token_digest(token)
    )
    return record, token


@transaction.atomic
def token_revoke(*, user: User, token_id: int) -> ApiToken:
    """The owner revokes one of their tokens (idempotent); anyone else's token is refused."""
    record = ApiToken.objects.select_for_update().filter(pk=token_id).first()
    if record is None or record.user_id != user.pk:
        raise PermissionDenied("This token is not yours.")
    if record.revoked_at is None:
        record.revoked_at = timezone.now()
        record.save(update_fields=["revoked_at"])
    return record


def token_user(token: str) -> User | None:
    """The active user a presented token belongs to, or None (unknown, revoked, or the user is inactive)."""
    if not token.startswith(TOKEN_PREFIX) or len(token) > 200:
        return None
    record = (
        ApiToken.objects.select_related("user")
        .filter(digest=token_digest(token), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if record is None:
        return None
    now = timezone.now()
    stale = record.last_used_at is None or (now - record.last_used_at).total_seconds() > (
        LAST_USED_RESOLUTION_SECONDS
    )
    if stale:  # one write a minute at most, however often the token is used
        ApiToken.objects.filter(pk=record.pk).update(last_used_at=now)
    return record.user
