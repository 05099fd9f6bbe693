"""A small service platform with a cryo-EM and an NMR, its staff and a user, built through the services."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from sciencecity.accounts.models import User
from sciencecity.accounts.services import role_grant
from sciencecity.core.roles import Role
from sciencecity.registry import services as registry
from sciencecity.registry.models import Facility, Instrument, Organisation
from sciencecity.visits import services
from sciencecity.visits.models import Course

SRC = "https://example.org/source"
SHANGHAI = dt.timezone(dt.timedelta(hours=8))


@dataclass
class Platform:
    facility: Facility
    other_facility: Facility
    cryo: Instrument
    nmr: Instrument
    elsewhere: Instrument
    operator: Organisation
    scientist: User  # instrument scientist of the cryo-EM only
    manager: User  # facility manager of the platform
    outsider_manager: User  # facility manager of another facility
    user: User
    cryo_course: Course
    safety: Course
    general: Course


def _user(username: str, **extra: object) -> User:
    return User.objects.create_user(username=username, email=f"{username}@example.org", password="x", **extra)


@pytest.fixture
def platform(db: None) -> Platform:
    return build_platform()


def build_platform() -> Platform:
    operator = registry.organisation_upsert(
        slug="org-platform", name_en="Protein Platform", kind=Organisation.Kind.SERVICE_PLATFORM, source=SRC
    ).record
    facility = registry.facility_upsert(
        slug="fac-platform", code="PP", name_en="Protein Platform", operator=operator.slug, source=SRC
    ).record
    other = registry.facility_upsert(slug="fac-other", code="OT", name_en="Other Facility", source=SRC).record
    instruments = {}
    for slug, fac, code in (
        ("ins-cryo", facility, "CRYO"),
        ("ins-nmr", facility, "NMR"),
        ("ins-far", other, "FAR"),
    ):
        instruments[slug] = registry.instrument_upsert(
            slug=slug,
            facility=fac.slug,
            code=code,
            name_en=f"Instrument {code}",
            techniques="cryo-EM",
            access_mode=Instrument.AccessMode.BOOKING,
            source=SRC,
        ).record
    scientist = _user("sam")
    role_grant(user=scientist, role=Role.INSTRUMENT_SCIENTIST, instrument_id=instruments["ins-cryo"].pk)
    manager = _user("mia")
    role_grant(user=manager, role=Role.FACILITY_MANAGER, facility_id=facility.pk)
    outsider = _user("otto")
    role_grant(user=outsider, role=Role.FACILITY_MANAGER, facility_id=other.pk)
    cryo_course = services.course_create(
        slug="course-cryo",
        name_en="Cryo-EM induction",
        kind=Course.Kind.INSTRUMENT,
        scope=Course.Scope.INSTRUMENT,
        instrument=instruments["ins-cryo"],
        validity_days=365,
    )
    safety = services.course_create(
        slug="course-lab-safety",
        name_en="Platform laboratory safety",
        kind=Course.Kind.GENERAL_SAFETY,
        scope=Course.Scope.FACILITY,
        facility=facility,
        validity_days=730,
    )
    general = services.course_create(
        slug="course-general",
        name_en="General safety",
        kind=Course.Kind.GENERAL_SAFETY,
        scope=Course.Scope.GENERAL,
        validity_days=None,
    )
    return Platform(
        facility=facility,
        other_facility=other,
        cryo=instruments["ins-cryo"],
        nmr=instruments["ins-nmr"],
        elsewhere=instruments["ins-far"],
        operator=operator,
        scientist=scientist,
        manager=manager,
        outsider_manager=outsider,
        user=_user("una"),
        cryo_course=cryo_course,
        safety=safety,
        general=general,
    )
