"""Who may see and do what with visits: the proposal's team, the facility's safety officers, its office.

- The accepted members of the proposal (proposals.permissions.is_member) open the visit of their experiment,
  register, declare samples and fill in the safety form while it is a draft or changes were asked, and submit.
- A safety officer (RoleGrant `safety_officer` for the facility, or for the organisation operating it)
  reads the facility's visits, approves them or asks for changes. Nobody else decides, not even the team.
- The facility's user office and facility managers read its visits and its daily site-access list, as the
  safety officers do.
- Usage of an experiment is recorded by the allocated instrument's staff (its instrument scientists and the
  facility's managers) or by a team member for themselves at the instrument.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from sciencecity.accounts.models import RoleGrant
from sciencecity.core.roles import Role
from sciencecity.proposals.models import Member
from sciencecity.proposals.permissions import is_member
from sciencecity.registry.models import Facility, Instrument
from sciencecity.scheduling.models import Allocation
from sciencecity.sitevisits.models import Visit

SITE_LIST_ROLES = (Role.SAFETY_OFFICER, Role.USER_OFFICE, Role.FACILITY_MANAGER)


def signed_in(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def _facilities_for(user: Any, roles: tuple[Role, ...]) -> QuerySet[Facility]:
    if not signed_in(user):
        return Facility.objects.none()
    if user.is_superuser:
        return Facility.objects.all()
    grants = RoleGrant.objects.filter(user=user, role__in=roles)
    return Facility.objects.filter(
        Q(pk__in=grants.values("facility_id")) | Q(operator_id__in=grants.values("organisation_id"))
    )


def safety_facilities(user: Any) -> QuerySet[Facility]:
    """The facilities whose visits this user approves."""
    return _facilities_for(user, (Role.SAFETY_OFFICER,))


def site_list_facilities(user: Any) -> QuerySet[Facility]:
    """The facilities whose visits and site-access list this user reads."""
    return _facilities_for(user, SITE_LIST_ROLES)


def visits_visible_to(user: Any) -> QuerySet[Visit]:
    """Every visit this user may read: their team's, and those of the facilities they look after."""
    if not signed_in(user):
        return Visit.objects.none()
    mine = Q(proposal__members__user=user, proposal__members__status=Member.Status.ACCEPTED)
    ids = Visit.objects.filter(mine | Q(facility__in=site_list_facilities(user))).values("pk")
    return Visit.objects.filter(pk__in=ids)


def experiments_visible_to(user: Any) -> QuerySet[Allocation]:
    """Published experiments this user may open a visit page of: their team's, their facilities'."""
    if not signed_in(user):
        return Allocation.objects.none()
    mine = Q(proposal__members__user=user, proposal__members__status=Member.Status.ACCEPTED)
    staff = Q(proposal__call__cycle__facility__in=site_list_facilities(user)) | Q(
        instrument__in=instrument_staff_of(user)
    )
    ids = Allocation.objects.filter(run__published_at__isnull=False).filter(mine | staff).values("pk")
    return Allocation.objects.filter(pk__in=ids)


def can_edit_visit(user: Any, visit: Visit) -> bool:
    return visit.is_editable and is_member(user, visit.proposal)


def can_decide_visit(user: Any, visit: Visit) -> bool:
    return safety_facilities(user).filter(pk=visit.facility_id).exists()


def can_read_site_list(user: Any, facility: Facility) -> bool:
    return site_list_facilities(user).filter(pk=facility.pk).exists()


def instrument_staff_of(user: Any) -> QuerySet[Instrument]:
    """Instruments whose experiments this user checks in and out: their own and their managed facilities'."""
    if not signed_in(user):
        return Instrument.objects.none()
    if user.is_superuser:
        return Instrument.objects.all()
    grants = RoleGrant.objects.filter(user=user)
    managers = grants.filter(role=Role.FACILITY_MANAGER)
    return Instrument.objects.filter(
        Q(pk__in=grants.filter(role=Role.INSTRUMENT_SCIENTIST).values("instrument_id"))
        | Q(facility_id__in=managers.values("facility_id"))
        | Q(facility__operator_id__in=managers.values("organisation_id"))
    )


def is_experiment_staff(user: Any, allocation: Allocation) -> bool:
    return instrument_staff_of(user).filter(pk=allocation.instrument_id).exists()
