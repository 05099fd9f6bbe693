"""What every way of starting the site checks first (wsgi, asgi, serve): never serve with debug off on the
public development key."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

# The public key of development and demos (settings' default when SECRET_KEY is unset).
DEVELOPMENT_SECRET_KEY = "insecure-development-key-change-me"  # noqa: S105 - public on purpose

REFUSAL = (
    "Refusing to start: SECRET_KEY is the public development key and debug is off. "
    "Set SECRET_KEY to a long random value (python -c 'import secrets; print(secrets.token_urlsafe(50))'), "
    "or SCIENCECITY_DEBUG=1 for development."
)


def refuse_development_key() -> None:
    if not settings.DEBUG and settings.SECRET_KEY == DEVELOPMENT_SECRET_KEY:
        raise ImproperlyConfigured(REFUSAL)
