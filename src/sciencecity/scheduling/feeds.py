"""iCalendar feeds (RFC 5545, `icalendar`) of published schedules: per instrument, per facility, per person.

Instrument and facility feeds are public, as facilities publish their beam-time schedules: the machine
calendar and each allocation by proposal reference only. A person's feed sits behind a secret token (one
that can be rotated) and names their own proposals' titles. Events carry the cycle's time zone (with its
VTIMEZONE); an allocation keeps one UID per request, with SEQUENCE rising at each publication, so a calendar
client moves the event instead of doubling it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Q
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event

from sciencecity.accounts.models import User
from sciencecity.registry.models import Facility, Instrument
from sciencecity.scheduling import selectors, shifts
from sciencecity.scheduling.models import Allocation, CalendarBlock, CalendarFeed

PRODID = "-//Science City//Schedules//EN"
DOMAIN = "sciencecity"


def _calendar(name: str) -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    return cal


def _allocation_event(a: Allocation, *, detailed: bool) -> Event:
    cycle = a.run.cycle
    zone = shifts.zone(cycle)
    event = Event()
    event.add("uid", f"request-{a.request_id}@{DOMAIN}")
    event.add("sequence", a.run.pk)
    event.add("dtstamp", a.run.published_at or timezone.now())
    event.add("dtstart", a.starts_at.astimezone(zone))
    event.add("dtend", a.ends_at.astimezone(zone))
    summary = f"{a.instrument.code}: {a.proposal.reference}"
    event.add("summary", f"{summary} {a.proposal.title}" if detailed else summary)
    event.add("location", f"{cycle.facility.code} {a.instrument.code}")
    event.add("categories", ["beam time"])
    if detailed:
        event.add(
            "description", f"{a.proposal.title}\n{a.request_key}, {a.shifts} shifts, cycle {cycle.name}"
        )
    return event


def _block_event(block: CalendarBlock) -> Event:
    zone = shifts.zone(block.cycle)
    event = Event()
    event.add("uid", f"calendar-block-{block.pk}@{DOMAIN}")
    event.add("dtstamp", block.updated_at)
    event.add("dtstart", block.starts_at.astimezone(zone))
    event.add("dtend", block.ends_at.astimezone(zone))
    where = block.instrument.code if block.instrument is not None else block.cycle.facility.code
    event.add("summary", f"{where}: {block.get_kind_display()}")
    event.add("transp", "OPAQUE")
    event.add("categories", [str(block.kind)])
    return event


def _finish(cal: Calendar, events: Iterable[Event]) -> bytes:
    for event in events:
        cal.add_component(event)
    cal.add_missing_timezones()
    data: bytes = cal.to_ical()
    return data


def _blocks(**filters: Any) -> Iterable[CalendarBlock]:
    return (
        CalendarBlock.objects.filter(**filters)
        .select_related("cycle__facility", "instrument")
        .order_by("starts_at")
    )


def instrument_feed(instrument: Instrument) -> bytes:
    """The instrument's published allocations and machine calendar (its own blocks and the facility's)."""
    allocations = selectors.instrument_allocations(instrument).select_related("run__cycle__facility")
    blocks = CalendarBlock.objects.filter(
        Q(instrument=instrument) | Q(instrument__isnull=True, cycle__facility_id=instrument.facility_id)
    ).select_related("cycle__facility", "instrument")
    events = [_allocation_event(a, detailed=False) for a in allocations] + [_block_event(b) for b in blocks]
    return _finish(_calendar(f"{instrument.code} schedule"), events)


def facility_feed(facility: Facility) -> bytes:
    allocations = (
        Allocation.objects.filter(run__published_at__isnull=False, run__cycle__facility=facility)
        .select_related("instrument", "proposal", "run__cycle__facility")
        .order_by("starts_at")
    )
    events = [_allocation_event(a, detailed=False) for a in allocations]
    events += [_block_event(b) for b in _blocks(cycle__facility=facility)]
    return _finish(_calendar(f"{facility.code} schedule"), events)


def user_feed(user: User) -> bytes:
    """A person's own published beam time, with titles."""
    events = [_allocation_event(a, detailed=True) for a in selectors.my_allocations(user)]
    return _finish(_calendar("My beam time"), events)


def feed_user(token: str) -> User | None:
    feed = CalendarFeed.objects.select_related("user").filter(token=token).first()
    return feed.user if feed is not None and feed.user.is_active else None


def calendar_url_for(request: HttpRequest, user: User) -> str:
    """The absolute address of the user's private feed (GET /api/me's calendar_url)."""
    from sciencecity.scheduling.services import feed_for

    token = feed_for(user=user).token
    return request.build_absolute_uri(reverse("scheduling-feeds:user", args=[token]))
