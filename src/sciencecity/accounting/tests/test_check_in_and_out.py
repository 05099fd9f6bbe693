"""Check-in, check-out and no-show of a booking: who may, when, and in which state."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from sciencecity.accounting import services
from sciencecity.accounting.models import UsageRecord
from sciencecity.accounting.tests.conftest import NOW, Site, at
from sciencecity.booking import services as booking_services
from sciencecity.core.audit import audit_trail
from sciencecity.core.errors import PermissionDenied, StateConflict

MINUTE = dt.timedelta(minutes=1)
NAIVE = dt.datetime(2027, 3, 8, 9)  # noqa: DTZ001 - the point of the test


def test_the_user_checks_in_and_out_of_their_own_booking_at_the_instrument(site: Site) -> None:
    booking = site.book(site.erin, at(0, 9))
    usage = services.usage_check_in(actor=site.erin, booking=booking, now=at(0, 9, 5))
    assert usage.actual_start == at(0, 9, 5) and usage.organisation == site.firm
    usage = services.usage_check_out(actor=site.erin, booking=booking, now=at(0, 12, 50))
    assert usage.actual_end == at(0, 12, 50)
    assert usage.hours == pytest.approx(3.75)
    assert [e.action for e in audit_trail(usage)] == ["usage.check_in", "usage.check_out"]


def test_the_user_window_opens_fifteen_minutes_before_the_start_to_the_minute(site: Site) -> None:
    booking = site.book(site.erin, at(0, 9))
    with pytest.raises(StateConflict):
        services.usage_check_in(actor=site.erin, booking=booking, now=at(0, 8, 45) - MINUTE)
    assert services.usage_check_in(actor=site.erin, booking=booking, now=at(0, 8, 45)).actual_start == at(
        0, 8, 45
    )


def test_the_user_cannot_check_out_more_than_an_hour_after_the_end_but_staff_can(site: Site) -> None:
    booking = site.book(site.erin, at(0, 9))
    services.usage_check_in(actor=site.erin, booking=booking, now=at(0, 9))
    with pytest.raises(StateConflict):
        services.usage_check_out(actor=site.erin, booking=booking, now=at(0, 14))
    usage = services.usage_check_out(actor=site.scientist, booking=booking, at=at(0, 13, 10), now=at(0, 15))
    assert usage.actual_end == at(0, 13, 10) and usage.recorded_by == site.scientist


def test_someone_else_neither_checks_in_nor_marks_a_no_show(site: Site) -> None:
    booking = site.book(site.erin, at(0, 9))
    for actor in (site.insider, site.nmr_scientist):
        with pytest.raises(PermissionDenied):
            services.usage_check_in(actor=actor, booking=booking, now=at(0, 9))
    with pytest.raises(PermissionDenied):
        services.usage_mark_no_show(actor=site.erin, booking=booking, now=at(0, 10))
    assert not UsageRecord.objects.exists()


def test_only_staff_record_a_time_other_than_now(site: Site) -> None:
    booking = site.book(site.erin, at(0, 9))
    with pytest.raises(PermissionDenied):
        services.usage_check_in(actor=site.erin, booking=booking, at=at(0, 9), now=at(0, 9, 10))
    with pytest.raises(ValidationError):
        services.usage_check_in(actor=site.scientist, booking=booking, at=at(0, 9, 30), now=at(0, 9, 10))
    with pytest.raises(ValidationError):
        services.usage_check_in(
            actor=site.scientist,
            booking=booking,
            at=NAIVE,
            now=at(0, 9),
        )


def test_a_booking_is_checked_in_once_and_out_once(site: Site) -> None:
    booking = site.book(site.erin, at(0, 9))
    services.usage_check_in(actor=site.erin, booking=booking, now=at(0, 9))
    with pytest.raises(StateConflict, match="already checked in"):
        services.usage_check_in(actor=site.scientist, booking=booking, now=at(0, 9, 1))
    services.usage_check_out(actor=site.erin, booking=booking, now=at(0, 13))
    with pytest.raises(StateConflict, match="already checked out"):
        services.usage_check_out(actor=site.erin, booking=booking, now=at(0, 13, 1))
    assert UsageRecord.objects.count() == 1


def test_checking_out_needs_a_check_in_first(site: Site) -> None:
    booking = site.book(site.erin, at(0, 9))
    with pytest.raises(StateConflict):
        services.usage_check_out(actor=site.scientist, booking=booking, now=at(0, 13))


def test_a_cancelled_booking_is_not_checked_in(site: Site) -> None:
    booking = site.book(site.erin, at(0, 9))
    booking_services.booking_cancel(actor=site.erin, booking=booking, now=NOW)
    with pytest.raises(StateConflict, match="confirmed"):
        services.usage_check_in(actor=site.scientist, booking=booking, now=at(0, 9))


def test_a_no_show_is_marked_once_the_booking_started_and_then_blocks_a_check_in(site: Site) -> None:
    booking = site.book(site.erin, at(0, 9))
    with pytest.raises(StateConflict):
        services.usage_mark_no_show(actor=site.scientist, booking=booking, now=at(0, 9) - MINUTE)
    usage = services.usage_mark_no_show(actor=site.manager, booking=booking, now=at(0, 9))
    assert usage.no_show and usage.actual_start is None and usage.hours == 0
    with pytest.raises(StateConflict, match="no-show"):
        services.usage_check_in(actor=site.erin, booking=booking, now=at(0, 9, 5))


def test_a_checked_in_booking_cannot_be_a_no_show(site: Site) -> None:
    booking = site.book(site.erin, at(0, 9))
    services.usage_check_in(actor=site.erin, booking=booking, now=at(0, 9))
    with pytest.raises(StateConflict):
        services.usage_mark_no_show(actor=site.scientist, booking=booking, now=at(0, 10))


def test_the_organisation_is_kept_as_it_was_at_the_time(site: Site) -> None:
    booking = site.book(site.erin, at(0, 9))
    usage = services.usage_check_in(actor=site.erin, booking=booking, now=at(0, 9))
    site.erin.organisation = site.owner
    site.erin.save(update_fields=["organisation"])
    usage.refresh_from_db()
    assert usage.organisation == site.firm


def test_staff_cannot_check_a_booking_in_long_before_it_starts_either(site: Site) -> None:
    booking = site.book(site.erin, at(0, 9))
    with pytest.raises(StateConflict, match="15 minutes before its start"):
        services.usage_check_in(actor=site.scientist, booking=booking, now=at(0, 8, 44))
    assert services.usage_check_in(
        actor=site.scientist, booking=booking, now=at(0, 8, 45)
    ).actual_start == at(0, 8, 45)
