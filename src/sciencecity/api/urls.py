"""The JSON API: one router per app, under /api/ (spec at /api/openapi.json, docs at /api/docs).

Whatever happens under /api/, the answer is JSON: an unknown URL is a JSON 404, a known route asked with a
trailing slash is a JSON 308 to the route without it, a method the route lacks is a JSON 405 and an unexpected
error is a JSON 500.
"""

from __future__ import annotations

import json
from functools import wraps
from typing import Any

from django.core.exceptions import ValidationError
from django.core.signals import got_request_exception
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseNotAllowed,
    HttpResponsePermanentRedirect,
    JsonResponse,
)
from django.urls import Resolver404, URLPattern, URLResolver, path, re_path, resolve
from django.utils import translation
from django.utils.log import log_response
from ninja import NinjaAPI
from ninja.openapi.schema import OpenAPISchema

from sciencecity.accounting.api import router as accounting_router
from sciencecity.accounting.invoice_api import router as invoice_router
from sciencecity.accounts.api import router as accounts_router
from sciencecity.booking.api import router as booking_router
from sciencecity.core.errors import PermissionDenied, StateConflict
from sciencecity.proposals.api import router as proposals_router
from sciencecity.registry.api import router as registry_router
from sciencecity.review.api import router as review_router
from sciencecity.review.ranking_api import router as ranking_router
from sciencecity.scheduling.api import router as scheduling_router
from sciencecity.sitevisits.api import router as sitevisits_router
from sciencecity.vouchers.api import router as vouchers_router

UNKNOWN_URL = "unknown-url"


class ScienceCityAPI(NinjaAPI):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._specs: dict[tuple[str, str | None], OpenAPISchema] = {}

    @property
    def urls(self) -> tuple[list[URLResolver | URLPattern], str, str]:
        patterns, app_name, namespace = super().urls
        # ninja's own root view raises an Http404 that Django would render as HTML: ours answers JSON instead.
        routes = [_with_json_405(p) for p in patterns if getattr(p, "name", None) != "api-root"]
        routes += [path("", unknown_url, name="api-root"), re_path(r"^.*$", unknown_url, name=UNKNOWN_URL)]
        return routes, app_name, namespace

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        """The spec depends only on the code, the URL prefix and the language: built once per process for
        each (building it walks every schema of every operation, ~0.3 s)."""
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        key = (path_prefix, translation.get_language())
        if key not in self._specs:
            self._specs[key] = super().get_openapi_schema(path_prefix=path_prefix)
        return self._specs[key]


def _with_json_405(route: URLResolver | URLPattern) -> URLResolver | URLPattern:
    """ninja answers a method a route lacks with a plain-text 405: the same 405, in JSON."""
    if not isinstance(route, URLPattern):
        return route
    view = route.callback

    @wraps(view)
    def json_view(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if isinstance(response, HttpResponseNotAllowed):
            allowed = response["Allow"]
            response = JsonResponse(
                {"detail": f"Method {request.method} not allowed; allowed: {allowed}"}, status=405
            )
            response["Allow"] = allowed
        return response

    return URLPattern(route.pattern, json_view, route.default_args, route.name)


def unknown_url(request: HttpRequest) -> HttpResponse:
    """Anything under /api/ no route matched (this comes last): a JSON 404, or a 308 off a trailing slash."""
    if request.path_info.endswith("/"):
        canonical = request.path_info.rstrip("/")
        try:
            match = resolve(canonical)
        except Resolver404:
            match = None
        if match is not None and match.url_name != UNKNOWN_URL:
            location = request.path.rstrip("/")
            if request.META.get("QUERY_STRING"):
                location += "?" + request.META["QUERY_STRING"]
            return HttpResponsePermanentRedirect(
                location,
                preserve_request=True,  # a 308: same method, same body
                content=json.dumps({"detail": f"This resource lives at {location}"}),
                content_type="application/json",
            )
    return JsonResponse({"detail": "Not Found"}, status=404)


api = ScienceCityAPI(
    title="Science City API",
    version="1",
    description="The innovation map of a science and technology innovation center: facilities, instruments, "
    'organisations and achievements, each fact with its sources. Every error is JSON `{"detail": ...}`.',
    urls_namespace="api",
)
api.add_router("/", registry_router)
api.add_router("/", proposals_router)
api.add_router("/", ranking_router)
api.add_router("/", accounts_router)
api.add_router("/", review_router)
api.add_router("/", scheduling_router)
api.add_router("/", booking_router)
api.add_router("/", accounting_router)
api.add_router("/", invoice_router)
api.add_router("/", vouchers_router)
api.add_router("/", sitevisits_router)


@api.exception_handler(PermissionDenied)
def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    """The caller's role forbids the action: 403 with the reason."""
    return JsonResponse({"detail": str(exc)}, status=403)


@api.exception_handler(StateConflict)
def conflict(request: HttpRequest, exc: StateConflict) -> HttpResponse:
    """The record's state forbids the action (already submitted, past the deadline): 409 with the reason."""
    return JsonResponse({"detail": str(exc)}, status=409)


@api.exception_handler(ValidationError)
def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    """A service refused the input: 422 listing every problem, `loc` naming the field where one is known."""
    problems = [
        {"type": "invalid", "loc": ["body", name] if name != "__all__" else ["body"], "msg": str(message)}
        for name, messages in (
            exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
        ).items()
        for message in messages
    ]
    return JsonResponse({"detail": problems}, status=422)


@api.exception_handler(Exception)
def unexpected_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    """A JSON 500 (debug on or off), logged and signalled like any Django 500."""
    got_request_exception.send(sender=None, request=request)
    response = JsonResponse({"detail": "Internal Server Error"}, status=500)
    log_response("Internal Server Error: %s", request.path, response=response, request=request, exception=exc)
    return response
