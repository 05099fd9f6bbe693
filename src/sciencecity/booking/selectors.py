"""Reads on bookings: an instrument's free and taken slots, one's own bookings, the staff queue."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from sciencecity.booking import permissions, rules
from sciencecity.booking.models import Booking, BookingRule, WaitlistEntry
from sciencecity.registry.models import Instrument

MAX_CALENDAR_DAYS = 31


@dataclass(frozen=True)
class Slot:
    start: dt.datetime
    end: dt.datetime
    state: str  # "free" (bookable now), "taken" (an active booking) or "unavailable" (closed to booking)
    mine: bool = False  # taken by the viewer
    booking_id: int | None = None  # the viewer's booking, when mine
    pending: bool = False  # the viewer's booking still awaits approval


def bookable_instrument(slug: str) -> Instrument | None:
    return (
        Instrument.objects.filter(slug=slug, access_mode=Instrument.AccessMode.BOOKING)
        .select_related("facility", "booking_rule")
        .first()
    )


def rule_for(instrument: Instrument) -> BookingRule:
    """The instrument's rule, or the default rule (unsaved) while staff have set none."""
    rule = BookingRule.objects.filter(instrument=instrument).first()
    return rule if rule is not None else BookingRule(instrument=instrument)


def active_bookings(instrument: Instrument, start: dt.datetime, end: dt.datetime) -> QuerySet[Booking]:
    return Booking.objects.filter(
        instrument=instrument, status__in=Booking.ACTIVE, start__lt=end, end__gt=start
    ).order_by("start")


def slots(
    instrument: Instrument,
    start: dt.datetime,
    end: dt.datetime,
    *,
    viewer: Any = None,
    now: dt.datetime | None = None,
) -> list[Slot]:
    """The instrument's slots in [start, end) within its opening hours, each free, taken or unavailable."""
    rule = rule_for(instrument)
    now = now or timezone.now()
    periods = rules.periods_of(rule) if rule.pk else []
    opening = rules.open_intervals(rule, periods, start, end)
    bookings = list(active_bookings(instrument, start, end))
    blackouts = list(rule.blackouts.filter(start__lt=end, end__gt=start)) if rule.pk else []
    earliest = now + dt.timedelta(minutes=rule.lead_minutes)
    latest = now + dt.timedelta(days=rule.horizon_days)
    step = dt.timedelta(minutes=rule.slot_minutes)
    viewer_id = getattr(viewer, "pk", None) if permissions.signed_in(viewer) else None
    found = []
    for lo, hi in opening:
        for moment in rules.slot_starts(rule, max(lo, start), min(hi, end)):
            slot_end = moment + step
            if slot_end > min(hi, end):
                break
            taker = next((b for b in bookings if b.start < slot_end and moment < b.end), None)
            if taker is not None:
                mine = viewer_id is not None and taker.user_id == viewer_id
                pending = mine and taker.status == Booking.Status.REQUESTED
                found.append(Slot(moment, slot_end, "taken", mine, taker.pk if mine else None, pending))
            elif (
                moment < earliest
                or moment > latest
                or any(b.start < slot_end and moment < b.end for b in blackouts)
            ):
                found.append(Slot(moment, slot_end, "unavailable"))
            else:
                found.append(Slot(moment, slot_end, "free"))
    return found


def bookings_of(user: Any) -> QuerySet[Booking]:
    """The user's own bookings, the latest start first."""
    if not permissions.signed_in(user):
        return Booking.objects.none()
    return (
        Booking.objects.filter(user=user)
        .select_related("instrument__facility", "instrument__booking_rule")
        .order_by("-start", "-pk")
    )


def booking_for(user: Any, pk: int) -> Booking | None:
    """A booking the user may read (their own, or one of an instrument they run); None otherwise."""
    return (
        permissions.bookings_visible_to(user)
        .select_related("instrument__booking_rule", "user")
        .filter(pk=pk)
        .first()
    )


def queue_for(user: Any) -> QuerySet[Booking]:
    """Requests awaiting approval on the instruments the user runs, the soonest first."""
    return (
        Booking.objects.filter(
            instrument__in=permissions.staff_instruments(user), status=Booking.Status.REQUESTED
        )
        .select_related("instrument", "user")
        .order_by("start", "pk")
    )


def upcoming_for_staff(user: Any, now: dt.datetime | None = None) -> QuerySet[Booking]:
    now = now or timezone.now()
    return (
        Booking.objects.filter(
            instrument__in=permissions.staff_instruments(user), status=Booking.Status.CONFIRMED, end__gt=now
        )
        .select_related("instrument", "user")
        .order_by("start", "pk")[:50]
    )


def waitlist_of(user: Any) -> QuerySet[WaitlistEntry]:
    if not permissions.signed_in(user):
        return WaitlistEntry.objects.none()
    return (
        WaitlistEntry.objects.filter(user=user, status__in=WaitlistEntry.OPEN)
        .select_related("instrument")
        .order_by("start")
    )


def waitlist_entry_for(user: Any, pk: int) -> WaitlistEntry | None:
    if not permissions.signed_in(user):
        return None
    return WaitlistEntry.objects.filter(user=user, pk=pk).select_related("instrument").first()


def feed_bookings(instrument: Instrument, now: dt.datetime | None = None) -> QuerySet[Booking]:
    """What the instrument's calendar feed shows: active bookings from a week ago to the horizon."""
    now = now or timezone.now()
    return Booking.objects.filter(
        instrument=instrument, status__in=Booking.ACTIVE, end__gt=now - dt.timedelta(days=7)
    ).order_by("start", "pk")
