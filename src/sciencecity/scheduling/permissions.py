"""Who may do what with a cycle's schedule.

- A cycle's allocation (calendar, runs, problems, pins, publication) is the work of its facility's user
  office: a user-office RoleGrant for the facility, or for the organisation that operates it.
- A published schedule is read in full by that officer, row by row by the instrument scientists of its
  instruments, and by the accepted members of a proposal for their own proposal's dates.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from sciencecity.accounts.models import RoleGrant
from sciencecity.core.roles import Role
from sciencecity.proposals.models import Cycle, Member
from sciencecity.proposals.permissions import scientist_instruments
from sciencecity.registry.models import Facility


def _signed_in(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def allocating_facilities(user: Any) -> QuerySet[Facility]:
    """The facilities whose cycles this user allocates (user office, by facility or by operator)."""
    if not _signed_in(user):
        return Facility.objects.none()
    if user.is_superuser:
        return Facility.objects.all()
    grants = RoleGrant.objects.filter(user=user, role=Role.USER_OFFICE)
    return Facility.objects.filter(
        Q(pk__in=grants.values("facility_id")) | Q(operator_id__in=grants.values("organisation_id"))
    )


def cycles_allocated_by(user: Any) -> QuerySet[Cycle]:
    return Cycle.objects.filter(facility__in=allocating_facilities(user))


def can_allocate(user: Any, cycle: Cycle) -> bool:
    """Start, read, cancel and publish the cycle's runs; edit its calendar and pins."""
    return cycles_allocated_by(user).filter(pk=cycle.pk).exists()


def schedule_filter(user: Any) -> Q:
    """The published allocations (scheduling.Allocation) this user may read, as a filter."""
    if not _signed_in(user):
        return Q(pk__in=[])
    return (
        Q(run__cycle__facility__in=allocating_facilities(user))
        | Q(instrument__in=scientist_instruments(user))
        | Q(proposal__members__user=user, proposal__members__status=Member.Status.ACCEPTED)
    )
