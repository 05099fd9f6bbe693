"""The JSON API: one router per app, under /api/ (spec at /api/openapi.json, docs at /api/docs).

Whatever happens under /api/, the answer is JSON: an unknown URL is a JSON 404, a known route asked with a
trailing slash is a JSON 308 to the route without it, and an unexpected error is a JSON 500.
"""

from __future__ import annotations

from django.core.signals import got_request_exception
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import Resolver404, URLPattern, URLResolver, path, re_path, resolve
from django.utils.log import log_response
from ninja import NinjaAPI

from sciencecity.registry.api import router as registry_router

UNKNOWN_URL = "unknown-url"


class ScienceCityAPI(NinjaAPI):
    @property
    def urls(self) -> tuple[list[URLResolver | URLPattern], str, str]:
        patterns, app_name, namespace = super().urls
        # ninja's own root view raises an Http404 that Django would render as HTML: ours answers JSON instead.
        routes = [p for p in patterns if getattr(p, "name", None) != "api-root"]
        routes += [path("", unknown_url, name="api-root"), re_path(r"^.*$", unknown_url, name=UNKNOWN_URL)]
        return routes, app_name, namespace


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
            response = JsonResponse({"detail": f"This resource lives at {location}"}, status=308)
            response["Location"] = location
            return response
    return JsonResponse({"detail": "Not Found"}, status=404)


api = ScienceCityAPI(
    title="Science City API",
    version="1",
    description="The innovation map of a science and technology innovation center: facilities, instruments, "
    'organisations and achievements, each fact with its sources. Every error is JSON `{"detail": ...}`.',
    urls_namespace="api",
)
api.add_router("/", registry_router)


@api.exception_handler(Exception)
def unexpected_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    """A JSON 500 (debug on or off), logged and signalled like any Django 500."""
    got_request_exception.send(sender=None, request=request)
    response = JsonResponse({"detail": "Internal Server Error"}, status=500)
    log_response("Internal Server Error: %s", request.path, response=response, request=request, exception=exc)
    return response
