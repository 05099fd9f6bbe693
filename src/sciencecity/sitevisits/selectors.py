"""Reads on visits: the experiment a page is about, the safety officer's queue, training gaps, and the daily
site-access list. Permission selectors (permissions.py) say what a user may read; these start from them."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import QuerySet

from sciencecity.accounts.models import User
from sciencecity.proposals.models import Cycle, Member
from sciencecity.registry.models import Facility
from sciencecity.scheduling.models import Allocation
from sciencecity.sitevisits import permissions
from sciencecity.sitevisits.models import Visit, Visitor
from sciencecity.visits.models import Course
from sciencecity.visits.selectors import missing_courses

EARLY_ARRIVAL = dt.timedelta(days=3)  # a team may come this long before its first shift (set-up, training)
LATE_DEPARTURE = dt.timedelta(days=3)  # and stay this long after its last one


def experiment_for(user: Any, allocation_id: int) -> Allocation | None:
    """A published experiment the user may read, with what its pages show."""
    return (
        permissions.experiments_visible_to(user)
        .select_related("instrument__facility", "proposal__call__cycle__facility", "request")
        .filter(pk=allocation_id)
        .first()
    )


def visit_of(allocation: Allocation) -> Visit | None:
    return Visit.objects.filter(request_id=allocation.request_id).first()


def allocation_of(visit: Visit) -> Allocation | None:
    """The experiment's current dates: its request's allocation in the published schedule, if it has one."""
    return (
        Allocation.objects.filter(request_id=visit.request_id, run__published_at__isnull=False)
        .select_related("instrument__facility")
        .first()
    )


def visit_for(user: Any, visit_id: int) -> Visit | None:
    return (
        permissions.visits_visible_to(user)
        .select_related("proposal__call__cycle", "facility", "request", "decided_by")
        .filter(pk=visit_id)
        .first()
    )


def team_of(visit: Visit) -> QuerySet[User]:
    """The proposal's accepted members with an account: the people who may be registered."""
    return User.objects.filter(
        memberships__proposal_id=visit.proposal_id, memberships__status=Member.Status.ACCEPTED
    ).order_by("display_name", "username")


def visitors_of(visit: Visit) -> QuerySet[Visitor]:
    return visit.visitors.select_related("user__organisation").order_by("arrives_at", "pk")


def queue_for(user: Any) -> QuerySet[Visit]:
    """The visits awaiting a decision by this safety officer, oldest submission first."""
    return (
        Visit.objects.filter(facility__in=permissions.safety_facilities(user), status=Visit.Status.SUBMITTED)
        .select_related("proposal", "facility")
        .prefetch_related("request__allocations__instrument")
        .order_by("submitted_at", "pk")
    )


def recent_decisions_for(user: Any, limit: int = 20) -> QuerySet[Visit]:
    return (
        Visit.objects.filter(
            facility__in=permissions.safety_facilities(user),
            status__in=(Visit.Status.APPROVED, Visit.Status.CHANGES_REQUESTED),
        )
        .select_related("proposal", "facility", "decided_by")
        .order_by("-decided_at", "-pk")[:limit]
    )


@dataclass(frozen=True)
class TrainingGap:
    visitor: Visitor
    courses: list[Course]


def training_gaps(visit: Visit, allocation: Allocation | None = None) -> list[TrainingGap]:
    """Each on-site visitor lacking a required course valid over all of their days on site."""
    allocation = allocation or allocation_of(visit)
    if allocation is None:
        return []
    gaps = []
    for visitor in visitors_of(visit).filter(on_site=True):
        courses = missing_courses(
            visitor.user, allocation.instrument, start=visitor.arrives_at, end=visitor.departs_at
        )
        if courses:
            gaps.append(TrainingGap(visitor, courses))
    return gaps


def facility_zone(facility: Facility) -> zoneinfo.ZoneInfo:
    """The facility's time: that of its latest cycle (cycles name their zone), else the site's."""
    name = (
        Cycle.objects.filter(facility=facility)
        .order_by("-starts_on")
        .values_list("time_zone", flat=True)
        .first()
    )
    return zoneinfo.ZoneInfo(name or settings.TIME_ZONE)


@dataclass(frozen=True)
class SiteAccessRow:
    visitor: Visitor
    visit: Visit
    allocation: Allocation | None
    training_ok: bool
    missing: list[Course]


def day_bounds(facility: Facility, day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    zone = facility_zone(facility)
    start = dt.datetime.combine(day, dt.time(), tzinfo=zone)
    return start, dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), tzinfo=zone)


def site_access(facility: Facility, day: dt.date) -> list[SiteAccessRow]:
    """Approved visitors on site at the facility at some time of `day` (the facility's time), by arrival."""
    start, end = day_bounds(facility, day)
    visitors = (
        Visitor.objects.filter(
            visit__facility=facility,
            visit__status=Visit.Status.APPROVED,
            on_site=True,
            arrives_at__lt=end,
            departs_at__gt=start,
        )
        .select_related("user__organisation", "visit__proposal")
        .prefetch_related("visit__request__allocations__instrument")
        .order_by("arrives_at", "user__display_name", "pk")
    )
    rows = []
    for visitor in visitors:
        allocation = next(
            iter(visitor.visit.request.allocations.all()), None
        )  # only the published run has any
        missing = (
            missing_courses(
                visitor.user, allocation.instrument, start=visitor.arrives_at, end=visitor.departs_at
            )
            if allocation is not None
            else []
        )
        rows.append(SiteAccessRow(visitor, visitor.visit, allocation, not missing, missing))
    return rows
