"""The usage API for the instrument's staff (and a user at the instrument): check-in, check-out, no-show,
and the machine-hours of the instruments a caller runs.

401 anonymous; 404 for a booking the caller may not read or an instrument they do not run; 403 for a role
(a user marking their own no-show, a non-staff caller asking for figures); 409 for a state (not confirmed,
already checked in, outside the user's window); 422 for input (naive times, a period in the wrong order).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Path, Query, Router
from ninja.errors import HttpError
from pydantic import AwareDatetime

from sciencecity.accounting import permissions, selectors, services
from sciencecity.accounting.schemas import MomentIn, UsageOut, UsageSummaryOut, usage_row
from sciencecity.accounts.api_auth import api_auth
from sciencecity.accounts.models import User
from sciencecity.booking import selectors as booking_selectors
from sciencecity.booking.models import Booking
from sciencecity.core.api import CONFLICT, FORBIDDEN, INVALID_INPUT, NOT_FOUND, UNAUTHORISED, ErrorOut


class SignedInRequest(HttpRequest):
    auth: User


router = Router(tags=["usage"], auth=api_auth)

SIGNED_IN: dict[int, Any] = {**UNAUTHORISED, 500: ErrorOut}
WRITE: dict[int, Any] = {**SIGNED_IN, 400: ErrorOut, **FORBIDDEN, **INVALID_INPUT, **CONFLICT, **NOT_FOUND}
BOOKING_ID = Path(..., ge=1, le=2**53, description="the booking's id")
MAX_PERIOD = dt.timedelta(days=5 * 366)


def _booking(request: SignedInRequest, booking_id: int) -> Booking:
    booking = booking_selectors.booking_for(request.auth, booking_id)
    if booking is None:
        raise HttpError(404, "No such booking.")
    return booking


@router.post("/bookings/{booking_id}/check-in", response={200: UsageOut, **WRITE})
def check_in(request: SignedInRequest, booking_id: int = BOOKING_ID, payload: MomentIn | None = None) -> Any:
    """Check a confirmed booking in: its user at the instrument (from 15 minutes before the start to an hour
    after the end), or the instrument's staff, who may give the time it happened (`at`)."""
    at = payload.at if payload else None
    return services.usage_check_in(actor=request.auth, booking=_booking(request, booking_id), at=at)


@router.post("/bookings/{booking_id}/check-out", response={200: UsageOut, **WRITE})
def check_out(request: SignedInRequest, booking_id: int = BOOKING_ID, payload: MomentIn | None = None) -> Any:
    """Check a checked-in booking out; its hours then count."""
    at = payload.at if payload else None
    return services.usage_check_out(actor=request.auth, booking=_booking(request, booking_id), at=at)


@router.post("/bookings/{booking_id}/no-show", response={200: UsageOut, **WRITE})
def no_show(request: SignedInRequest, booking_id: int = BOOKING_ID) -> Any:
    """Mark that nobody came to a confirmed booking that has started (the instrument's staff only)."""
    return services.usage_mark_no_show(actor=request.auth, booking=_booking(request, booking_id))


@router.get("/usage", response={200: UsageSummaryOut, **SIGNED_IN, **FORBIDDEN, **NOT_FOUND, **INVALID_INPUT})
def usage(
    request: SignedInRequest,
    start: AwareDatetime = Query(..., alias="from", description="ISO 8601 with an offset"),  # noqa: B008
    end: AwareDatetime = Query(  # noqa: B008
        ..., alias="to", description="ISO 8601 with an offset; at most five years after `from`"
    ),
    instrument: str | None = Query(
        None, max_length=80, description="an instrument's slug; all you run if omitted"
    ),
) -> Any:
    """Effective machine-hours over [from, to) of the instruments the caller runs, each hour internal or
    external by the user's legal entity versus the instrument's owner."""
    mine = permissions.usage_instruments(request.auth).select_related(
        "facility", "owner", "facility__operator"
    )
    if not mine.exists():
        raise HttpError(403, "Only an instrument's staff read its usage.")
    if instrument:
        mine = mine.filter(slug=instrument)
        if not mine.exists():
            raise HttpError(404, "No instrument of yours has that slug.")
    if end <= start:
        raise ValidationError({"to": "`to` must be after `from`."})
    if end - start > MAX_PERIOD:
        raise ValidationError({"to": "Ask for five years at most."})
    instruments = list(mine.order_by("facility__code", "code"))
    summary = selectors.machine_hours(instruments, start=start, end=end)
    owners = {i.pk: (i.owner or i.facility.operator) for i in instruments}
    rows = [usage_row(r, o.slug if (o := owners[r.instrument.pk]) else None) for r in summary.rows]
    total = usage_row(summary.total, None)
    return {"from": start, "to": end, "instruments": rows, "total": total}
