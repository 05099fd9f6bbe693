"""A booking cryo-EM on SSRF's page of the demo map, with a week of bookings: what the booking pages show.

Carol (SSRF's facility manager) runs it and approves its bookings; Erin has booked Tuesday morning, Bob's
request for Wednesday waits for approval, and Alice holds Thursday afternoon.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sciencecity.accounts.models import User
from sciencecity.booking import services
from sciencecity.booking.models import Booking
from sciencecity.booking.rules import Period
from sciencecity.booking.tests.conftest import coming_monday, on
from sciencecity.registry import services as registry
from sciencecity.registry.models import Instrument

SLUG = "ins-ssrf-demo-cryo-em"


@dataclass
class BookingScene:
    instrument: Instrument
    monday: dt.date
    erin: Booking
    request: Booking


def booking_scene(personas: dict[str, User]) -> BookingScene:
    instrument = registry.instrument_upsert(
        slug=SLUG,
        facility="fac-ssrf",
        code="CRYO-1",
        name_en="Example cryo-electron microscope",
        name_zh="示例冷冻电子显微镜",
        techniques="cryo-EM",
        techniques_zh="冷冻电镜",
        access_mode=Instrument.AccessMode.BOOKING,
        source="https://example.org/booking-scene",
    ).record
    carol = personas["carol"]
    services.booking_rule_update(
        actor=carol,
        instrument=instrument,
        changes={
            "slot_minutes": 60,
            "min_minutes": 60,
            "max_minutes": 480,
            "lead_minutes": 60,
            "weekly_hours": 16,
        },
        periods=[Period(day, dt.time(8), dt.time(20)) for day in range(5)],
        blackouts=[
            services.BlackoutInput(
                start=on(coming_monday(), 8),
                end=on(coming_monday(), 12),
                reason_en="Cryogen refill",
                reason_zh="补充液氮",
            )
        ],
    )
    monday = coming_monday()
    erin = services.booking_create(
        actor=personas["erin"],
        instrument=instrument,
        start=on(monday + dt.timedelta(days=1), 9),
        end=on(monday + dt.timedelta(days=1), 13),
    )
    services.booking_create(
        actor=personas["alice"],
        instrument=instrument,
        start=on(monday + dt.timedelta(days=3), 14),
        end=on(monday + dt.timedelta(days=3), 18),
    )
    services.booking_rule_update(actor=carol, instrument=instrument, changes={"approval_required": True})
    request = services.booking_create(
        actor=personas["bob"],
        instrument=instrument,
        start=on(monday + dt.timedelta(days=2), 10),
        end=on(monday + dt.timedelta(days=2), 12),
    )
    return BookingScene(instrument=instrument, monday=monday, erin=erin, request=request)
