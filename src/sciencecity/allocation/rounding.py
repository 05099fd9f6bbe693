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
    """Protected requests first (where the LP puts them, else where they fit first, else where they are;
    when that leaves one out, where the LP puts them only clear of the places the others hold now), then the
    LP's columns most chosen first, then the rest in rank order, then repair for a quarter of the time left.
    Returns whether the schedule was replaced."""
    if not candidates:
        return False
    rounded = Schedule(problem, calendar)
    if not _follow_lp(rounded, schedule, candidates, protected):
        rounded = Schedule(problem, calendar)
        _keep_clear(rounded, schedule, candidates, protected)
    _place_in_order(rounded, candidates)
    for request in problem.ranked():
        if request.id not in rounded.placed:
            rounded.try_first_fit(request)
    now = time.monotonic()
    repair(rounded, deadline=now + 0.25 * max(0.0, deadline - now), protected=protected)
    if rounded.objective <= schedule.objective + 1e-9:
        return False
    return schedule.replace(problem.requests, rounded.assignments())


def _place_in_order(schedule: Schedule, candidates: Sequence[Assignment]) -> None:
    for candidate in candidates:
        request = schedule.requests[candidate.request]
        if schedule.why_not(request, candidate.instrument, candidate.start) is None:
            schedule.place(request, candidate.instrument, candidate.start)


def _follow_lp(
    rounded: Schedule, schedule: Schedule, candidates: Sequence[Assignment], protected: frozenset[str]
) -> bool:
    """Protected requests where the LP puts them, else where they fit first, else where they are now;
    False when one of them is left without a place."""
    for candidate in candidates:
        if candidate.request in protected:
            request = rounded.requests[candidate.request]
            if rounded.why_not(request, candidate.instrument, candidate.start) is None:
                rounded.place(request, candidate.instrument, candidate.start)
    for rid in sorted(protected - rounded.placed.keys()):
        request = rounded.requests[rid]
        if rounded.try_first_fit(request):
            continue
        if rounded.why_not(request, *schedule.placed[rid]):
            return False
        rounded.place(request, *schedule.placed[rid])
    return True


def _keep_clear(
    rounded: Schedule, schedule: Schedule, candidates: Sequence[Assignment], protected: frozenset[str]
) -> None:
    """Every protected request goes in: the protected requests fit together where they are now, so one that
    moves to the LP's place avoids the places the others hold now, and the rest stay where they are."""
    held = {rid: schedule.placed[rid] for rid in protected}

    def clear(rid: str, instrument: str, start: int) -> bool:
        end = start + rounded.requests[rid].shifts
        for other, (inst, first) in held.items():
            if (
                other != rid
                and inst == instrument
                and first < end
                and start < first + rounded.requests[other].shifts
            ):
                return False
        return True

    for candidate in candidates:
        rid = candidate.request
        if rid not in held or rid in rounded.placed:
            continue
        request = rounded.requests[rid]
        if (
            clear(rid, candidate.instrument, candidate.start)
            and rounded.why_not(request, candidate.instrument, candidate.start) is None
        ):
            rounded.place(request, candidate.instrument, candidate.start)
            del held[rid]
    for rid in sorted(held):
        rounded.place(rounded.requests[rid], *held[rid])
