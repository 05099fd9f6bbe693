"""Reads on training: which courses an instrument requires and which of them a person still lacks.

Bookings (booking app) and visits ask `missing_courses` for the whole time of use: a record that expires
during the use does not cover it, whatever the date on which the use was requested.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from sciencecity.accounts.models import User
from sciencecity.registry.models import Instrument
from sciencecity.visits.models import Course, TrainingRecord


def _aware(value: dt.datetime, name: str) -> dt.datetime:
    if timezone.is_naive(value):
        raise ValueError(f"{name} must be an aware datetime (with a time zone)")
    return value


def required_courses(instrument: Instrument) -> QuerySet[Course]:
    """The instrument's own courses, its facility's, and the general ones; only those marked required."""
    return (
        Course.objects.filter(required=True)
        .filter(
            Q(scope=Course.Scope.INSTRUMENT, instrument=instrument)
            | Q(scope=Course.Scope.FACILITY, facility_id=instrument.facility_id)
            | Q(scope=Course.Scope.GENERAL)
        )
        .select_related("instrument", "facility")
        .order_by("scope", "name_en", "pk")
    )


def records_valid_over(user: Any, *, start: dt.datetime, end: dt.datetime) -> QuerySet[TrainingRecord]:
    """The user's records valid for the whole of [start, end): completed by start, not expiring before end."""
    start, end = _aware(start, "start"), _aware(end, "end")
    return TrainingRecord.objects.filter(user=user, completed_at__lte=start).filter(
        Q(expires_at__isnull=True) | Q(expires_at__gte=end)
    )


def missing_courses(
    user: Any, instrument: Instrument, *, start: dt.datetime, end: dt.datetime
) -> list[Course]:
    """The courses required for `instrument` that `user` holds no record of valid over all of [start, end)."""
    start, end = _aware(start, "start"), _aware(end, "end")
    if end < start:
        raise ValueError("end must not be before start")
    if not getattr(user, "is_authenticated", False):
        return list(required_courses(instrument))
    held = records_valid_over(user, start=start, end=end).values("course_id")
    return list(required_courses(instrument).exclude(pk__in=held))


def user_by_username_or_email(key: str) -> User | None:
    """The one active user with this username or e-mail (either, ignoring case); none if no single one."""
    matches = list(User.objects.filter(Q(username__iexact=key) | Q(email__iexact=key), is_active=True)[:2])
    return matches[0] if len(matches) == 1 else None


def records_of(user: Any) -> QuerySet[TrainingRecord]:
    """A person's records, newest first, with what the qualifications page shows of their course."""
    return TrainingRecord.objects.filter(user=user).select_related(
        "course__instrument__facility", "course__facility", "entered_by"
    )


def records_for_courses(courses: QuerySet[Course]) -> QuerySet[TrainingRecord]:
    """The records of some courses (a staff member's: visits.permissions.courses_enterable_by)."""
    return TrainingRecord.objects.filter(course__in=courses).select_related(
        "user", "course__instrument", "course__facility", "entered_by"
    )


def needs_for(
    user: Any, instruments: list[Instrument], *, at: dt.datetime
) -> list[tuple[Instrument, list[Course]]]:
    """For each instrument, the courses the user lacks to use it at `at` (an hour's use from then)."""
    return [
        (instrument, missing_courses(user, instrument, start=at, end=at + dt.timedelta(hours=1)))
        for instrument in instruments
    ]
