"""The feed addresses: text/calendar answers, public for instruments and facilities, by token for a person."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from sciencecity.registry.models import Facility, Instrument
from sciencecity.scheduling import feeds


def _ics(data: bytes, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{name}.ics"'
    return response


@require_GET
def instrument(request: HttpRequest, slug: str) -> HttpResponse:
    found = get_object_or_404(Instrument, slug=slug)
    return _ics(feeds.instrument_feed(found), found.slug)


@require_GET
def facility(request: HttpRequest, slug: str) -> HttpResponse:
    found = get_object_or_404(Facility, slug=slug)
    return _ics(feeds.facility_feed(found), found.slug)


@require_GET
def user(request: HttpRequest, token: str) -> HttpResponse:
    person = feeds.feed_user(token)
    if person is None:
        raise Http404("No such feed.")
    response = _ics(feeds.user_feed(person), "my-beam-time")
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response
