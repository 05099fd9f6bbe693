"""Why each request left out is left out, judged on the final schedule."""

from __future__ import annotations

from sciencecity.allocation.calendar import Calendar
from sciencecity.allocation.model import Problem, Unscheduled
from sciencecity.allocation.schedule import Schedule

NO_FEASIBLE_START = "no_feasible_start"  # no block fits even on an empty schedule
DISPLACED = "displaced"  # every place it could take is held by others
NOT_CHOSEN = "not_chosen"  # a free place exists and no cap stops it, yet it was not scheduled
CAP = "cap:"  # cap:<tag> - a free place exists but the cap is used up


def explain(problem: Problem, calendar: Calendar, schedule: Schedule) -> tuple[Unscheduled, ...]:
    out = []
    for request in problem.requests:
        if request.id in schedule.placed:
            continue
        if not calendar.has_any_start(request):
            reason = NO_FEASIBLE_START
        elif schedule.first_fit(request) is None:
            reason = DISPLACED
        else:
            tag = schedule.cap_blocking(request)
            reason = NOT_CHOSEN if tag is None else CAP + tag
        out.append(Unscheduled(request.id, reason))
    return tuple(out)
