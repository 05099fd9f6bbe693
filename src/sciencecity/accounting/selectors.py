"""Reads on usage: effective machine-hours per instrument over a period, internal or external.

The national open-sharing evaluation (Guokebanji [2022] No. 93, revised 2026) takes the legal entity as the
unit evaluated: an hour is *external* service (对外服务机时 / 共享机时) when the user's organisation is a
different legal entity from the instrument's owner, and *internal* when it is the same one. The owner is the
instrument's `owner`, or else its facility's operator. A user whose organisation the map does not hold but who
named one is external (a different entity by name); a user who named none, or an instrument with no known
owner, leaves the hour *unclassified* — shown, never guessed.

Effective hours are checked-in-to-checked-out time, clipped to the period; sessions still open count none.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet

from sciencecity.accounting.models import UsageRecord
from sciencecity.registry.models import Instrument

HOUR = dt.timedelta(hours=1)


class Side:
    INTERNAL = "internal"
    EXTERNAL = "external"
    UNCLASSIFIED = "unclassified"


def owner_id(instrument: Instrument) -> int | None:
    """The legal entity that owns the instrument: its owner, else its facility's operator."""
    return instrument.owner_id or instrument.facility.operator_id


def side_of(record: UsageRecord, owner: int | None) -> str:
    if owner is None:
        return Side.UNCLASSIFIED
    if record.organisation_id is not None:
        return Side.INTERNAL if record.organisation_id == owner else Side.EXTERNAL
    return Side.EXTERNAL if record.organisation_named.strip() else Side.UNCLASSIFIED


@dataclass
class InstrumentUsage:
    instrument: Instrument
    internal: float = 0.0
    external: float = 0.0
    unclassified: float = 0.0
    sessions: int = 0
    no_shows: int = 0
    open_sessions: int = 0

    @property
    def hours(self) -> float:
        return self.internal + self.external + self.unclassified

    @property
    def external_share(self) -> float | None:
        return self.external / self.hours if self.hours else None


@dataclass
class UsageSummary:
    start: dt.datetime
    end: dt.datetime
    rows: list[InstrumentUsage] = field(default_factory=list)

    @property
    def total(self) -> InstrumentUsage:
        total = InstrumentUsage(instrument=Instrument(code="", name_en=""))
        for row in self.rows:
            total.internal += row.internal
            total.external += row.external
            total.unclassified += row.unclassified
            total.sessions += row.sessions
            total.no_shows += row.no_shows
            total.open_sessions += row.open_sessions
        return total


def _overlap_hours(record: UsageRecord, start: dt.datetime, end: dt.datetime) -> float:
    assert record.actual_start is not None and record.actual_end is not None  # noqa: S101 - filtered below
    begin, finish = max(record.actual_start, start), min(record.actual_end, end)
    return max(finish - begin, dt.timedelta()) / HOUR


def records_in(
    instruments: Iterable[Instrument], *, start: dt.datetime, end: dt.datetime
) -> QuerySet[UsageRecord]:
    """Usage on the instruments that touches [start, end): sessions used in it, and no-shows planned in it."""
    used = Q(actual_start__lt=end) & (Q(actual_end__gt=start) | Q(actual_end__isnull=True))
    missed = Q(no_show=True, planned_start__lt=end, planned_end__gt=start)
    return (
        UsageRecord.objects.filter(instrument__in=list(instruments))
        .filter(used | missed)
        .select_related("user", "organisation", "instrument")
        .order_by("planned_start", "pk")
    )


def machine_hours(instruments: Iterable[Instrument], *, start: dt.datetime, end: dt.datetime) -> UsageSummary:
    """Effective machine-hours of each instrument over [start, end), split internal/external/unclassified."""
    instruments = list(instruments)
    rows = {i.pk: InstrumentUsage(instrument=i) for i in instruments}
    owners = {i.pk: owner_id(i) for i in instruments}
    for record in records_in(instruments, start=start, end=end):
        row = rows[record.instrument_id]
        if record.no_show:
            row.no_shows += 1
            continue
        if record.actual_end is None:
            row.open_sessions += 1
            continue
        side = side_of(record, owners[record.instrument_id])
        setattr(row, side, getattr(row, side) + _overlap_hours(record, start, end))
        row.sessions += 1
    return UsageSummary(start=start, end=end, rows=list(rows.values()))


def usage_of(user: Any) -> QuerySet[UsageRecord]:
    """A user's own usage records, newest first."""
    return (
        UsageRecord.objects.filter(user=user)
        .select_related("instrument__facility")
        .order_by("-planned_start")
    )
