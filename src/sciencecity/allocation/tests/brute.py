"""The best schedule of a tiny problem by trying every placement of every request."""

from collections.abc import Mapping
from itertools import product

from sciencecity.allocation.calendar import Calendar
from sciencecity.allocation.model import Problem


def brute_force(problem: Problem, forced: Mapping[str, tuple[str, int]] | None = None) -> float:
    """The best objective; with `forced`, among the schedules that place each of its requests at its
    (instrument, start) only (-inf when none does)."""
    forced = forced or {}
    calendar = Calendar(problem)
    options: list[list[tuple[str, int] | None]] = [
        [forced[r.id]]
        if r.id in forced
        else [None, *((inst, int(s)) for inst in r.instruments for s in calendar.starts(r, inst))]
        for r in problem.requests
    ]
    caps = {c.tag: c.max_shifts for c in problem.caps}
    best = float("-inf")
    for choice in product(*options):
        used: set[tuple[str, int]] = set()
        tags = dict.fromkeys(caps, 0)
        value, fits = 0.0, True
        for request, spot in zip(problem.requests, choice, strict=True):
            if spot is None:
                continue
            cells = {(spot[0], spot[1] + k) for k in range(request.shifts)}
            if cells & used:
                fits = False
                break
            used |= cells
            for tag in set(request.tags) & caps.keys():
                tags[tag] += request.shifts
            value += request.weight
        if fits and all(tags[t] <= caps[t] for t in caps):
            best = max(best, value)
    return best
