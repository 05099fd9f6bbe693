"""Why a request got no time, in words a proposer understands, in the reader's language.

The solver gives a code (allocation/reasons.py: no_feasible_start, displaced, not_chosen, cap:<tag>); this
turns it, the request's window, blocked dates and instruments and the cycle's dates into one sentence, e.g.
"No free 9-shift block between 1 Mar and 20 Apr on BL19U2 or BL17B1 outside your blocked dates."
A move or pin the officer tries is refused the same way (allocation/pins.py codes).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from django.utils.dateformat import format as date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from sciencecity.scheduling import shifts
from sciencecity.scheduling.shifts import CycleLike

INDUSTRY_TAG = "route:industry"


def day(value: dt.date) -> str:
    """A short day: "1 Mar" / "3月1日"."""
    return date_format(value, pgettext("short day of the month", "j M"))


def moment(value: dt.datetime) -> str:
    """A short day and time: "1 Mar 08:00" / "3月1日 08:00"."""
    return f"{day(value.date())} {value:%H:%M}"


def either(names: Sequence[str]) -> str:
    """ "A", "A or B", "A, B or C" (and the Chinese 或)."""
    names = list(names)
    if len(names) <= 1:
        return "".join(names)
    return _("%(some)s or %(last)s") % {"some": _(", ").join(names[:-1]), "last": names[-1]}


def _window(cycle: CycleLike, request: Mapping[str, Any]) -> tuple[str, str]:
    first = shifts.day_of(cycle, int(request.get("earliest", 0)))
    last = shifts.day_of(cycle, int(request.get("latest", cycle.shifts - 1)))
    return day(first), day(last)


def unscheduled_reason(
    code: str, request: Mapping[str, Any], cycle: CycleLike, codes: Mapping[str, str]
) -> str:
    """The sentence for one unscheduled request: `request` is its entry in the problem, `codes` maps the
    problem's instrument ids to the names people know (BL19U2)."""
    names = either([codes.get(i, i) for i in request.get("instruments", [])])
    if code == "no_feasible_start":
        first, last = _window(cycle, request)
        n = int(request["shifts"])
        values = {"n": n, "first": first, "last": last, "instruments": names}
        if request.get("blocked"):
            return (
                _(
                    "No free %(n)d-shift block between %(first)s and %(last)s on %(instruments)s "
                    "outside your blocked dates."
                )
                % values
            )
        return (
            _(
                "No free %(n)d-shift block between %(first)s and %(last)s on %(instruments)s: the machine "
                "calendar leaves no such run of user shifts."
            )
            % values
        )
    if code == "displaced":
        first, last = _window(cycle, request)
        return _(
            "Displaced by higher-ranked requests: every block that fits your dates (%(first)s to "
            "%(last)s) on %(instruments)s went to proposals ranked above yours."
        ) % {"first": first, "last": last, "instruments": names}
    if code.startswith("cap:"):
        tag = code[4:]
        if tag == INDUSTRY_TAG:
            return _("Industry share cap reached: the cycle's time for proprietary industry use is taken.")
        return _("The share cap on %(group)s is reached.") % {"group": tag}
    if code == "not_chosen":
        return _(
            "Not chosen: a block was free, but giving it to you would have cost more highly ranked time "
            "elsewhere."
        )
    if code == "left_out":
        return _(
            "Not in the allocation: the request could not be scheduled as submitted (see the user office)."
        )
    return _("Not scheduled (%(code)s).") % {"code": code}


def refusal_reason(
    code: str, detail: str, cycle: CycleLike, codes: Mapping[str, str], span: tuple[int, int] | None = None
) -> str:
    """The sentence for a refused pin or move (allocation/pins.py codes)."""

    def dates() -> Mapping[str, str]:
        if span is None:
            return {"first": "", "last": ""}
        return {
            "first": moment(shifts.shift_start(cycle, span[0])),
            "last": moment(shifts.shift_end(cycle, span[1])),
        }

    if code == "unknown_request":
        return _("No such request in this run: %(request)s.") % {"request": detail}
    if code == "unknown_instrument":
        return _("No such instrument in this run: %(instrument)s.") % {
            "instrument": codes.get(detail, detail)
        }
    if code == "not_its_instrument":
        return _("The request did not ask for %(instrument)s.") % {"instrument": codes.get(detail, detail)}
    if code == "outside_cycle":
        return _("The block would run past the end of the cycle.")
    if code == "outside_window":
        return _("Outside the team's dates: they can come from %(first)s to %(last)s.") % dates()
    if code == "down":
        return _("The instrument is closed from %(first)s to %(last)s (machine calendar).") % dates()
    if code == "blocked":
        return _("The team cannot come from %(first)s to %(last)s.") % dates()
    if code == "overlap":
        return _("%(request)s already holds the instrument from %(first)s to %(last)s.") % {
            "request": detail,
            **dates(),
        }
    if code == "cap":
        if detail == INDUSTRY_TAG:
            return _("Industry share cap reached: no more proprietary industry time this cycle.")
        return _("The share cap on %(group)s is reached.") % {"group": detail}
    if code == "pinned_elsewhere":
        return _("The request is pinned elsewhere; remove that pin first.")
    return _("Refused (%(code)s).") % {"code": code}
