"""Reads on training: which courses an instrument requires and which of them a person still lacks.

Bookings (booking app) and visits ask `missing_courses` for the whole time of use: a record that expires
during the use does not cover it, whatever the date on which the use was requested.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

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
