"""The site's URLs, /bench/bare (a Django view answering a constant JSON, no database) and /bench/write (a
registry write, as an edit or an import makes one: every cached page and read is stale after it)."""

from django.http import HttpRequest, JsonResponse
from django.urls import include, path

from sciencecity.registry import pagecache


def bare(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"ok": True})


def write(request: HttpRequest) -> JsonResponse:
    pagecache.bump()
    return JsonResponse({"generation": pagecache.generation()})


urlpatterns = [
    path("bench/bare", bare),
    path("bench/write", write),
    path("", include("sciencecity.config.urls")),
]
