"""Staff approve or decline requests on their own instruments only; users cancel up to the deadline."""

import datetime as dt

import pytest

from sciencecity.booking import services
from sciencecity.booking.models import Booking
from sciencecity.booking.tests.conftest import NOW, at
from sciencecity.core.errors import PermissionDenied, StateConflict
from sciencecity.notifications.models import Notification


@pytest.fixture
def request_(platform):
    services.booking_rule_update(
        actor=platform.manager, instrument=platform.cryo, changes={"approval_required": True}
    )
    return services.booking_create(
        actor=platform.erin, instrument=platform.cryo, start=at(0, 9), end=at(0, 12), now=NOW
    )


def test_the_instruments_scientist_approves_a_request_and_its_user_is_told(platform, request_):
    booking = services.booking_approve(actor=platform.scientist, booking=request_, now=NOW)
    assert Booking.objects.get(pk=booking.pk).status == Booking.Status.CONFIRMED
    assert booking.decided_by == platform.scientist
    assert Notification.objects.filter(
        recipient=platform.erin, subject__startswith="Booking confirmed"
    ).exists()


def test_the_facility_manager_declines_a_request_with_a_reason(platform, request_):
    booking = services.booking_decline(
        actor=platform.manager, booking=request_, reason="Column under repair", now=NOW
    )
    assert booking.status == Booking.Status.DECLINED and booking.note == "Column under repair"
    assert "Column under repair" in Notification.objects.filter(recipient=platform.erin).latest("pk").body


def test_staff_of_another_instrument_and_the_user_themself_cannot_decide(platform, request_):
    for outsider in (platform.nmr_scientist, platform.erin, platform.frank):
        with pytest.raises(PermissionDenied):
            services.booking_approve(actor=outsider, booking=request_, now=NOW)
    assert Booking.objects.get(pk=request_.pk).status == Booking.Status.REQUESTED


def test_a_request_is_decided_once(platform, request_):
    services.booking_approve(actor=platform.scientist, booking=request_, now=NOW)
    with pytest.raises(StateConflict):
        services.booking_decline(actor=platform.manager, booking=request_, now=NOW)


def test_a_request_awaiting_approval_already_holds_its_time(platform, request_):
    with pytest.raises(StateConflict):
        services.booking_create(
            actor=platform.frank, instrument=platform.cryo, start=at(0, 10), end=at(0, 11), now=NOW
        )


def test_the_user_cancels_until_the_deadline_minute_and_not_after(platform):
    booking = services.booking_create(
        actor=platform.erin, instrument=platform.cryo, start=at(0, 9), end=at(0, 10), now=NOW
    )
    deadline = at(0, 9) - dt.timedelta(hours=24)
    with pytest.raises(StateConflict, match="deadline"):
        services.booking_cancel(actor=platform.erin, booking=booking, now=deadline + dt.timedelta(minutes=1))
    assert (
        services.booking_cancel(actor=platform.erin, booking=booking, now=deadline).status
        == Booking.Status.CANCELLED
    )


def test_staff_cancel_after_the_deadline_but_nobody_cancels_a_finished_booking(platform):
    booking = services.booking_create(
        actor=platform.erin, instrument=platform.cryo, start=at(0, 9), end=at(0, 10), now=NOW
    )
    with pytest.raises(StateConflict):
        services.booking_cancel(actor=platform.scientist, booking=booking, now=at(0, 10))
    assert (
        services.booking_cancel(actor=platform.scientist, booking=booking, now=at(0, 9, 30)).status
        == "cancelled"
    )
    with pytest.raises(StateConflict):
        services.booking_cancel(actor=platform.scientist, booking=booking, now=at(0, 9, 30))


def test_another_user_cannot_cancel_someone_elses_booking(platform):
    booking = services.booking_create(
        actor=platform.erin, instrument=platform.cryo, start=at(0, 9), end=at(0, 10), now=NOW
    )
    for outsider in (platform.frank, platform.nmr_scientist):
        with pytest.raises(PermissionDenied):
            services.booking_cancel(actor=outsider, booking=booking, now=NOW)


def test_only_the_instruments_staff_change_its_rules(platform):
    for outsider in (platform.nmr_scientist, platform.erin):
        with pytest.raises(PermissionDenied):
            services.booking_rule_update(
                actor=outsider, instrument=platform.cryo, changes={"weekly_hours": 100}
            )
    platform.rule.refresh_from_db()
    assert platform.rule.weekly_hours == 12
