"""The site's URLs and /bench/bare: a Django view answering a constant JSON, no database."""

from django.http import HttpRequest, JsonResponse
from django.urls import include, path


def bare(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"ok": True})


urlpatterns = [path("bench/bare", bare), path("", include("sciencecity.config.urls"))]
