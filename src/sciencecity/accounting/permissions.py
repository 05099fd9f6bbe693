"""Who records usage: the instrument's staff (booking.permissions), and the user for their own booking.

- Staff of the instrument (its instrument scientists and facility managers) check any of its bookings in and
  out, at the time it happened, and mark no-shows; they read the instrument's usage figures.
- A user checks in and out of their own confirmed booking, at the instrument, during its time window
  (USER_EARLY before its start until USER_LATE after its end); they never mark a no-show.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet

from sciencecity.accounting.models import Invoice
from sciencecity.accounts.models import RoleGrant
from sciencecity.booking import permissions as booking_permissions
from sciencecity.booking.models import Booking
from sciencecity.core.roles import Role
from sciencecity.registry.models import Instrument, Organisation

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


# --- Billing ---
# A provider's invoices are kept by its facility managers and user-office officers (a grant for one of
# the facilities it operates, or for the organisation itself); a customer's invoices are read by the people
# of that organisation. Nobody else sees an invoice: a page or the API answers 404.

BILLING_ROLES = (Role.FACILITY_MANAGER, Role.USER_OFFICE)


def billed_providers(user: Any) -> QuerySet[Organisation]:
    """The organisations whose invoices this user keeps."""
    if not booking_permissions.signed_in(user):
        return Organisation.objects.none()
    operators = Organisation.objects.filter(facilities_operated__isnull=False)
    if user.is_superuser:
        return operators.distinct()
    grants = RoleGrant.objects.filter(user=user, role__in=BILLING_ROLES)
    return Organisation.objects.filter(
        Q(pk__in=grants.filter(organisation__isnull=False).values("organisation_id"))
        | Q(facilities_operated__in=grants.filter(facility__isnull=False).values("facility_id"))
    ).distinct()


def can_bill(user: Any, provider: Organisation) -> bool:
    return billed_providers(user).filter(pk=provider.pk).exists()


def invoices_visible_to(user: Any) -> QuerySet[Invoice]:
    """Invoices of the providers the user keeps, and of the user's own organisation as customer."""
    if not booking_permissions.signed_in(user):
        return Invoice.objects.none()
    mine = Q(provider__in=billed_providers(user))
    if user.organisation_id:
        mine |= Q(customer_id=user.organisation_id)
    return Invoice.objects.filter(mine)


def is_provider_side(user: Any, invoice: Invoice) -> bool:
    return can_bill(user, invoice.provider)
