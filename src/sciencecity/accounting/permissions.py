"""Who records usage: the instrument's staff (booking.permissions), and the user for their own booking.

- Staff of the instrument (its instrument scientists and facility managers) check any of its bookings in and
  out, at the time it happened, and mark no-shows; they read the instrument's usage figures.
- A user checks in and out of their own confirmed booking, at the instrument, during its time window
  (USER_EARLY before its start until USER_LATE after its end); they never mark a no-show.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet

from sciencecity.booking import permissions as booking_permissions
from sciencecity.booking.models import Booking
from sciencecity.registry.models import Instrument

USER_EARLY = dt.timedelta(minutes=15)
USER_LATE = dt.timedelta(minutes=60)


def usage_instruments(user: Any) -> QuerySet[Instrument]:
    """The instruments whose usage this user records and reads: the ones they run."""
    return booking_permissions.staff_instruments(user)


def is_staff_of(user: Any, booking: Booking) -> bool:
    return booking_permissions.can_manage(user, booking.instrument)


def is_owner(user: Any, booking: Booking) -> bool:
    return booking_permissions.signed_in(user) and booking.user_id == user.pk


def in_user_window(booking: Booking, at: dt.datetime) -> bool:
    return booking.start - USER_EARLY <= at < booking.end + USER_LATE
