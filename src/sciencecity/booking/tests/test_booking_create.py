"""Booking a slot: confirmed at once, or requested when the rule wants approval; refused for bad input."""

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError

from sciencecity.booking import services
from sciencecity.booking.models import Booking
from sciencecity.booking.tests.conftest import NOW, at
from sciencecity.core.errors import PermissionDenied
from sciencecity.core.models import AuditEvent
from sciencecity.notifications.models import Notification


def test_a_booking_within_the_rules_is_confirmed_and_its_user_told(platform):
    booking = services.booking_create(
        actor=platform.erin, instrument=platform.cryo, start=at(0, 9), end=at(0, 13), now=NOW
    )
    stored = Booking.objects.get(pk=booking.pk)
    assert stored.status == Booking.Status.CONFIRMED
    assert stored.start == at(0, 9) and stored.end == at(0, 13)
    assert stored.start.utcoffset() == dt.timedelta(0)  # stored in UTC
    assert AuditEvent.objects.filter(action="booking.create", target_id=booking.pk).exists()
    notice = Notification.objects.get(recipient=platform.erin)
    assert "CRYO" in notice.body and "2027-03-08 09:00" in notice.body and "预约" in notice.subject


def test_with_approval_needed_a_booking_waits_as_requested_and_staff_are_told(platform):
    services.booking_rule_update(
        actor=platform.scientist, instrument=platform.cryo, changes={"approval_required": True}
    )
    booking = services.booking_create(
        actor=platform.erin, instrument=platform.cryo, start=at(0, 9), end=at(0, 10), now=NOW
    )
    assert booking.status == Booking.Status.REQUESTED
    told = set(
        Notification.objects.exclude(recipient=platform.erin).values_list("recipient__username", flat=True)
    )
    assert told == {
        "sam",
        "mia",
    }  # the cryo-EM's scientist and the facility's manager, not the NMR's scientist


def test_an_instrument_allocated_by_proposal_cannot_be_booked(platform):
    with pytest.raises(ValidationError) as refused:
        services.booking_create(
            actor=platform.erin, instrument=platform.proposal_beamline, start=at(0, 9), end=at(0, 10), now=NOW
        )
    assert "instrument" in refused.value.message_dict


def test_naive_times_are_refused(platform):
    with pytest.raises(ValidationError) as refused:
        services.booking_create(
            actor=platform.erin,
            instrument=platform.cryo,
            start=dt.datetime(2027, 3, 8, 9),  # noqa: DTZ001 - the naive time is the point
            end=at(0, 10),
            now=NOW,
        )
    assert set(refused.value.message_dict) == {"start"}
    assert not Booking.objects.exists()


def test_an_anonymous_visitor_cannot_book(platform):
    with pytest.raises(PermissionDenied):
        services.booking_create(
            actor=AnonymousUser(), instrument=platform.cryo, start=at(0, 9), end=at(0, 10), now=NOW
        )
