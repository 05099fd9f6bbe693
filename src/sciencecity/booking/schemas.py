"""JSON shapes of bookings (pydantic, via django-ninja).

Instants are ISO 8601 with an offset. Input without one is refused (422): a booking made from Berlin for a
Shanghai instrument means the same instant to both. Output is in the instrument's own time zone.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Annotated

from django.utils import timezone
from ninja import Field, Schema
from pydantic import AwareDatetime, StringConstraints

from sciencecity.booking.models import Booking, BookingRule
from sciencecity.registry.models import Instrument

Slug = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=80)]


class BookingIn(Schema):
    instrument: Slug = Field(description="the instrument's slug")
    start: AwareDatetime = Field(description="ISO 8601 with an offset, e.g. 2027-03-08T09:00:00+08:00")
    end: AwareDatetime = Field(description="ISO 8601 with an offset; the booking is [start, end)")


class BookingOut(Schema):
    id: int
    instrument: str = Field(description="the instrument's slug")
    start: dt.datetime = Field(description="ISO 8601 in the instrument's time zone")
    end: dt.datetime = Field(description="ISO 8601 in the instrument's time zone")
    time_zone: str = Field(description="the IANA time zone the instrument's rules are read in")
    status: str = Field(description="`requested` (awaiting approval), `confirmed`, `declined` or `cancelled`")
    created_at: dt.datetime

    @staticmethod
    def resolve_instrument(obj: Booking) -> str:
        return str(obj.instrument.slug)

    @staticmethod
    def resolve_start(obj: Booking) -> dt.datetime:
        return timezone.localtime(obj.start, zone_of(obj.instrument))

    @staticmethod
    def resolve_end(obj: Booking) -> dt.datetime:
        return timezone.localtime(obj.end, zone_of(obj.instrument))

    @staticmethod
    def resolve_time_zone(obj: Booking) -> str:
        return str(zone_of(obj.instrument))

    @staticmethod
    def resolve_created_at(obj: Booking) -> dt.datetime:
        return timezone.localtime(obj.created_at, zone_of(obj.instrument))


def zone_of(instrument: Instrument) -> zoneinfo.ZoneInfo:
    """The instrument's time zone (its rule's; the default rule's while it has none)."""
    try:
        return instrument.booking_rule.zone
    except BookingRule.DoesNotExist:
        return BookingRule(instrument=instrument).zone


class SlotOut(Schema):
    start: dt.datetime
    end: dt.datetime
    state: str = Field(
        description="`free` (bookable now), `taken` (booked) or `unavailable` (closed to booking)"
    )
    mine: bool = Field(description="taken by the caller (false for anonymous callers)")


class SlotsOut(Schema):
    instrument: str
    time_zone: str
    slot_minutes: int
    slots: list[SlotOut]
