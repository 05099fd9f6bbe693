"""A test-only API with one unsafe endpoint behind api_auth, to exercise CSRF with sessions and tokens."""

from django.http import HttpRequest
from django.urls import include, path
from ninja import NinjaAPI

from sciencecity.accounts.api_auth import api_auth

probe = NinjaAPI(urls_namespace="probe")


@probe.post("/echo", auth=api_auth)
def echo(request: HttpRequest) -> dict:
    return {"username": request.auth.username}  # type: ignore[attr-defined]


# The site too: the CSRF refusal page links to it.
urlpatterns = [path("probe/", probe.urls), path("", include("sciencecity.config.urls"))]
