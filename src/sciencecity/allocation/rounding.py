"""Round the LP: turn its fractional columns into a schedule, kept only when it beats the current one."""

from __future__ import annotations

import time
from collections.abc import Sequence

from sciencecity.allocation.calendar import Calendar
from sciencecity.allocation.model import Assignment, Problem
from sciencecity.allocation.schedule import Schedule, repair


def round_lp(
    problem: Problem,
    calendar: Calendar,
    schedule: Schedule,
    candidates: Sequence[Assignment],
    *,
    protected: frozenset[str],
    deadline: float,
) -> bool:
    """Protected requests first (where the LP puts them, else where they fit first, else where they were),
    then the LP's columns most-chosen first, then the rest in rank order, then repair for a quarter of the
    time left. Returns whether the schedule was replaced."""
    if not candidates:
        return False
    rounded = Schedule(problem, calendar)
    _place_in_order(rounded, candidates, only=protected)
    for rid in sorted(protected - rounded.placed.keys()):
        request = rounded.requests[rid]
        if rounded.try_first_fit(request):
            continue
        spot = schedule.placed[rid]
        if rounded.why_not(request, *spot):
            return False  # the protected requests do not all fit this way: keep the schedule we have
        rounded.place(request, *spot)
    _place_in_order(rounded, candidates, only=None)
    for request in problem.ranked():
        if request.id not in rounded.placed:
            rounded.try_first_fit(request)
    now = time.monotonic()
    repair(rounded, deadline=now + 0.25 * max(0.0, deadline - now), protected=protected)
    if rounded.objective <= schedule.objective + 1e-9:
        return False
    return schedule.replace(problem.requests, rounded.assignments())


def _place_in_order(
    schedule: Schedule, candidates: Sequence[Assignment], only: frozenset[str] | None
) -> None:
    for candidate in candidates:
        if only is not None and candidate.request not in only:
            continue
        request = schedule.requests[candidate.request]
        if schedule.why_not(request, candidate.instrument, candidate.start) is None:
            schedule.place(request, candidate.instrument, candidate.start)
