"""The waiting list: a freed time is offered to the first in line, who has a deadline to accept it; an
accepted offer becomes a booking through the usual checks, a late one passes to the next in line."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from sciencecity.booking import services
from sciencecity.booking.models import Booking, WaitlistEntry
from sciencecity.booking.tests.conftest import NOW, at, person
from sciencecity.core.errors import StateConflict
from sciencecity.notifications.models import Notification


@pytest.fixture
def taken(platform):
    return services.booking_create(
        actor=platform.erin, instrument=platform.cryo, start=at(0, 9), end=at(0, 12), now=NOW
    )


def join(platform, who, start=None, end=None, now=NOW):
    return services.waitlist_join(
        actor=who, instrument=platform.cryo, start=start or at(0, 10), end=end or at(0, 11), now=now
    )


def test_one_queues_only_for_a_taken_time(platform, taken):
    with pytest.raises(StateConflict, match="free"):
        join(platform, platform.frank, at(0, 14), at(0, 15))
    with pytest.raises(StateConflict):
        join(platform, platform.erin)  # her own booking
    entry = join(platform, platform.frank)
    with pytest.raises(StateConflict):
        join(platform, platform.frank)  # twice
    assert entry.status == WaitlistEntry.Status.WAITING


def test_a_cancellation_offers_the_time_to_the_first_in_line_only_and_tells_them(platform, taken):
    first, second = join(platform, platform.frank), join(platform, person("gail"))
    services.booking_cancel(actor=platform.erin, booking=taken, now=NOW)
    first.refresh_from_db(), second.refresh_from_db()
    assert first.status == WaitlistEntry.Status.OFFERED and second.status == WaitlistEntry.Status.WAITING
    assert first.offer_expires_at == NOW + dt.timedelta(minutes=60)
    assert Notification.objects.filter(
        recipient=platform.frank, subject__startswith="A time you waited for"
    ).exists()


def test_while_offered_the_time_is_held_for_the_one_offered(platform, taken):
    join(platform, platform.frank)
    services.booking_cancel(actor=platform.erin, booking=taken, now=NOW)
    with pytest.raises(StateConflict, match="waiting list"):
        services.booking_create(
            actor=person("gail"), instrument=platform.cryo, start=at(0, 10), end=at(0, 12), now=NOW
        )
    assert services.booking_create(
        actor=person("hal"), instrument=platform.cryo, start=at(0, 11), end=at(0, 12), now=NOW
    ).pk


def test_an_offer_accepted_in_time_becomes_a_confirmed_booking(platform, taken):
    entry = join(platform, platform.frank)
    services.booking_cancel(actor=platform.erin, booking=taken, now=NOW)
    booking = services.waitlist_accept(actor=platform.frank, entry=entry, now=NOW + dt.timedelta(minutes=59))
    entry.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED and (booking.start, booking.end) == (
        at(0, 10),
        at(0, 11),
    )
    assert entry.status == WaitlistEntry.Status.BOOKED and entry.booking == booking


def test_an_offer_accepted_late_is_refused_and_passes_to_the_next_in_line(platform, taken):
    first, second = join(platform, platform.frank), join(platform, person("gail"))
    services.booking_cancel(actor=platform.erin, booking=taken, now=NOW)
    with pytest.raises(StateConflict):
        services.waitlist_accept(actor=platform.frank, entry=first, now=NOW + dt.timedelta(minutes=60))
    first.refresh_from_db(), second.refresh_from_db()
    assert first.status == WaitlistEntry.Status.EXPIRED and second.status == WaitlistEntry.Status.OFFERED
    assert not Booking.objects.filter(user=platform.frank).exists()


def test_an_accepted_offer_still_goes_through_the_quota(platform, taken):
    entry = join(platform, platform.frank)
    services.booking_create(
        actor=platform.frank, instrument=platform.cryo, start=at(1, 8), end=at(1, 16), now=NOW
    )
    services.booking_create(
        actor=platform.frank, instrument=platform.cryo, start=at(2, 8), end=at(2, 12), now=NOW
    )
    services.booking_cancel(actor=platform.erin, booking=taken, now=NOW)
    with pytest.raises(ValidationError, match="quota"):
        services.waitlist_accept(actor=platform.frank, entry=entry, now=NOW)


def test_a_declined_request_offers_its_time_too(platform):
    services.booking_rule_update(
        actor=platform.scientist, instrument=platform.cryo, changes={"approval_required": True}
    )
    request = services.booking_create(
        actor=platform.erin, instrument=platform.cryo, start=at(0, 9), end=at(0, 12), now=NOW
    )
    entry = join(platform, platform.frank)
    services.booking_decline(actor=platform.scientist, booking=request, now=NOW)
    entry.refresh_from_db()
    assert entry.status == WaitlistEntry.Status.OFFERED


def test_withdrawing_an_offer_passes_it_on(platform, taken):
    first, second = join(platform, platform.frank), join(platform, person("gail"))
    services.booking_cancel(actor=platform.erin, booking=taken, now=NOW)
    services.waitlist_withdraw(actor=platform.frank, entry=first, now=NOW)
    second.refresh_from_db()
    assert second.status == WaitlistEntry.Status.OFFERED


def test_the_expiry_command_passes_late_offers_on(platform, taken):
    from io import StringIO

    from django.core.management import call_command

    first, second = join(platform, platform.frank), join(platform, person("gail"))
    services.booking_cancel(actor=platform.erin, booking=taken, now=NOW)
    WaitlistEntry.objects.filter(pk=first.pk).update(
        offer_expires_at=timezone.now() - dt.timedelta(minutes=1)
    )
    out = StringIO()
    call_command("booking_expire_offers", stdout=out)
    first.refresh_from_db(), second.refresh_from_db()
    assert (first.status, second.status) == (WaitlistEntry.Status.EXPIRED, WaitlistEntry.Status.OFFERED)
    assert out.getvalue().startswith("1 offer(s) ended")
