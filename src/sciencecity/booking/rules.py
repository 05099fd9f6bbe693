"""The rules of one instrument, judged in its own time zone: slots, length, lead time, opening hours, weeks.

Bookings are stored in UTC; everything a rule says about a clock (opening at 09:00, slots on the half hour,
a week from Monday 00:00) is read on the instrument's wall clock, so a booking keeps its meaning for a
viewer anywhere and across a daylight-saving change. Lengths are real elapsed time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from sciencecity.booking.models import BookingRule, OpeningPeriod

Interval = tuple[dt.datetime, dt.datetime]
MIDNIGHT = dt.time(0, 0)


@dataclass(frozen=True)
class Period:
    """An opening period, detached from the database (a rule's periods are read once per check)."""

    weekday: int
    opens: dt.time
    closes: dt.time


def periods_of(rule: BookingRule) -> list[Period]:
    return [Period(p.weekday, p.opens, p.closes) for p in rule.opening_periods.all()]


def local_minutes(moment: dt.datetime, rule: BookingRule) -> float:
    """Minutes since local midnight on the instrument's wall clock."""
    local = timezone.localtime(moment, rule.zone)
    return local.hour * 60 + local.minute + local.second / 60 + local.microsecond / 60e6


def on_slot_boundary(moment: dt.datetime, rule: BookingRule) -> bool:
    minutes = local_minutes(moment, rule)
    return minutes == int(minutes) and int(minutes) % rule.slot_minutes == 0


def _at(day: dt.date, clock: dt.time, rule: BookingRule) -> dt.datetime:
    return dt.datetime.combine(day, clock, tzinfo=rule.zone)


def open_intervals(
    rule: BookingRule, periods: list[Period], start: dt.datetime, end: dt.datetime
) -> list[Interval]:
    """The instrument's opening times around [start, end), periods that meet joined into one interval.

    No periods at all: open around the clock.
    """
    if not periods:
        return [(start, end)]
    first = timezone.localtime(start, rule.zone).date() - dt.timedelta(days=1)
    last = timezone.localtime(end, rule.zone).date() + dt.timedelta(days=1)
    intervals: list[Interval] = []
    day = first
    while day <= last:
        for period in periods:
            if period.weekday != day.weekday():
                continue
            closing_day = day + dt.timedelta(days=1) if period.closes == MIDNIGHT else day
            opened, closed = _at(day, period.opens, rule), _at(closing_day, period.closes, rule)
            if closed > opened:
                intervals.append((opened.astimezone(dt.UTC), closed.astimezone(dt.UTC)))
        day += dt.timedelta(days=1)
    return merged(intervals)


def merged(intervals: Iterable[Interval]) -> list[Interval]:
    joined: list[Interval] = []
    for lo, hi in sorted(intervals):
        if joined and lo <= joined[-1][1]:
            joined[-1] = (joined[-1][0], max(joined[-1][1], hi))
        else:
            joined.append((lo, hi))
    return joined


def within_opening_hours(
    rule: BookingRule, periods: list[Period], start: dt.datetime, end: dt.datetime
) -> bool:
    return any(lo <= start and end <= hi for lo, hi in open_intervals(rule, periods, start, end))


def week_of(rule: BookingRule, moment: dt.datetime) -> Interval:
    """The local week (Monday 00:00 to the next Monday 00:00, on the instrument's clock) holding `moment`."""
    local_day = timezone.localtime(moment, rule.zone).date()
    monday = local_day - dt.timedelta(days=local_day.weekday())
    return _at(monday, MIDNIGHT, rule), _at(monday + dt.timedelta(days=7), MIDNIGHT, rule)


def weeks_touched(rule: BookingRule, start: dt.datetime, end: dt.datetime) -> Iterator[Interval]:
    week = week_of(rule, start)
    while week[0] < end:
        yield week
        week = week_of(rule, week[1])


def overlap_minutes(a: Interval, b: Interval) -> float:
    lo, hi = max(a[0], b[0]).astimezone(dt.UTC), min(a[1], b[1]).astimezone(dt.UTC)
    return max(0.0, (hi - lo).total_seconds() / 60)


def slot_starts(rule: BookingRule, start: dt.datetime, end: dt.datetime) -> Iterator[dt.datetime]:
    """Every slot boundary in [start, end), stepping real time and keeping local boundaries."""
    moment = start.astimezone(dt.UTC).replace(second=0, microsecond=0)
    if moment < start:
        moment += dt.timedelta(minutes=1)
    while moment < end and not on_slot_boundary(moment, rule):
        moment += dt.timedelta(minutes=1)
    step = dt.timedelta(minutes=rule.slot_minutes)
    while moment < end:
        yield moment
        moment += step
        if not on_slot_boundary(moment, rule):  # a daylight-saving change of less than a slot: realign
            while moment < end and not on_slot_boundary(moment, rule):
                moment += dt.timedelta(minutes=1)


def rule_problems(
    rule: BookingRule, periods: list[Period], start: dt.datetime, end: dt.datetime, now: dt.datetime
) -> dict[str, list[str]]:
    """Every rule the time [start, end) breaks, by the field it concerns (empty: none)."""
    problems: dict[str, list[str]] = {}
    start, end = start.astimezone(dt.UTC), end.astimezone(dt.UTC)  # elapsed time, not wall-clock time

    def refuse(field: str, message: str) -> None:
        problems.setdefault(field, []).append(message)

    if end <= start:
        refuse("end", _("A booking ends after it starts."))
        return problems
    zone_name = rule.time_zone
    slot = rule.slot_minutes
    if not on_slot_boundary(start, rule):
        refuse(
            "start",
            _("Bookings start on %(slot)s-minute steps (%(zone)s).") % {"slot": slot, "zone": zone_name},
        )
    if not on_slot_boundary(end, rule):
        refuse(
            "end", _("Bookings end on %(slot)s-minute steps (%(zone)s).") % {"slot": slot, "zone": zone_name}
        )
    minutes = (end - start).total_seconds() / 60
    if minutes < rule.min_minutes:
        refuse("end", _("A booking lasts at least %(n)s minutes.") % {"n": rule.min_minutes})
    if minutes > rule.max_minutes:
        refuse("end", _("A booking lasts at most %(n)s minutes.") % {"n": rule.max_minutes})
    if start < now + dt.timedelta(minutes=rule.lead_minutes):
        refuse(
            "start",
            _("Book at least %(n)s minutes before the start.") % {"n": rule.lead_minutes}
            if start >= now
            else _("That time has passed."),
        )
    if start > now + dt.timedelta(days=rule.horizon_days):
        refuse("start", _("Bookings open %(n)s days ahead at most.") % {"n": rule.horizon_days})
    if problems:  # the opening hours are read day by day: only for a time the rules above bound
        return problems
    if not within_opening_hours(rule, periods, start, end):
        refuse(
            "start",
            _("The instrument is not open for the whole of that time (%(zone)s).") % {"zone": zone_name},
        )
    return problems


def opening_summary(periods: Iterable[OpeningPeriod | Period]) -> list[tuple[int, str]]:
    """(weekday, "09:00-18:00, 19:00-24:00") per weekday that has periods."""
    days: dict[int, list[str]] = {}
    for p in sorted(periods, key=lambda p: (p.weekday, p.opens)):
        closes = "24:00" if p.closes == MIDNIGHT else f"{p.closes:%H:%M}"
        days.setdefault(p.weekday, []).append(f"{p.opens:%H:%M}\N{EN DASH}{closes}")
    return [(day, ", ".join(spans)) for day, spans in sorted(days.items())]
