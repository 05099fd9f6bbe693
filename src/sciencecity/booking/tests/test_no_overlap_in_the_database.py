"""Two active bookings of one instrument never overlap: the services refuse it, and on PostgreSQL so does the
database itself, whatever writes the row (the ORM past the services, raw SQL)."""

import datetime as dt

import pytest
from django.db import IntegrityError, connection, transaction

from sciencecity.booking import services
from sciencecity.booking.models import Booking
from sciencecity.booking.tests.conftest import NOW, at
from sciencecity.core.errors import StateConflict

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite has no exclusion constraint; its guarantee is the services'",
)


def book(platform, start, end, who=None):
    return services.booking_create(
        actor=who or platform.erin, instrument=platform.cryo, start=start, end=end, now=NOW
    )


def test_an_overlapping_booking_is_refused_as_a_conflict(platform):
    book(platform, at(0, 9), at(0, 12))
    with pytest.raises(StateConflict):
        book(platform, at(0, 11, 30), at(0, 13), who=platform.frank)
    assert Booking.objects.count() == 1


def test_bookings_that_touch_do_not_overlap(platform):
    book(platform, at(0, 9), at(0, 12))
    assert book(platform, at(0, 12), at(0, 13), who=platform.frank).pk
    assert book(platform, at(0, 8), at(0, 9), who=platform.frank).pk


def test_a_cancelled_booking_frees_its_time(platform):
    first = book(platform, at(0, 9), at(0, 12))
    services.booking_cancel(actor=platform.erin, booking=first, now=NOW)
    assert book(platform, at(0, 9), at(0, 12), who=platform.frank).status == Booking.Status.CONFIRMED


def test_other_instruments_are_booked_independently(platform):
    book(platform, at(0, 9), at(0, 12))
    assert services.booking_create(
        actor=platform.frank, instrument=platform.nmr, start=at(0, 9), end=at(0, 12), now=NOW
    ).pk


def _row(platform, user, start, end, status="confirmed"):
    return Booking(instrument=platform.cryo, user=user, start=start, end=end, status=status)


@postgres_only
def test_on_postgresql_the_orm_cannot_store_an_overlap_past_the_services(platform):
    Booking.objects.create(instrument=platform.cryo, user=platform.erin, start=at(0, 9), end=at(0, 12))
    with pytest.raises(IntegrityError, match="booking_no_overlap_per_instrument"), transaction.atomic():
        Booking.objects.create(instrument=platform.cryo, user=platform.frank, start=at(0, 11), end=at(0, 13))
    with pytest.raises(IntegrityError), transaction.atomic():
        Booking.objects.bulk_create(
            [
                _row(platform, platform.frank, at(1, 9), at(1, 10)),
                _row(platform, platform.erin, at(1, 9, 30), at(1, 11)),
            ]
        )
    assert Booking.objects.count() == 1


@postgres_only
def test_on_postgresql_raw_sql_cannot_store_an_overlap(platform):
    insert = (
        'INSERT INTO booking_booking (instrument_id, user_id, start, "end", status, note, created_at, '
        "updated_at) VALUES (%s, %s, %s, %s, %s, '', now(), now())"
    )
    with connection.cursor() as cursor:
        cursor.execute(insert, [platform.cryo.pk, platform.erin.pk, at(0, 9), at(0, 12), "requested"])
        with pytest.raises(IntegrityError), transaction.atomic():
            cursor.execute(
                insert, [platform.cryo.pk, platform.frank.pk, at(0, 10), at(0, 10, 30), "confirmed"]
            )
        # Declined and cancelled rows hold no time, and touching ranges ('[)') do not overlap.
        cursor.execute(insert, [platform.cryo.pk, platform.frank.pk, at(0, 10), at(0, 11), "cancelled"])
        cursor.execute(insert, [platform.cryo.pk, platform.frank.pk, at(0, 12), at(0, 13), "confirmed"])
    assert Booking.objects.filter(status__in=Booking.ACTIVE).count() == 2


@postgres_only
def test_on_postgresql_reactivating_a_cancelled_booking_over_a_taken_time_is_refused(platform):
    cancelled = book(platform, at(0, 9), at(0, 12))
    services.booking_cancel(actor=platform.erin, booking=cancelled, now=NOW)
    book(platform, at(0, 10), at(0, 11), who=platform.frank)
    with pytest.raises(IntegrityError), transaction.atomic():
        Booking.objects.filter(pk=cancelled.pk).update(status="confirmed")


@postgres_only
def test_on_postgresql_the_constraint_alone_answers_a_conflict_when_the_check_is_skipped(
    platform, monkeypatch
):
    """Were the services' re-check missing (or raced), the database's refusal still comes back as a 409."""
    book(platform, at(0, 9), at(0, 12))
    original = services._overlapping

    def blind(queryset, start, end):
        return queryset.none() if queryset.model is Booking else original(queryset, start, end)

    monkeypatch.setattr(services, "_overlapping", blind)
    with pytest.raises(StateConflict):
        book(platform, at(0, 10), at(0, 11), who=platform.frank)
    assert Booking.objects.count() == 1


def test_the_database_refuses_a_booking_that_ends_before_it_starts(platform):
    with pytest.raises(IntegrityError), transaction.atomic():
        Booking.objects.create(
            instrument=platform.cryo,
            user=platform.erin,
            start=at(0, 9),
            end=at(0, 9) - dt.timedelta(minutes=1),
        )
