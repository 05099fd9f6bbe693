"""Who enters training records for which courses: the staff of the instrument or facility the course is for.

- An instrument scientist (RoleGrant for an instrument) enters records of that instrument's courses and of
  its facility's courses (the safety briefing comes with the instrument's induction).
- A facility manager (for the facility, or for the organisation that operates it) enters records of every
  course of that facility and its instruments, and of the general courses.
- The platform operator and superusers enter every course; nobody else enters any.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from sciencecity.accounts.models import RoleGrant
from sciencecity.core.roles import Role
from sciencecity.registry.models import Facility, Instrument
from sciencecity.visits.models import Course


def _signed_in(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def managed_facilities(user: Any) -> QuerySet[Facility]:
    """Facilities the user manages (facility manager by facility or by operator organisation)."""
    if not _signed_in(user):
        return Facility.objects.none()
    if user.is_superuser or RoleGrant.objects.filter(user=user, role=Role.PLATFORM_OPERATOR).exists():
        return Facility.objects.all()
    grants = RoleGrant.objects.filter(user=user, role=Role.FACILITY_MANAGER)
    return Facility.objects.filter(
        Q(pk__in=grants.values("facility_id")) | Q(operator_id__in=grants.values("organisation_id"))
    )


def staffed_instruments(user: Any) -> QuerySet[Instrument]:
    """Instruments the user is staff of: their own (instrument scientist) and their managed facilities'."""
    if not _signed_in(user):
        return Instrument.objects.none()
    own = RoleGrant.objects.filter(user=user, role=Role.INSTRUMENT_SCIENTIST).values("instrument_id")
    return Instrument.objects.filter(Q(pk__in=own) | Q(facility__in=managed_facilities(user)))


def is_training_staff(user: Any) -> bool:
    return staffed_instruments(user).exists() or (_signed_in(user) and managed_facilities(user).exists())


def courses_enterable_by(user: Any) -> QuerySet[Course]:
    """The courses whose records this user may enter; the pages, the CSV import and the admin ask this."""
    if not _signed_in(user):
        return Course.objects.none()
    managed = managed_facilities(user)
    instruments = staffed_instruments(user)
    scope = (
        Q(scope=Course.Scope.INSTRUMENT, instrument__in=instruments)
        | Q(scope=Course.Scope.FACILITY, facility__in=managed)
        | Q(scope=Course.Scope.FACILITY, facility__instruments__in=instruments)
    )
    if managed.exists():
        scope |= Q(scope=Course.Scope.GENERAL)
    return Course.objects.filter(pk__in=Course.objects.filter(scope).values("pk"))


def can_enter_training(user: Any, course: Course) -> bool:
    return courses_enterable_by(user).filter(pk=course.pk).exists()
