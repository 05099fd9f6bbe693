"""A booking is covered only by records valid over the whole of it, to the minute."""

from __future__ import annotations

import datetime as dt

import pytest

from sciencecity.visits import selectors, services
from sciencecity.visits.tests.conftest import SHANGHAI, Platform

START = dt.datetime(2026, 6, 10, 9, 0, tzinfo=SHANGHAI)
END = START + dt.timedelta(hours=4)
MINUTE = dt.timedelta(minutes=1)


def _train_all(p: Platform, *, completed: dt.datetime, cryo_expires: dt.datetime | None = None) -> None:
    for course in (p.safety, p.general):
        services.training_record_create(actor=p.manager, user=p.user, course=course, completed_at=completed)
    services.training_record_create(
        actor=p.scientist, user=p.user, course=p.cryo_course, completed_at=completed, expires_at=cryo_expires
    )


def _missing(p: Platform, start: dt.datetime = START, end: dt.datetime = END) -> list[str]:
    return [c.slug for c in selectors.missing_courses(p.user, p.cryo, start=start, end=end)]


def test_an_untrained_user_lacks_the_instrument_facility_and_general_courses(platform: Platform) -> None:
    assert sorted(_missing(platform)) == ["course-cryo", "course-general", "course-lab-safety"]


def test_another_instrument_of_the_facility_needs_only_the_facility_and_general_courses(
    platform: Platform,
) -> None:
    missing = selectors.missing_courses(platform.user, platform.nmr, start=START, end=END)
    assert sorted(c.slug for c in missing) == ["course-general", "course-lab-safety"]


def test_a_user_trained_before_the_booking_lacks_nothing(platform: Platform) -> None:
    _train_all(platform, completed=START - dt.timedelta(days=30))
    assert _missing(platform) == []


def test_a_record_expiring_the_minute_the_booking_ends_still_covers_it(platform: Platform) -> None:
    _train_all(platform, completed=START - dt.timedelta(days=30), cryo_expires=END)
    assert _missing(platform) == []


def test_a_record_expiring_a_minute_before_the_booking_ends_does_not_cover_it(platform: Platform) -> None:
    _train_all(platform, completed=START - dt.timedelta(days=30), cryo_expires=END - MINUTE)
    assert _missing(platform) == ["course-cryo"]


def test_a_record_valid_on_the_day_of_booking_but_expired_on_the_day_of_use_does_not_count(
    platform: Platform,
) -> None:
    use = dt.datetime(2026, 9, 1, 9, 0, tzinfo=SHANGHAI)
    _train_all(platform, completed=START - dt.timedelta(days=30), cryo_expires=use - dt.timedelta(days=1))
    assert _missing(platform, start=START, end=END) == []
    assert _missing(platform, start=use, end=use + dt.timedelta(hours=4)) == ["course-cryo"]


def test_a_course_completed_a_minute_after_the_booking_starts_does_not_cover_it(platform: Platform) -> None:
    _train_all(platform, completed=START - dt.timedelta(days=30))
    platform.user.training_records.filter(course=platform.cryo_course).delete()
    services.training_record_create(
        actor=platform.scientist, user=platform.user, course=platform.cryo_course, completed_at=START + MINUTE
    )
    # completed in the future relative to the booking: only a booking starting at or after it is covered
    assert _missing(platform) == ["course-cryo"]
    assert _missing(platform, start=START + MINUTE, end=END + MINUTE) == []


def test_the_validity_period_sets_the_expiry_to_the_minute(platform: Platform) -> None:
    completed = dt.datetime(2026, 1, 5, 14, 30, tzinfo=SHANGHAI)
    record = services.training_record_create(
        actor=platform.scientist, user=platform.user, course=platform.cryo_course, completed_at=completed
    )
    assert record.expires_at == completed + dt.timedelta(days=365)
    _train_all(platform, completed=completed - dt.timedelta(days=1))
    platform.user.training_records.filter(course=platform.cryo_course).exclude(pk=record.pk).delete()
    last_minute_start = record.expires_at - dt.timedelta(hours=4)
    assert _missing(platform, start=last_minute_start, end=record.expires_at) == []
    assert _missing(platform, start=last_minute_start + MINUTE, end=record.expires_at + MINUTE) == [
        "course-cryo"
    ]


def test_a_course_not_marked_required_is_not_asked_for(platform: Platform) -> None:
    platform.general.required = False
    platform.general.save(update_fields=["required"])
    assert sorted(_missing(platform)) == ["course-cryo", "course-lab-safety"]


def test_naive_times_are_refused(platform: Platform) -> None:
    with pytest.raises(ValueError, match="aware"):
        selectors.missing_courses(platform.user, platform.cryo, start=dt.datetime(2026, 6, 10, 9), end=END)  # noqa: DTZ001
