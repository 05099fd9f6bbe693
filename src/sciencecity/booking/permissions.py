"""Who may do what with bookings: the instrument's staff, and each user with their own bookings.

Staff of a booking instrument are its instrument scientists (a RoleGrant for that instrument) and the
managers of its facility (a grant for the facility, or for the organisation that operates it); superusers
and the platform operator may act everywhere. Staff edit the instrument's rules, approve and decline its
bookings and cancel any of them; everyone else sees only their own bookings and the free/taken calendar.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from sciencecity.accounts.models import RoleGrant, User
from sciencecity.booking.models import Booking, WaitlistEntry
from sciencecity.core.roles import Role
from sciencecity.registry.models import Instrument


def signed_in(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def staff_instruments(user: Any) -> QuerySet[Instrument]:
    """The booking instruments whose bookings and rules this user manages."""
    bookable = Instrument.objects.filter(access_mode=Instrument.AccessMode.BOOKING)
    if not signed_in(user):
        return bookable.none()
    grants = RoleGrant.objects.filter(user=user)
    if user.is_superuser or grants.filter(role=Role.PLATFORM_OPERATOR).exists():
        return bookable
    managers = grants.filter(role=Role.FACILITY_MANAGER)
    scientists = grants.filter(role=Role.INSTRUMENT_SCIENTIST)
    return bookable.filter(
        Q(pk__in=scientists.values("instrument_id"))
        | Q(facility_id__in=managers.values("facility_id"))
        | Q(facility__operator_id__in=managers.values("organisation_id"))
    )


def staff_of(instrument: Instrument) -> QuerySet[User]:
    """The people told of a booking awaiting approval: its instrument scientists and facility managers."""
    grants = RoleGrant.objects.filter(
        Q(role=Role.INSTRUMENT_SCIENTIST, instrument=instrument)
        | Q(role=Role.FACILITY_MANAGER, facility_id=instrument.facility_id)
        | Q(
            role=Role.FACILITY_MANAGER,
            organisation_id=instrument.facility.operator_id,
            organisation__isnull=False,
        )
    )
    return User.objects.filter(is_active=True, pk__in=grants.values("user_id")).order_by("pk")


def can_manage(user: Any, instrument: Instrument) -> bool:
    return staff_instruments(user).filter(pk=instrument.pk).exists()


def bookings_visible_to(user: Any) -> QuerySet[Booking]:
    """Bookings the user may read with the owner's name: their own and those of instruments they run."""
    if not signed_in(user):
        return Booking.objects.none()
    return Booking.objects.filter(Q(user=user) | Q(instrument__in=staff_instruments(user)))


def can_cancel(user: Any, booking: Booking) -> bool:
    """Owners cancel their own (before the deadline, a rule the service checks); staff cancel any."""
    return signed_in(user) and (booking.user_id == user.pk or can_manage(user, booking.instrument))


def can_answer_offer(user: Any, entry: WaitlistEntry) -> bool:
    return signed_in(user) and entry.user_id == user.pk
