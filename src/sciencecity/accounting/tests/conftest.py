"""A service platform with a booking cryo-EM, its staff and users of three legal entities, via the services.

Bookings are made at NOW (a Monday morning a week ahead of WEEK) and checked in at the moments each test
passes, so the services judge the time windows at fixed instants.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass
from decimal import Decimal

import pytest

from sciencecity.accounting.models import UsageRecord
from sciencecity.accounting.services import rate_upsert
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


# --- Billing -----------------------------------------------------------------------------------------------
# A provider (an institute operating a facility with a booking microscope and a beamline sold per shift), a
# second provider, customers of each category, and the staff of each. Usage records are written as the
# check-out leaves them (the booking flow has its own tests), so each test states its sessions plainly.

MONTH = dt.date(2027, 3, 1)


@dataclass
class Shop:
    provider: Organisation
    other_provider: Organisation
    facility: Facility
    other_facility: Facility
    microscope: Instrument
    beamline: Instrument
    hosted: Instrument  # owned by the university, run at the provider's facility
    firm: Organisation
    university: Organisation
    manager: User  # facility manager of the provider's facility
    office: User  # user office, held for the provider organisation
    other_manager: User  # facility manager at the other provider
    erin: User  # the firm's engineer
    uma: User  # the university's researcher
    stranger: User  # signed in, no organisation, no role

    def use(
        self,
        user: User,
        start: dt.datetime,
        hours: float,
        instrument: Instrument | None = None,
        organisation: Organisation | str | None = "user",
    ) -> UsageRecord:
        org = user.organisation if organisation == "user" else organisation
        assert not isinstance(org, str)
        return UsageRecord.objects.create(
            instrument=instrument or self.microscope,
            user=user,
            organisation=org,
            planned_start=start,
            planned_end=start + dt.timedelta(hours=hours),
            actual_start=start,
            actual_end=start + dt.timedelta(hours=hours),
        )


def on(day: int, hour: int = 9, minute: int = 0, month: dt.date = MONTH) -> dt.datetime:
    return dt.datetime.combine(month.replace(day=day), dt.time(hour, minute), tzinfo=SHANGHAI)


@pytest.fixture
def shop(db: None) -> Shop:
    provider = registry.organisation_upsert(
        slug="org-provider",
        name_en="Light Source Institute",
        kind=Organisation.Kind.FACILITY_OPERATOR,
        source=SRC,
    ).record
    other = registry.organisation_upsert(
        slug="org-other-provider",
        name_en="Other Institute",
        kind=Organisation.Kind.RD_INSTITUTION,
        source=SRC,
    ).record
    firm = registry.organisation_upsert(
        slug="org-startup", name_en="Tiny Startup", kind=Organisation.Kind.COMPANY, source=SRC
    ).record
    university = registry.organisation_upsert(
        slug="org-uni", name_en="City University", kind=Organisation.Kind.UNIVERSITY, source=SRC
    ).record
    facility = registry.facility_upsert(
        slug="fac-light", code="LS", name_en="Light Source", operator=provider.slug, source=SRC
    ).record
    other_facility = registry.facility_upsert(
        slug="fac-other", code="OT", name_en="Other Platform", operator=other.slug, source=SRC
    ).record
    made = {}
    for slug, code, mode, owner in (
        ("ins-bill-em", "EM1", Instrument.AccessMode.BOOKING, None),
        ("ins-bill-bl", "BL09", Instrument.AccessMode.PROPOSAL, None),
        ("ins-bill-hosted", "NMR7", Instrument.AccessMode.BOOKING, university.slug),
    ):
        made[code] = registry.instrument_upsert(
            slug=slug,
            facility=facility.slug,
            code=code,
            name_en=f"Instrument {code}",
            name_zh=f"仪器{code}",
            techniques="imaging",
            access_mode=mode,
            owner=owner,
            source=SRC,
        ).record
    d = dt.date(2027, 1, 1)
    for category, price in (("internal", "100.00"), ("academic", "200.00"), ("industry", "333.33")):
        rate_upsert(
            instrument=made["EM1"], category=category, valid_from=d, price=Decimal(price), unit="hour"
        )
        rate_upsert(
            instrument=made["NMR7"], category=category, valid_from=d, price=Decimal(price), unit="hour"
        )
    rate_upsert(
        instrument=made["BL09"], category="industry", valid_from=d, price=Decimal("24000.00"), unit="shift"
    )
    manager, office, other_manager = _person("carol"), _person("dan"), _person("olly")
    role_grant(user=manager, role=Role.FACILITY_MANAGER, facility_id=facility.pk)
    role_grant(user=office, role=Role.USER_OFFICE, organisation_id=provider.pk)
    role_grant(user=other_manager, role=Role.FACILITY_MANAGER, facility_id=other_facility.pk)
    return Shop(
        provider=provider,
        other_provider=other,
        facility=facility,
        other_facility=other_facility,
        microscope=made["EM1"],
        beamline=made["BL09"],
        hosted=made["NMR7"],
        firm=firm,
        university=university,
        manager=manager,
        office=office,
        other_manager=other_manager,
        erin=_person("erin", organisation=firm),
        uma=_person("uma", organisation=university),
        stranger=_person("stan"),
    )
