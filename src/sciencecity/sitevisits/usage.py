"""Usage of an allocated experiment: check-in and check-out of a team member at the allocated instrument,
recorded as an `accounting.UsageRecord` whose generic `experiment` link names the allocation (one record per
experiment and person), so the machine-hours count internal or external like a booking's.

The instrument's staff check any registered member in and out, at the time it happened; a member checks
themselves in at the instrument, from 15 minutes before the experiment's start to an hour after its end (the
booking windows, accounting.permissions). Only a person registered on site in the approved visit comes to
the instrument. The allocation's row is locked first, so two check-ins of one person queue.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sciencecity.accounting.models import UsageRecord
from sciencecity.accounting.permissions import USER_EARLY, USER_LATE
from sciencecity.accounts.models import User
from sciencecity.core.audit import audit_record
from sciencecity.core.errors import PermissionDenied, StateConflict
from sciencecity.proposals.permissions import is_member
from sciencecity.scheduling.models import Allocation
from sciencecity.sitevisits import permissions
from sciencecity.sitevisits.models import Visit, Visitor


def _locked(allocation: Allocation) -> Allocation:
    return (
        Allocation.objects.select_for_update()
        .select_related("instrument", "proposal")
        .get(pk=allocation.pk, run__published_at__isnull=False)
    )


def _record(allocation: Allocation, user: User) -> UsageRecord | None:
    return UsageRecord.objects.filter(
        experiment_type=ContentType.objects.get_for_model(Allocation), experiment_id=allocation.pk, user=user
    ).first()


def _moment(actor: Any, allocation: Allocation, at: dt.datetime | None, now: dt.datetime) -> dt.datetime:
    if at is None:
        return now
    if timezone.is_naive(at):
        raise ValidationError({"at": [_("Give the time with its UTC offset.")]})
    if at > now:
        raise ValidationError({"at": [_("A check-in or check-out cannot be recorded ahead of time.")]})
    if not permissions.is_experiment_staff(actor, allocation):
        raise PermissionDenied(_("Only the instrument's staff record a time other than now."))
    return at


def _require(actor: Any, allocation: Allocation, person: User, when: dt.datetime) -> None:
    staff = permissions.is_experiment_staff(actor, allocation)
    if not staff and not (is_member(actor, allocation.proposal) and person.pk == actor.pk):
        raise PermissionDenied(
            _("Only the instrument's staff, or a team member for themselves, check an experiment in and out.")
        )
    if not Visitor.objects.filter(
        visit__request_id=allocation.request_id,
        visit__status=Visit.Status.APPROVED,
        user=person,
        on_site=True,
    ).exists():
        raise StateConflict(_("Only a person registered on site in the approved visit uses the instrument."))
    if not staff and not (allocation.starts_at - USER_EARLY <= when < allocation.ends_at + USER_LATE):
        raise StateConflict(
            _(
                "You check in and out at the instrument, from 15 minutes before the experiment "
                "until an hour after it."
            )
        )


@transaction.atomic
def experiment_check_in(
    *,
    actor: Any,
    allocation: Allocation,
    person: User | None = None,
    at: dt.datetime | None = None,
    now: dt.datetime | None = None,
) -> UsageRecord:
    """`person` (the actor if not given) arrived at the instrument: the actual start is recorded."""
    now = now or timezone.now()
    allocation = _locked(allocation)
    person = person or actor
    when = _moment(actor, allocation, at, now)
    _require(actor, allocation, person, when)
    if _record(allocation, person) is not None:
        raise StateConflict(_("This person is already checked in to the experiment."))
    if when >= allocation.ends_at + USER_LATE:
        raise StateConflict(_("The experiment is over."))
    if when < allocation.starts_at - USER_EARLY:
        raise StateConflict(_("An experiment is checked in from 15 minutes before its start."))
    usage = UsageRecord(
        instrument=allocation.instrument,
        user=person,
        organisation_id=person.organisation_id,
        organisation_named=person.organisation_named if person.organisation_id is None else "",
        experiment=allocation,
        planned_start=allocation.starts_at,
        planned_end=allocation.ends_at,
        actual_start=when,
        recorded_by=actor,
    )
    usage.full_clean(validate_unique=False)
    usage.save()
    audit_record(actor=actor, target=usage, action="usage.experiment_check_in", to_state="checked_in")
    return usage


@transaction.atomic
def experiment_check_out(
    *,
    actor: Any,
    allocation: Allocation,
    person: User | None = None,
    at: dt.datetime | None = None,
    now: dt.datetime | None = None,
) -> UsageRecord:
    """`person` left the instrument: the actual end is recorded and the hours count."""
    now = now or timezone.now()
    allocation = _locked(allocation)
    person = person or actor
    when = _moment(actor, allocation, at, now)
    _require(actor, allocation, person, when)
    usage = _record(allocation, person)
    if usage is None or usage.actual_start is None:
        raise StateConflict(_("Check in before checking out."))
    if usage.actual_end is not None:
        raise StateConflict(_("This person is already checked out of the experiment."))
    if when <= usage.actual_start:
        raise ValidationError({"at": [_("The check-out comes after the check-in.")]})
    usage.actual_end, usage.recorded_by = when, actor
    usage.save(update_fields=["actual_end", "recorded_by", "updated_at"])
    audit_record(
        actor=actor,
        target=usage,
        action="usage.experiment_check_out",
        from_state="checked_in",
        to_state="checked_out",
    )
    return usage
