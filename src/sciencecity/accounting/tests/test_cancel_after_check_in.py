"""A booking that is checked in is not cancelled (409): its usage stands; the user checks out instead."""

from __future__ import annotations

import pytest
from django.test import Client

from sciencecity.accounting import services
from sciencecity.accounting.tests.conftest import Site, at
from sciencecity.booking import services as booking_services
from sciencecity.booking.models import Booking
from sciencecity.core.errors import StateConflict


def test_staff_cannot_cancel_a_checked_in_booking(site: Site) -> None:
    booking = site.book(site.erin, at(0, 9))
    services.usage_check_in(actor=site.erin, booking=booking, now=at(0, 9, 5))
    with pytest.raises(StateConflict, match="checked in"):
        booking_services.booking_cancel(actor=site.scientist, booking=booking, now=at(0, 10))
    assert Booking.objects.get(pk=booking.pk).status == Booking.Status.CONFIRMED


def test_the_api_answers_409_to_cancelling_a_checked_in_booking(site: Site) -> None:
    booking = site.book(site.erin, at(0, 9))
    services.usage_check_in(actor=site.scientist, booking=booking, at=at(0, 9), now=at(0, 9, 1))
    client = Client()
    client.force_login(site.erin)
    response = client.post(f"/api/bookings/{booking.pk}/cancel", {}, content_type="application/json")
    assert response.status_code == 409 and "checked in" in response.json()["detail"]


def test_a_booking_not_checked_in_is_still_cancelled(site: Site) -> None:
    booking = site.book(site.erin, at(0, 9))
    cancelled = booking_services.booking_cancel(actor=site.scientist, booking=booking, now=at(0, 10))
    assert cancelled.status == Booking.Status.CANCELLED
