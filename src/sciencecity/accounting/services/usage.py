"""Writes on usage: check-in, check-out and no-show of a booking, each in one transaction, audited.

The booking's row is locked first, so two check-ins of one booking queue and the second sees the first; the
one-to-one link to the booking refuses a second record whatever wrote it. Answers: the actor's role a
`PermissionDenied` (403), the booking's or record's state a `StateConflict` (409), a bad time a
`ValidationError` (422).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sciencecity.accounting import permissions
from sciencecity.accounting.models import UsageRecord
from sciencecity.booking.models import Booking
from sciencecity.core.audit import audit_record
from sciencecity.core.errors import PermissionDenied, StateConflict


def _moment(actor: Any, booking: Booking, at: dt.datetime | None, now: dt.datetime) -> dt.datetime:
    """When it happened: now, or (staff only) an earlier time they record after the fact."""
    if at is None:
        return now
    if timezone.is_naive(at):
        raise ValidationError({"at": [_("Give the time with its UTC offset.")]})
    if at > now:
        raise ValidationError({"at": [_("A check-in or check-out cannot be recorded ahead of time.")]})
    if not permissions.is_staff_of(actor, booking):
        raise PermissionDenied(_("Only the instrument's staff record a time other than now."))
    return at


def _locked(booking: Booking) -> tuple[Booking, UsageRecord | None]:
    booking = Booking.objects.select_for_update().select_related("instrument", "user").get(pk=booking.pk)
    return booking, UsageRecord.objects.filter(booking=booking).first()


def _new_record(actor: Any, booking: Booking, **state: Any) -> UsageRecord:
    """The booking's usage record, with the user's organisation as it is today (their legal entity then)."""
    user = booking.user
    usage = UsageRecord(
        instrument=booking.instrument,
        user=user,
        organisation_id=user.organisation_id,
        organisation_named=user.organisation_named if user.organisation_id is None else "",
        booking=booking,
        planned_start=booking.start,
        planned_end=booking.end,
        recorded_by=actor,
        **state,
    )
    usage.full_clean(validate_unique=False)
    usage.save()
    return usage


def _require_actor(actor: Any, booking: Booking, at: dt.datetime) -> None:
    if permissions.is_staff_of(actor, booking):
        return
    if not permissions.is_owner(actor, booking):
        raise PermissionDenied(_("Only the instrument's staff or the booking's user check it in and out."))
    if not permissions.in_user_window(booking, at):
        raise StateConflict(
            _(
                "You check in and out at the instrument, from 15 minutes before the booking "
                "until an hour after it."
            )
        )


@transaction.atomic
def usage_check_in(
    *, actor: Any, booking: Booking, at: dt.datetime | None = None, now: dt.datetime | None = None
) -> UsageRecord:
    """The user arrived at the instrument for a confirmed booking: the actual start is recorded."""
    now = now or timezone.now()
    booking, usage = _locked(booking)
    when = _moment(actor, booking, at, now)
    _require_actor(actor, booking, when)
    if booking.status != Booking.Status.CONFIRMED:
        raise StateConflict(
            _("Only a confirmed booking is checked in; this one is %(status)s.")
            % {"status": booking.get_status_display()}
        )
    if usage is not None:
        raise StateConflict(
            _("This booking was marked a no-show.")
            if usage.no_show
            else _("This booking is already checked in.")
        )
    if when >= booking.end + permissions.USER_LATE:
        raise StateConflict(_("The booking is over; mark it a no-show instead."))
    if when < booking.start - permissions.USER_EARLY:  # staff too: nobody starts a booking long before it
        raise StateConflict(_("A booking is checked in from 15 minutes before its start."))
    usage = _new_record(actor, booking, actual_start=when)
    audit_record(actor=actor, target=usage, action="usage.check_in", to_state="checked_in")
    return usage


@transaction.atomic
def usage_check_out(
    *, actor: Any, booking: Booking, at: dt.datetime | None = None, now: dt.datetime | None = None
) -> UsageRecord:
    """The user left: the actual end is recorded and the hours count."""
    now = now or timezone.now()
    booking, usage = _locked(booking)
    when = _moment(actor, booking, at, now)
    _require_actor(actor, booking, when)
    if usage is None or usage.no_show:
        raise StateConflict(_("Check the booking in before checking it out."))
    if usage.actual_end is not None:
        raise StateConflict(_("This booking is already checked out."))
    assert usage.actual_start is not None  # noqa: S101 - a record without no-show was made by check-in
    if when <= usage.actual_start:
        raise ValidationError({"at": [_("The check-out comes after the check-in.")]})
    usage.actual_end = when
    usage.recorded_by = actor
    usage.save(update_fields=["actual_end", "recorded_by", "updated_at"])
    audit_record(
        actor=actor, target=usage, action="usage.check_out", from_state="checked_in", to_state="checked_out"
    )
    return usage


@transaction.atomic
def usage_mark_no_show(*, actor: Any, booking: Booking, now: dt.datetime | None = None) -> UsageRecord:
    """Staff record that nobody came to a confirmed booking; it counts no hours."""
    now = now or timezone.now()
    booking, usage = _locked(booking)
    if not permissions.is_staff_of(actor, booking):
        raise PermissionDenied(_("Only the instrument's staff mark a no-show."))
    if booking.status != Booking.Status.CONFIRMED:
        raise StateConflict(
            _("Only a confirmed booking can be a no-show; this one is %(status)s.")
            % {"status": booking.get_status_display()}
        )
    if usage is not None:
        raise StateConflict(
            _("This booking is already marked a no-show.") if usage.no_show else _("The user checked in.")
        )
    if now < booking.start:
        raise StateConflict(_("A booking becomes a no-show only once it has started."))
    usage = _new_record(actor, booking, no_show=True)
    audit_record(actor=actor, target=usage, action="usage.no_show", to_state="no_show")
    return usage
