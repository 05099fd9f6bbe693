"""The public registry pages and API answers, cached for anonymous readers until the registry changes.

Whatever they render depends only on the registry, the language, the day (prices in force), the htmx headers
and the path with its query, so an anonymous GET of one of `CACHED_VIEWS` is kept in the configured cache
(Django's cache framework) under a key of all those and the **registry generation**: a counter in the
database that every registry write bumps in the same transaction — model signals on the registry's models
(and on what else `watch` names, such as the published rates), and the bulk import (command and admin),
which bypasses signals, once per import. A write therefore makes every page rendered before it unreachable
at once, in every server process, whatever cache backend the settings name (the local-memory default too).

Only anonymous requests are served or stored: a request with a session cookie (every signed-in user has
one), a messages cookie or an Authorization header passes by, so no page rendered for someone signed in is
ever kept. A cached page's CSRF token belongs to nobody: it is stored as a placeholder and each reader gets
a token of their own, with the cookie that goes with it, as an uncached render would give.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db.models import F, Model
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone
from django.utils.translation import get_language

from sciencecity.registry.models import RegistryGeneration

CACHED_VIEWS = frozenset(
    {
        "showcase:home",
        "showcase:facilities",
        "showcase:facility",
        "showcase:organisations",
        "showcase:organisation",
        "showcase:achievements",
        "showcase:achievement",
        "showcase:search",
        "api:list_facilities",
        "api:get_facility",
        "api:list_instruments",
        "api:get_instrument",
        "api:list_organisations",
        "api:get_organisation",
        "api:list_achievements",
        "api:get_achievement",
    }
)
TIMEOUT = 60 * 60  # an old generation's pages are unreachable anyway; this only frees their memory
# What a response's content depends on besides the path and query (see showcase.views._render).
VARYING_HEADERS = ("HX-Request", "HX-Boosted", "HX-History-Restore-Request", "HX-Target")
KEPT_HEADERS = ("Content-Type", "Vary", "Content-Language")
_CSRF_INPUT = re.compile(rb'(name="csrfmiddlewaretoken" value=")[A-Za-z0-9]+(")')
_CSRF_PLACEHOLDER = b"\x00csrf-token\x00"
_WATCHED: set[type[Model]] = set()
# Within a request the generation is read once (the middleware opens the memo; a write clears it).
_REQUEST_GENERATION: ContextVar[list[int] | None] = ContextVar("registry_generation", default=None)


def generation() -> int:
    """The registry generation now (0 before the first write); read once per request."""
    memo = _REQUEST_GENERATION.get()
    if memo:
        return memo[0]
    value = RegistryGeneration.objects.filter(pk=1).values_list("value", flat=True).first() or 0
    if memo is not None:
        memo.append(value)
    return value


def bump() -> None:
    """Count one registry write: every page cached before it is stale from now on."""
    if not RegistryGeneration.objects.filter(pk=1).update(value=F("value") + 1):
        RegistryGeneration.objects.update_or_create(pk=1, defaults={"value": 1})
    memo = _REQUEST_GENERATION.get()
    if memo:
        memo.clear()


def _bump_on_write(sender: type[Model], **kwargs: Any) -> None:
    if sender in _WATCHED:
        bump()


def _bump_on_links(sender: Any, action: str, **kwargs: Any) -> None:
    model = kwargs.get("model")
    instance = kwargs.get("instance")
    if action.startswith("post_") and (type(instance) in _WATCHED or model in _WATCHED):
        bump()


def watch(*models: type[Model]) -> None:
    """Writes of these models (saves, deletes, many-to-many changes) bump the generation."""
    _WATCHED.update(models)
    post_save.connect(_bump_on_write, dispatch_uid="registry-pagecache-save")
    post_delete.connect(_bump_on_write, dispatch_uid="registry-pagecache-delete")
    m2m_changed.connect(_bump_on_links, dispatch_uid="registry-pagecache-links")


def _anonymous(request: HttpRequest) -> bool:
    cookies = request.COOKIES
    return (
        settings.SESSION_COOKIE_NAME not in cookies
        and "messages" not in cookies
        and "HTTP_AUTHORIZATION" not in request.META
    )


def _key(request: HttpRequest) -> str:
    varying = "|".join(request.headers.get(h, "") for h in VARYING_HEADERS)
    wanted = f"{get_language()}|{timezone.localdate()}|{varying}|{request.get_full_path()}"
    digest = hashlib.sha256(wanted.encode()).hexdigest()
    return f"registry-page:{generation()}:{digest}"


class RegistryPageCacheMiddleware:
    """Serves and stores the anonymous GETs of `CACHED_VIEWS` (placed after the session, locale, CSRF,
    authentication, messages and htmx middleware, so that they see the cached answer as they see any), and
    lets every request read the generation once."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        memo = _REQUEST_GENERATION.set([])
        try:
            response = self.get_response(request)
        finally:
            _REQUEST_GENERATION.reset(memo)
        key = getattr(request, "_registry_page_key", None)
        if key is not None and _storable(response):
            cache.set(key, _stored(response), TIMEOUT)
        return response

    def process_view(self, request: HttpRequest, view: Any, args: Any, kwargs: Any) -> HttpResponse | None:
        match = request.resolver_match
        if (
            request.method not in ("GET", "HEAD")
            or match is None
            or match.view_name not in CACHED_VIEWS
            or not _anonymous(request)
        ):
            return None
        key = _key(request)
        stored = cache.get(key)
        if stored is None:
            request._registry_page_key = key  # type: ignore[attr-defined]
            return None
        return _rebuilt(request, stored)


def _storable(response: HttpResponse) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "private" not in response.get("Cache-Control", "")
        and "no-store" not in response.get("Cache-Control", "")
    )


def _stored(response: HttpResponse) -> dict[str, Any]:
    content = _CSRF_INPUT.sub(rb"\1" + _CSRF_PLACEHOLDER + rb"\2", response.content)
    headers = {h: response[h] for h in KEPT_HEADERS if h in response}
    return {"content": content, "headers": headers}


def _rebuilt(request: HttpRequest, stored: dict[str, Any]) -> HttpResponse:
    content: bytes = stored["content"]
    if _CSRF_PLACEHOLDER in content:
        content = content.replace(_CSRF_PLACEHOLDER, get_token(request).encode())
    response = HttpResponse(content)
    for header, value in stored["headers"].items():
        response[header] = value
    return response
