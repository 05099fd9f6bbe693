"""A service platform with a booking cryo-EM, its staff and users of three legal entities, via the services.

Bookings are made at NOW (a Monday morning a week ahead of WEEK) and checked in at the moments each test
passes, so the services judge the time windows at fixed instants.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass

import pytest

from sciencecity.accounts.models import User
from sciencecity.accounts.services import role_grant
from sciencecity.booking import services as booking_services
from sciencecity.booking.models import Booking
from sciencecity.core.roles import Role
from sciencecity.registry import services as registry
from sciencecity.registry.models import Facility, Instrument, Organisation

SRC = "https://example.org/source"
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
WEEK = dt.date(2027, 3, 8)  # a Monday
NOW = dt.datetime(2027, 3, 1, 9, 0, tzinfo=SHANGHAI)


def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    """A moment in WEEK: day 0 is its Monday."""
    return dt.datetime.combine(WEEK + dt.timedelta(days=day), dt.time(hour, minute), tzinfo=SHANGHAI)


@dataclass
class Site:
    facility: Facility
    cryo: Instrument
    nmr: Instrument
    owner: Organisation
    firm: Organisation
    scientist: User  # instrument scientist of the cryo-EM only
    nmr_scientist: User
    manager: User
    insider: User  # works for the owner
    erin: User  # works for a firm on the map
    named: User  # named an organisation the map lacks
    nobody: User  # named no organisation at all

    def book(
        self, user: User, start: dt.datetime, hours: float = 4, instrument: Instrument | None = None
    ) -> Booking:
        return booking_services.booking_create(
            actor=user,
            instrument=instrument or self.cryo,
            start=start,
            end=start + dt.timedelta(hours=hours),
            now=start - dt.timedelta(days=3),
        )


def _person(username: str, **extra: object) -> User:
    return User.objects.create_user(username=username, email=f"{username}@example.org", password="x", **extra)


@pytest.fixture
def site(db: None) -> Site:
    owner = registry.organisation_upsert(
        slug="org-owner", name_en="Platform Institute", kind=Organisation.Kind.RD_INSTITUTION, source=SRC
    ).record
    firm = registry.organisation_upsert(
        slug="org-firm", name_en="Imaging Firm", kind=Organisation.Kind.COMPANY, source=SRC
    ).record
    facility = registry.facility_upsert(
        slug="fac-usage", code="USG", name_en="Usage Platform", operator=owner.slug, source=SRC
    ).record
    made = {}
    for slug, code in (("ins-usage-cryo", "CRYO"), ("ins-usage-nmr", "NMR")):
        made[slug] = registry.instrument_upsert(
            slug=slug,
            facility=facility.slug,
            code=code,
            name_en=f"Instrument {code}",
            techniques="cryo-EM",
            access_mode=Instrument.AccessMode.BOOKING,
            source=SRC,
        ).record
    scientist, nmr_scientist, manager = _person("sam"), _person("nora"), _person("mia")
    role_grant(user=scientist, role=Role.INSTRUMENT_SCIENTIST, instrument_id=made["ins-usage-cryo"].pk)
    role_grant(user=nmr_scientist, role=Role.INSTRUMENT_SCIENTIST, instrument_id=made["ins-usage-nmr"].pk)
    role_grant(user=manager, role=Role.FACILITY_MANAGER, facility_id=facility.pk)
    return Site(
        facility=facility,
        cryo=made["ins-usage-cryo"],
        nmr=made["ins-usage-nmr"],
        owner=owner,
        firm=firm,
        scientist=scientist,
        nmr_scientist=nmr_scientist,
        manager=manager,
        insider=_person("ian", organisation=owner),
        erin=_person("erin", organisation=firm),
        named=_person("nina", organisation_named="A firm not on the map"),
        nobody=_person("noel"),
    )
