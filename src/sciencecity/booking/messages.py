"""What a booking's user and staff are told, in English and Chinese in one notification."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from sciencecity.booking.models import Booking, WaitlistEntry
from sciencecity.notifications.services import notify

LANGUAGES = ("en", "zh-hans")
SEPARATOR = "\n\n———\n\n"


def _both(render: Callable[[], tuple[str, str]]) -> tuple[str, str]:
    parts = []
    for language in LANGUAGES:
        with translation.override(language):
            parts.append(render())
    subject = " / ".join(dict.fromkeys(subject for subject, _body in parts))
    return subject, SEPARATOR.join(body for _subject, body in parts)


def when(start: dt.datetime, end: dt.datetime, zone: dt.tzinfo) -> str:
    """'2026-12-07 09:00-13:00 (Asia/Shanghai)', on the instrument's clock."""
    lo, hi = timezone.localtime(start, zone), timezone.localtime(end, zone)
    until = f"{hi:%H:%M}" if hi.date() == lo.date() else f"{hi:%Y-%m-%d %H:%M}"
    return f"{lo:%Y-%m-%d %H:%M}\N{EN DASH}{until} ({zone})"


def _instrument_name(booking: Booking | WaitlistEntry) -> str:
    instrument = booking.instrument
    if translation.get_language() == "zh-hans" and instrument.name_zh:
        return f"{instrument.code} {instrument.name_zh}"
    return f"{instrument.code} {instrument.name_en}"


def notify_booking(booking: Booking, zone: dt.tzinfo, event: str) -> None:
    """Tell the booking's user what happened to it: requested, confirmed, declined or cancelled."""

    def render() -> tuple[str, str]:
        subjects = {
            "requested": _("Booking request received"),
            "confirmed": _("Booking confirmed"),
            "declined": _("Booking declined"),
            "cancelled": _("Booking cancelled"),
        }
        body = _("%(instrument)s, %(when)s: %(status)s.") % {
            "instrument": _instrument_name(booking),
            "when": when(booking.start, booking.end, zone),
            "status": booking.get_status_display(),
        }
        if booking.note:
            body += "\n" + _("Note: %(note)s") % {"note": booking.note}
        return subjects[event], body

    subject, body = _both(render)
    notify(booking.user, subject, body, reverse("booking:mine"))


def notify_staff_request(booking: Booking, zone: dt.tzinfo, staff: list[Any]) -> None:
    """The instrument's staff learn of a booking waiting for their approval."""

    def render() -> tuple[str, str]:
        return _("A booking awaits approval"), _("%(user)s asks for %(instrument)s, %(when)s.") % {
            "user": str(booking.user),
            "instrument": _instrument_name(booking),
            "when": when(booking.start, booking.end, zone),
        }

    subject, body = _both(render)
    for person in staff:
        notify(person, subject, body, reverse("booking:queue"))


def notify_offer(entry: WaitlistEntry, zone: dt.tzinfo) -> None:
    """The next in line is offered the freed time until the offer's deadline."""

    def render() -> tuple[str, str]:
        deadline = entry.offer_expires_at or entry.start
        return _("A time you waited for is free"), _(
            "%(instrument)s, %(when)s is free. Accept the offer by %(deadline)s to book it."
        ) % {
            "instrument": _instrument_name(entry),
            "when": when(entry.start, entry.end, zone),
            "deadline": f"{timezone.localtime(deadline, zone):%Y-%m-%d %H:%M} ({zone})",
        }

    subject, body = _both(render)
    notify(entry.user, subject, body, reverse("booking:mine"))
