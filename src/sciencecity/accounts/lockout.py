"""Login throttling (django-axes): which address a login attempt comes from."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def client_ip_address(request: HttpRequest) -> str | None:
    """The peer address; behind TRUSTED_PROXY_COUNT proxies, the address the outermost one saw.

    Each proxy appends the address it received from to X-Forwarded-For, so with N proxies the client is the
    N-th address from the right; anything left of it was written by the client and is not trusted.
    """
    count: int = settings.TRUSTED_PROXY_COUNT
    if count > 0:
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
        if len(forwarded) >= count:
            return forwarded[-count]
    return request.META.get("REMOTE_ADDR")


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: dict | None = None
) -> HttpResponse:
    """The page a locked-out login gets: what happened and how long to wait, in the visitor's language."""
    cool_off: timedelta = settings.AXES_COOLOFF_TIME
    context = {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "cooloff_minutes": max(1, round(cool_off.total_seconds() / 60)),
    }
    return render(request, "accounts/locked_out.html", context, status=429)


def login_name(request: HttpRequest, credentials: dict | None = None) -> str | None:
    """The account a login attempt is for, as the lockout counts it.

    The admin passes `username`; a site login by e-mail (allauth) passes `email`, and its form posts `login`.
    Case is folded, so "Carol" and "carol" share one count.
    """
    for source in (credentials or {}, request.POST):
        for key in ("username", "email", "login"):
            value = source.get(key)
            if value:
                return str(value).strip().casefold()
    return None
