"""A service platform with a booking cryo-EM, its staff and two users, built through the services.

The cryo-EM's rule: 30-minute slots, 1-8 h per booking, open Monday to Friday 08:00-20:00 in Shanghai,
12 h per user per week, no approval. Tests pass `now` to the services, so the rules are judged at a fixed
moment (NOW, a Sunday a week before WEEK, the Monday most bookings are made on).
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass

import pytest

from sciencecity.accounts.models import User
from sciencecity.accounts.services import role_grant
from sciencecity.booking import services
from sciencecity.booking.models import BookingRule
from sciencecity.booking.rules import Period
from sciencecity.core.roles import Role
from sciencecity.registry import services as registry
from sciencecity.registry.models import Facility, Instrument

SRC = "https://example.org/source"
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
WEEK = dt.date(2027, 3, 8)  # a Monday
NOW = dt.datetime(2027, 3, 1, 9, 0, tzinfo=SHANGHAI)


def at(day: int, hour: int, minute: int = 0, *, zone: dt.tzinfo = SHANGHAI) -> dt.datetime:
    """A moment in WEEK: day 0 is its Monday."""
    return dt.datetime.combine(WEEK + dt.timedelta(days=day), dt.time(hour, minute), tzinfo=zone)


def person(username: str) -> User:
    return User.objects.create_user(username=username, email=f"{username}@example.org", password=None)


@dataclass
class Platform:
    facility: Facility
    cryo: Instrument
    nmr: Instrument
    proposal_beamline: Instrument
    rule: BookingRule
    scientist: User  # instrument scientist of the cryo-EM
    manager: User  # facility manager of the platform
    nmr_scientist: User  # instrument scientist of the NMR only
    erin: User
    frank: User


WEEKDAYS_8_TO_20 = [Period(day, dt.time(8), dt.time(20)) for day in range(5)]


@pytest.fixture
def platform(db: None) -> Platform:
    return build_platform()


def build_platform() -> Platform:
    """The platform of these tests (also used by the Chinese-page checks in the showcase's tests)."""
    facility = registry.facility_upsert(
        slug="fac-booking-platform", code="BKP", name_en="Booking Platform", source=SRC
    ).record
    made = {}
    for slug, code, mode in (
        ("ins-bk-cryo", "CRYO", Instrument.AccessMode.BOOKING),
        ("ins-bk-nmr", "NMR", Instrument.AccessMode.BOOKING),
        ("ins-bk-beam", "BL01", Instrument.AccessMode.PROPOSAL),
    ):
        made[slug] = registry.instrument_upsert(
            slug=slug,
            facility=facility.slug,
            code=code,
            name_en=f"Instrument {code}",
            techniques="cryo-EM",
            access_mode=mode,
            source=SRC,
        ).record
    scientist, manager, nmr_scientist = person("sam"), person("mia"), person("nora")
    role_grant(user=scientist, role=Role.INSTRUMENT_SCIENTIST, instrument_id=made["ins-bk-cryo"].pk)
    role_grant(user=nmr_scientist, role=Role.INSTRUMENT_SCIENTIST, instrument_id=made["ins-bk-nmr"].pk)
    role_grant(user=manager, role=Role.FACILITY_MANAGER, facility_id=facility.pk)
    rule = services.booking_rule_update(
        actor=scientist,
        instrument=made["ins-bk-cryo"],
        changes={
            "slot_minutes": 30,
            "min_minutes": 60,
            "max_minutes": 480,
            "lead_minutes": 120,
            "horizon_days": 60,
            "cancel_minutes": 24 * 60,
            "weekly_hours": 12,
            "approval_required": False,
            "offer_minutes": 60,
        },
        periods=WEEKDAYS_8_TO_20,
    )
    return Platform(
        facility=facility,
        cryo=made["ins-bk-cryo"],
        nmr=made["ins-bk-nmr"],
        proposal_beamline=made["ins-bk-beam"],
        rule=rule,
        scientist=scientist,
        manager=manager,
        nmr_scientist=nmr_scientist,
        erin=person("erin-b"),
        frank=person("frank"),
    )


def coming_monday(weeks_ahead: int = 2) -> dt.date:
    """A Monday `weeks_ahead` weeks from today in Shanghai, for tests through the API (it reads the clock)."""
    today = dt.datetime.now(SHANGHAI).date()
    return today + dt.timedelta(days=7 * weeks_ahead - today.weekday())


def on(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=SHANGHAI)
