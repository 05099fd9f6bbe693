"""The instrument's bookings as an iCalendar feed (RFC 5545), with the instrument's VTIMEZONE.

Events carry no names: the feed is public, like the calendar page. Times are in the instrument's zone (with
TZID and its VTIMEZONE), so a calendar program anywhere places them right across daylight-saving changes.
"""

from __future__ import annotations

import datetime as dt

import icalendar
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from sciencecity.booking import selectors
from sciencecity.booking.models import Booking, BookingRule
from sciencecity.registry.models import Instrument

PRODID = "-//Science City//Instrument booking//EN"


def instrument_feed(
    instrument: Instrument, rule: BookingRule, page_url: str, now: dt.datetime | None = None
) -> bytes:
    zone = rule.zone
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", f"{instrument.code} {instrument.name_en}")
    cal.add("x-wr-timezone", rule.time_zone)
    with translation.override("en"):
        for booking in selectors.feed_bookings(instrument, now):
            event = icalendar.Event()
            event.add("uid", f"booking-{booking.pk}@sciencecity")
            event.add("dtstamp", booking.updated_at.astimezone(dt.UTC))
            event.add("dtstart", timezone.localtime(booking.start, zone))
            event.add("dtend", timezone.localtime(booking.end, zone))
            requested = booking.status == Booking.Status.REQUESTED
            event.add("summary", _("Awaiting approval") if requested else _("Booked"))
            event.add("status", "TENTATIVE" if requested else "CONFIRMED")
            event.add("transp", "OPAQUE")
            event.add("url", page_url)
            cal.add_component(event)
    cal.add_missing_timezones()
    return cal.to_ical()
