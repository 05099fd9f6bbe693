"""Shift numbers of a cycle and the aware instants they stand for.

Shift k of a cycle falls on day k // per_day after the cycle's first day, at local wall time
(k % per_day) x shift_hours in the cycle's time zone — the same arithmetic as the problem's windows
(review/handover.py), so a shift number and its dates never disagree.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Protocol


class CycleLike(Protocol):
    starts_on: dt.date
    ends_on: dt.date
    shift_hours: int
    time_zone: str

    @property
    def shifts(self) -> int: ...


def per_day(cycle: CycleLike) -> int:
    return 24 // cycle.shift_hours


def zone(cycle: CycleLike) -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(cycle.time_zone)


def shift_start(cycle: CycleLike, k: int) -> dt.datetime:
    """The aware instant shift k begins (k = cycle.shifts is the end of the cycle)."""
    day, slot = divmod(k, per_day(cycle))
    local = dt.datetime.combine(cycle.starts_on + dt.timedelta(days=day), dt.time(slot * cycle.shift_hours))
    return local.replace(tzinfo=zone(cycle))


def shift_end(cycle: CycleLike, k: int) -> dt.datetime:
    """The aware instant shift k ends (the start of the next)."""
    return shift_start(cycle, k + 1)


def shift_at(cycle: CycleLike, moment: dt.datetime, *, end: bool = False) -> int:
    """The number of the shift that begins at `moment`; ValueError (in plain words) when none does.

    With `end`, `moment` may also be the end of the cycle (shift number `cycle.shifts`).
    """
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("Give the time with its time zone.")
    local = moment.astimezone(zone(cycle))
    days = (local.date() - cycle.starts_on).days
    k = days * per_day(cycle) + local.hour // cycle.shift_hours
    limit = cycle.shifts if end else cycle.shifts - 1
    if not 0 <= k <= limit or shift_start(cycle, k) != moment:
        raise ValueError(
            f"{local:%Y-%m-%d %H:%M} is not a shift boundary of the cycle "
            f"({cycle.starts_on} to {cycle.ends_on}, {cycle.shift_hours}-hour shifts)."
        )
    return k


def day_of(cycle: CycleLike, k: int) -> dt.date:
    """The local date shift k falls on."""
    return cycle.starts_on + dt.timedelta(days=k // per_day(cycle))
