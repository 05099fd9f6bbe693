"""The calendar page's grid: the days of a day or week view and their slots, on the instrument's clock."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from sciencecity.booking import rules, selectors
from sciencecity.booking.models import BookingRule, OpeningPeriod
from sciencecity.registry.models import Instrument

FIRST_DAY, LAST_DAY = dt.date(2000, 1, 1), dt.date(2199, 12, 31)  # the calendar pages no further


@dataclass(frozen=True)
class View:
    kind: str  # "day" or "week"
    day: dt.date  # the day shown, or any day of the week shown

    @property
    def days(self) -> list[dt.date]:
        if self.kind == "day":
            return [self.day]
        monday = self.day - dt.timedelta(days=self.day.weekday())
        return [monday + dt.timedelta(days=n) for n in range(7)]

    @property
    def previous(self) -> dt.date:
        return self.day - dt.timedelta(days=1 if self.kind == "day" else 7)

    @property
    def following(self) -> dt.date:
        return self.day + dt.timedelta(days=1 if self.kind == "day" else 7)


def view_from(params: Any, today: dt.date | None = None) -> View:
    """The view asked for (`view=day|week`, `date=YYYY-MM-DD`); a bad value falls back to this week."""
    kind = "day" if params.get("view") == "day" else "week"
    try:
        day = dt.date.fromisoformat(str(params.get("date", "")))
    except ValueError:
        day = None
    if day is None or not FIRST_DAY <= day <= LAST_DAY:
        day = today or timezone.localdate()
    return View(kind, day)


@dataclass
class Cell:
    slot: selectors.Slot
    label: str  # "09:00" on the instrument's clock
    day: str  # "2027-03-08" on the instrument's clock

    @property
    def start_iso(self) -> str:
        return self.slot.start.isoformat()


@dataclass
class Grid:
    days: list[dt.date]
    rows: list[tuple[str, list[Cell | None]]] = field(default_factory=list)  # week view: time x day
    by_day: list[tuple[dt.date, list[Cell]]] = field(default_factory=list)  # day view (and phones)

    @property
    def empty(self) -> bool:
        return not any(cells for _day, cells in self.by_day)


def grid(instrument: Instrument, rule: BookingRule, view: View, *, viewer: Any) -> Grid:
    zone = rule.zone
    days = view.days
    start = dt.datetime.combine(days[0], dt.time(0), tzinfo=zone)
    end = dt.datetime.combine(days[-1] + dt.timedelta(days=1), dt.time(0), tzinfo=zone)
    found = selectors.slots(instrument, start, end, viewer=viewer)
    by_day: dict[dt.date, list[Cell]] = {day: [] for day in days}
    for slot in found:
        local = timezone.localtime(slot.start, zone)
        by_day.setdefault(local.date(), []).append(Cell(slot, f"{local:%H:%M}", f"{local:%Y-%m-%d}"))
    labels = sorted({cell.label for cells in by_day.values() for cell in cells})
    rows = [
        (label, [next((c for c in by_day[day] if c.label == label), None) for day in days])
        for label in labels
    ]
    return Grid(days=days, rows=rows, by_day=[(day, by_day[day]) for day in days])


def opening_rows(rule: BookingRule) -> list[tuple[str, str]]:
    """(weekday name, "08:00-20:00") for the rule's opening hours; empty: open around the clock."""
    if not rule.pk:
        return []
    names = dict(OpeningPeriod.Weekday.choices)
    return [(str(names[day]), spans) for day, spans in rules.opening_summary(rule.opening_periods.all())]
