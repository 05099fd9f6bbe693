"""The accounts API: who the caller is (`GET /api/me`)."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest
from django.utils.module_loading import import_string
from ninja import Field, Router, Schema

from sciencecity.accounts.api_auth import api_auth
from sciencecity.accounts.models import User
from sciencecity.accounts.selectors import roles_of
from sciencecity.core.api import UNAUTHORISED

router = Router(tags=["accounts"])


def _calendar_url(request: HttpRequest, user: User) -> str | None:
    """The caller's private feed, from the app that keeps feeds (settings.CALENDAR_URL_CALLABLE names it, so
    accounts imports none of the apps above it)."""
    name = getattr(settings, "CALENDAR_URL_CALLABLE", "")
    if not name:
        return None
    of: Callable[[HttpRequest, User], str] = import_string(name)
    return of(request, user)


class RoleOut(Schema):
    role: str = Field(description="e.g. `user_office`, `instrument_scientist`, `reviewer`, `chair`")
    facility: str | None = Field(None, description="the facility (slug) the role is held for")
    organisation: str | None = Field(None, description="the organisation (slug) the role is held for")
    instrument: str | None = Field(None, description="the instrument (slug) the role is held for")
    panel_id: int | None = Field(None, description="the review panel of a reviewer's or chair's seat")
    panel: str | None = Field(None, description="that panel's name")


class MeOut(Schema):
    username: str
    display_name: str
    email: str
    organisation: str | None = Field(description="the organisation of the map (slug) the caller works for")
    organisation_named: str = Field(description="an organisation the caller named that the map lacks")
    country: str = Field(description="ISO 3166 two-letter code, or empty")
    orcid: str = Field(description="ORCID iD, or empty")
    roles: list[RoleOut]
    calendar_url: str | None = Field(
        description="the caller's private iCalendar feed (a secret address: keep it to yourself)"
    )


@router.get("/me", response={200: MeOut, **UNAUTHORISED}, auth=api_auth, summary="The caller and their roles")
def me(request: HttpRequest) -> MeOut:
    user: User = request.auth  # type: ignore[attr-defined]
    return MeOut(
        username=user.username,
        display_name=user.display_name,
        email=user.email,
        organisation=user.organisation.slug if user.organisation else None,
        organisation_named=user.organisation_named,
        country=user.country,
        orcid=user.orcid,
        roles=[RoleOut(**vars(held)) for held in roles_of(user)],
        calendar_url=_calendar_url(request, user),
    )
