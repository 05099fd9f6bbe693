"""A booking is refused, naming the course, when a required qualification is missing or expires before the
booked time ends: judged on the day of use, not the day of booking."""

import datetime as dt

import pytest
from django.utils import timezone

from sciencecity.booking import services
from sciencecity.booking.models import Booking
from sciencecity.booking.tests.conftest import NOW, at
from sciencecity.core.errors import PermissionDenied
from sciencecity.visits import services as visits
from sciencecity.visits.models import Course


@pytest.fixture
def course(platform):
    return visits.course_create(
        slug="course-bk-cryo",
        name_en="Cryo-EM induction",
        kind=Course.Kind.INSTRUMENT,
        scope=Course.Scope.INSTRUMENT,
        instrument=platform.cryo,
        validity_days=365,
    )


def train(platform, course, expires_at):
    return visits.training_record_create(
        actor=platform.scientist,
        user=platform.erin,
        course=course,
        completed_at=timezone.now() - dt.timedelta(days=1),
        expires_at=expires_at,
    )


def book(platform, start, end):
    return services.booking_create(
        actor=platform.erin, instrument=platform.cryo, start=start, end=end, now=NOW
    )


def test_without_the_course_the_booking_is_refused_naming_it(platform, course):
    with pytest.raises(PermissionDenied, match="Cryo-EM induction"):
        book(platform, at(0, 9), at(0, 10))
    assert not Booking.objects.exists()


def test_a_record_valid_on_the_day_of_booking_but_expired_on_the_day_of_use_does_not_count(platform, course):
    train(platform, course, expires_at=NOW + dt.timedelta(days=3))  # valid now, gone by WEEK
    with pytest.raises(PermissionDenied, match="Cryo-EM induction"):
        book(platform, at(0, 9), at(0, 10))


def test_a_record_expiring_the_minute_the_booking_ends_covers_it_and_one_minute_earlier_does_not(
    platform, course
):
    train(platform, course, expires_at=at(0, 10) - dt.timedelta(minutes=1))
    with pytest.raises(PermissionDenied):
        book(platform, at(0, 9), at(0, 10))
    train(platform, course, expires_at=at(0, 10))
    assert book(platform, at(0, 9), at(0, 10)).pk


def test_the_courses_of_another_instrument_do_not_gate_this_one(platform, course):
    assert services.booking_create(
        actor=platform.erin, instrument=platform.nmr, start=at(0, 9), end=at(0, 10), now=NOW
    ).pk
