"""The booking API: an instrument's free and taken slots, and the caller's bookings.

The slots are public (who booked is not shown; the caller's own are marked). Bookings need a signed-in
caller (401). A booking the caller may not read is a 404; a time already taken is a 409, a missing or
expired qualification a 403 naming the course, a broken rule a 422 naming the rule; naive times are a 422.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Path, Query, Router, Status
from ninja.errors import HttpError
from ninja.pagination import paginate
from pydantic import AwareDatetime

from sciencecity.accounts.api_auth import api_auth
from sciencecity.accounts.models import User
from sciencecity.booking import selectors, services
from sciencecity.booking.schemas import BookingIn, BookingOut, SlotsOut
from sciencecity.core.api import (
    CONFLICT,
    FORBIDDEN,
    INVALID_INPUT,
    NOT_FOUND,
    UNAUTHORISED,
    CappedLimitOffsetPagination,
    ErrorOut,
)


class SignedInRequest(HttpRequest):
    auth: User


AUTH = api_auth
router = Router(tags=["booking"], auth=AUTH)

SIGNED_IN: dict[int, Any] = {**UNAUTHORISED, 500: ErrorOut}
WRITE: dict[int, Any] = {**SIGNED_IN, 400: ErrorOut, **FORBIDDEN, **INVALID_INPUT, **CONFLICT}
FROM = Query(..., alias="from", description="ISO 8601 with an offset")
TO = Query(
    ...,
    alias="to",
    description=f"ISO 8601 with an offset; at most {selectors.MAX_CALENDAR_DAYS} days after `from`",
)
SLUG = Path(..., max_length=80, description="the instrument's slug")
BOOKING_ID = Path(..., ge=1, le=2**53, description="the booking's id")


def _caller(request: HttpRequest) -> Any:
    for method in AUTH:
        try:
            user = method(request)
        except HttpError:
            user = None
        if user:
            return user
    return AnonymousUser()


@router.get(
    "/instruments/{slug}/slots",
    auth=None,
    response={200: SlotsOut, **NOT_FOUND, **INVALID_INPUT},
)
def instrument_slots(
    request: HttpRequest,
    slug: str = SLUG,
    start: AwareDatetime = FROM,
    end: AwareDatetime = TO,
) -> Any:
    """The instrument's slots in [from, to) within its opening hours: free, taken or unavailable."""
    instrument = selectors.bookable_instrument(slug)
    if instrument is None:
        raise HttpError(404, "No booking instrument with that slug.")
    if not services.EARLIEST <= start < end <= services.LATEST:
        raise ValidationError(
            {
                "to": f"`to` must be after `from`, both from {services.EARLIEST:%Y-%m-%d} "
                f"to {services.LATEST:%Y-%m-%d}."
            }
        )
    if end - start > dt.timedelta(days=selectors.MAX_CALENDAR_DAYS):
        raise ValidationError({"to": f"Ask for {selectors.MAX_CALENDAR_DAYS} days at most."})
    rule = selectors.rule_for(instrument)
    found = selectors.slots(instrument, start, end, viewer=_caller(request))
    zone = rule.zone
    return {
        "instrument": instrument.slug,
        "time_zone": rule.time_zone,
        "slot_minutes": rule.slot_minutes,
        "slots": [
            {
                "start": s.start.astimezone(zone),
                "end": s.end.astimezone(zone),
                "state": s.state,
                "mine": s.mine,
            }
            for s in found
        ],
    }


@router.get("/bookings", response={200: list[BookingOut], **SIGNED_IN, **INVALID_INPUT})
@paginate(CappedLimitOffsetPagination)
def list_bookings(request: SignedInRequest) -> Any:
    """The caller's own bookings, the latest start first."""
    return selectors.bookings_of(request.auth)


@router.post("/bookings", response={201: BookingOut, **WRITE})
def create_booking(request: SignedInRequest, payload: BookingIn) -> Any:
    """Book [start, end): 201 (confirmed, or requested when the instrument needs approval); 409 when the time
    is taken; 403 naming a missing or expired qualification; 422 naming the rule broken."""
    instrument = selectors.bookable_instrument(payload.instrument)
    if instrument is None:
        raise ValidationError({"instrument": f"There is no booking instrument {payload.instrument}."})
    booking = services.booking_create(
        actor=request.auth, instrument=instrument, start=payload.start, end=payload.end
    )
    return Status(201, booking)


@router.post("/bookings/{booking_id}/cancel", response={200: BookingOut, **WRITE, **NOT_FOUND})
def cancel_booking(request: SignedInRequest, booking_id: int = BOOKING_ID) -> Any:
    """Cancel a booking: its user up to the cancellation deadline, the instrument's staff at any time (409
    past the deadline or when it is no longer active)."""
    booking = selectors.booking_for(request.auth, booking_id)
    if booking is None:
        raise HttpError(404, "No such booking.")
    booking = services.booking_cancel(actor=request.auth, booking=booking)
    return booking
