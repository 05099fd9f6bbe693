"""Open sharing by the hour in the demo: NFPS's booking instruments, their courses and rules, who is trained,
and a week of bookings and usage — all written through the services, so the demo passes the real checks
(training before booking, opening hours, quotas, check-in by the instrument's staff).

`sharing_map_load` adds the instruments to the map (public records with their sources, the unconfirmed
attributes listed as such); `sharing_load` adds what needs people (demo accounts and synthetic users).
Both change nothing when run again. The data is in data/sharing.yaml, which says what is an example.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from sciencecity.accounting import services as usage
from sciencecity.accounts.models import User
from sciencecity.accounts.services import role_grant
from sciencecity.booking import services as booking
from sciencecity.booking.models import Booking
from sciencecity.booking.rules import Period
from sciencecity.core.roles import Role
from sciencecity.demo.loader import read_data
from sciencecity.demo.people import APPLICANTS, people_ensure
from sciencecity.notifications.services import without_email
from sciencecity.registry import services as registry
from sciencecity.registry.models import Instrument, Verification
from sciencecity.visits import services as training
from sciencecity.visits.models import Course, TrainingRecord

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


@dataclass
class SharingReport:
    instruments: int = 0
    courses: int = 0
    records: int = 0
    bookings: int = 0
    sessions: int = 0
    skipped: str = ""
    notes: list[str] = field(default_factory=list)


def sharing_map_load(data: dict[str, Any] | None = None) -> int:
    """The booking instruments on the map (idempotent); returns how many there are."""
    data = data or read_data("sharing.yaml")
    for r in data["instruments"]:
        registry.instrument_upsert(
            slug=r["id"],
            facility=data["facility"],
            owner=data["owner"],
            code=r["code"],
            name_en=r["name"],
            name_zh=r["name_zh"],
            techniques=r["techniques"].replace(" / ", "/"),
            techniques_zh=r["techniques_zh"].replace(" / ", "/"),
            description_en=r["description"],
            description_zh=r["description_zh"],
            access_mode=Instrument.AccessMode.BOOKING,
            source=r["source"],
            verification=Verification.PARTIAL,
            unverified=list(r["unverified"]),
            translation_zh="machine",
        )
    return len(data["instruments"])


def _clock(text: str) -> dt.time:
    hours, minutes = text.split(":")
    return dt.time(int(hours), int(minutes))


def monday_of_last_week(today: dt.date) -> dt.date:
    """The first day of the demo's week of usage (the vouchers' scheme must cover it, even in January)."""
    return today - dt.timedelta(days=today.weekday() + 7)


def sharing_load(personas: dict[str, User], *, today: dt.date | None = None) -> SharingReport:
    """Courses, rules, training and a week of bookings and usage on NFPS's booking instruments."""
    data = read_data("sharing.yaml")
    report = SharingReport(instruments=sharing_map_load(data))
    staff = personas[data["staff"]]
    if not staff.email.endswith("@example.org"):
        report.skipped = f"{staff.username} is not a demo account"
        return report
    instruments = {
        i.slug: i for i in Instrument.objects.filter(slug__in=[r["id"] for r in data["instruments"]])
    }
    if Booking.objects.filter(instrument__in=instruments.values()).exists():
        report.skipped = "the instruments already have bookings"
        return report
    wanted = {row["user"] for row in data["trained"]}
    people = {
        **people_ensure(tuple(p for p in APPLICANTS if p.username in wanted), Role.APPLICANT),
        **personas,
    }
    with transaction.atomic(), without_email():
        for instrument in instruments.values():
            role_grant(user=staff, role=Role.INSTRUMENT_SCIENTIST, instrument_id=instrument.pk)
        _rules(staff, instruments, data)
        courses = _courses(data, instruments, report)
        monday = monday_of_last_week(today or timezone.localdate())
        _training(staff, people, courses, data, monday, report)
        _week(staff, people, instruments, data, monday, report)
    return report


def _rules(staff: User, instruments: dict[str, Instrument], data: dict[str, Any]) -> None:
    for r in data["instruments"]:
        opening = r["opening"]
        booking.booking_rule_update(
            actor=staff,
            instrument=instruments[r["id"]],
            changes={**r["rule"], "time_zone": "Asia/Shanghai"},
            periods=[
                Period(day, _clock(opening["opens"]), _clock(opening["closes"])) for day in opening["days"]
            ],
        )


def _courses(
    data: dict[str, Any], instruments: dict[str, Instrument], report: SharingReport
) -> dict[str, Course]:
    courses = {}
    for c in data["courses"]:
        existing = Course.objects.filter(slug=c["id"]).first()
        courses[c["id"]] = existing or training.course_create(
            slug=c["id"],
            name_en=c["name"],
            name_zh=c["name_zh"],
            description_en=c["description"],
            description_zh=c["description_zh"],
            kind=c["kind"],
            scope=c["scope"],
            facility=instruments[data["instruments"][0]["id"]].facility if c["scope"] == "facility" else None,
            instrument=instruments[c["instrument"]] if c["scope"] == "instrument" else None,
            validity_days=c["validity_days"],
        )
        report.courses += existing is None
    return courses


def _training(
    staff: User,
    people: dict[str, User],
    courses: dict[str, Course],
    data: dict[str, Any],
    monday: dt.date,
    report: SharingReport,
) -> None:
    completed = dt.datetime.combine(monday - dt.timedelta(days=30), dt.time(10), tzinfo=SHANGHAI)
    for row in data["trained"]:
        user = people[row["user"]]
        for slug in row["courses"]:
            if TrainingRecord.objects.filter(user=user, course=courses[slug]).exists():
                continue
            training.training_record_create(
                actor=staff,
                user=user,
                course=courses[slug],
                completed_at=completed,
                note="demo (example record)",
            )
            report.records += 1


def _week(
    staff: User,
    people: dict[str, User],
    instruments: dict[str, Instrument],
    data: dict[str, Any],
    monday: dt.date,
    report: SharingReport,
) -> None:
    now = timezone.now()
    for row in data["week"]:
        start = dt.datetime.combine(
            monday + dt.timedelta(days=row["day"]), _clock(row["start"]), tzinfo=SHANGHAI
        )
        end = start + dt.timedelta(hours=row["hours"])
        made = booking.booking_create(
            actor=people[row["user"]],
            instrument=instruments[row["instrument"]],
            start=start,
            end=end,
            now=start - dt.timedelta(days=3),
        )
        report.bookings += 1
        if end > now:
            continue  # the week is not over yet: no usage to record for this booking
        if row["used"] == "no_show":
            usage.usage_mark_no_show(actor=staff, booking=made, now=now)
        else:
            late, early = row["used"]
            usage.usage_check_in(actor=staff, booking=made, at=start + dt.timedelta(minutes=late), now=now)
            usage.usage_check_out(actor=staff, booking=made, at=end + dt.timedelta(minutes=early), now=now)
        report.sessions += 1
