"""The instrument's iCalendar feed: RFC 5545 with the instrument's VTIMEZONE, read back by other parsers than
the one that wrote it (vobject for the events, dateutil's tzical for the VTIMEZONE) to the same instants,
across a daylight-saving change too; no names in a public feed.

vobject alone is not enough across a change: it ignores the RDATEs of a VTIMEZONE's rules (it reads both
October bookings in Berlin as +01:00), so the wall time and TZID it reads (untransformed) are resolved
with dateutil's independent VTIMEZONE parser.
"""

import datetime as dt
import io
import zoneinfo

import vobject
from dateutil import tz  # type: ignore[import-untyped,unused-ignore]
from django.test import Client

from sciencecity.booking import services
from sciencecity.booking.rules import Period
from sciencecity.booking.tests.conftest import coming_monday, on


def feed(platform) -> str:
    response = Client().get(f"/instruments/{platform.cryo.slug}/booking/calendar.ics")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    return response.content.decode()


def test_the_feed_holds_the_active_bookings_in_the_instruments_time_zone(platform):
    day = coming_monday()
    confirmed = services.booking_create(
        actor=platform.erin, instrument=platform.cryo, start=on(day, 9), end=on(day, 13)
    )
    cancelled = services.booking_create(
        actor=platform.frank, instrument=platform.cryo, start=on(day, 14), end=on(day, 15)
    )
    services.booking_cancel(actor=platform.frank, booking=cancelled)
    text = feed(platform)
    assert "BEGIN:VTIMEZONE" in text and "TZID:Asia/Shanghai" in text
    assert "erin" not in text.lower()
    calendar = vobject.readOne(text)
    events = list(calendar.vevent_list)
    assert [e.uid.value for e in events] == [f"booking-{confirmed.pk}@sciencecity"]
    event = events[0]
    assert event.dtstart.value == on(day, 9) and event.dtend.value == on(day, 13)
    assert event.dtstart.value.utcoffset() == dt.timedelta(hours=8)
    assert event.summary.value == "Booked" and event.status.value == "CONFIRMED"


def test_across_a_daylight_saving_change_the_feed_places_each_booking_at_its_instant(platform):
    berlin = zoneinfo.ZoneInfo("Europe/Berlin")
    services.booking_rule_update(
        actor=platform.scientist,
        instrument=platform.cryo,
        changes={"time_zone": "Europe/Berlin", "horizon_days": 730},
        periods=[Period(d, dt.time(8), dt.time(20)) for d in range(7)],
    )
    year = dt.datetime.now(dt.UTC).year + 1
    # The last Sunday of October: Berlin's clocks go back an hour.
    change = max(dt.date(year, 10, d) for d in range(25, 32) if dt.date(year, 10, d).weekday() == 6)
    before = dt.datetime.combine(change - dt.timedelta(days=1), dt.time(9), tzinfo=berlin)
    after = dt.datetime.combine(change + dt.timedelta(days=1), dt.time(9), tzinfo=berlin)
    for start in (before, after):
        services.booking_create(
            actor=platform.erin, instrument=platform.cryo, start=start, end=start + dt.timedelta(hours=2)
        )
    text = feed(platform)
    zones = tz.tzical(io.StringIO(text))
    assert zones.keys() == ["Europe/Berlin"]
    instants = sorted(
        dt.datetime.strptime(e.dtstart.value, "%Y%m%dT%H%M%S")
        .replace(tzinfo=zones.get(e.dtstart.params["TZID"][0]))
        .astimezone(dt.UTC)
        for e in vobject.readOne(text, transform=False).vevent_list
    )
    assert instants == [before.astimezone(dt.UTC), after.astimezone(dt.UTC)]
    assert [i.hour for i in instants] == [7, 8]  # 09:00 CEST, then 09:00 CET
