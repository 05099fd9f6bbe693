"""A test-only API with one unsafe endpoint behind api_auth, to exercise CSRF with sessions and tokens."""

from django.http import HttpRequest
from django.urls import path
from ninja import NinjaAPI

from sciencecity.accounts.api_auth import api_auth
from sciencecity.config.urls import urlpatterns as site_urlpatterns

probe = NinjaAPI(urls_namespace="probe")


@probe.post("/echo", auth=api_auth)
def echo(request: HttpRequest) -> dict:
    return {"username": request.auth.username}  # type: ignore[attr-defined]


urlpatterns = [path("probe/", probe.urls), *site_urlpatterns]  # the site too: its error pages link to it
