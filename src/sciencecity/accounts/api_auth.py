"""How every authenticated API endpoint knows its caller: a personal Bearer token, or the site session.

Use ``auth=api_auth`` on a router or an operation. A session needs the CSRF token for unsafe methods (as
the pages do); a Bearer token needs none (no browser sends it on its own). Anonymous callers, and unknown or
revoked tokens, get 401 ``{"detail": "Unauthorized"}``.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.http.multipartparser import MultiPartParserError
from ninja.errors import HttpError
from ninja.security import HttpBearer, SessionAuth

from sciencecity.accounts.tokens import token_user


class PersonalTokenAuth(HttpBearer):
    openapi_description = "A personal API token from your profile page: `Authorization: Bearer sct_…`."

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = token_user(token)
        if user is not None:
            request.user = user
        return user


class SiteSessionAuth(SessionAuth):
    """The logged-in site session (cookie), with Django's CSRF check on unsafe methods."""

    openapi_description = (
        "The site's session cookie (after logging in on the site); unsafe methods need CSRF."
    )

    def __call__(self, request: HttpRequest) -> Any:
        try:
            return super().__call__(request)
        except MultiPartParserError as exc:  # the CSRF check reads a form body that is not one
            raise HttpError(400, "Cannot parse request body") from exc

    def _get_key(self, request: HttpRequest) -> str | None:
        # Without a logged-in session there is nothing to protect: 401, not a CSRF 403.
        if not request.user.is_authenticated:
            return None
        return super()._get_key(request)


bearer_token_auth = PersonalTokenAuth()
session_auth = SiteSessionAuth(csrf=True)
api_auth = [bearer_token_auth, session_auth]
