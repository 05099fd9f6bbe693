"""Which model to solve: the whole cycle at once, or groups of stations that share no requests."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sciencecity.allocation.calendar import Calendar
from sciencecity.allocation.model import Problem, Request


@dataclass(frozen=True)
class Plan:
    placeable: list[Request]  # requests with at least one feasible start
    groups: list[list[Request]] | None  # None: the whole cycle is one model
    milp_groups: frozenset[int] = frozenset()  # the groups small enough for a MILP of their own

    @property
    def whole(self) -> bool:
        return self.groups is None

    @property
    def milp_sized(self) -> bool:
        """Whether any model is small enough for a MILP of its own (the whole cycle, or some groups)."""
        return self.whole or bool(self.milp_groups)


def plan(
    problem: Problem, calendar: Calendar, whole_model_columns: int, whole_model_nonzeros: int = 0
) -> Plan:
    """One model when it has at most `whole_model_columns` feasible (request, instrument, start) triples or
    at most `whole_model_nonzeros` nonzeros, else groups; a group gets a MILP of its own up to
    `whole_model_columns`."""
    placeable = calendar.placeable()
    if (
        columns(calendar, placeable) <= whole_model_columns
        or nonzeros(calendar, placeable) <= whole_model_nonzeros
    ):
        return Plan(placeable, None)
    groups = components(problem, calendar)
    small = frozenset(k for k, g in enumerate(groups) if columns(calendar, g) <= whole_model_columns)
    return Plan(placeable, groups, small)


def columns(calendar: Calendar, requests: list[Request]) -> int:
    """Feasible (request, instrument, start) triples: the size of a time-indexed model."""
    return sum(len(calendar.starts(r, i)) for r in requests for i in r.instruments)


def nonzeros(calendar: Calendar, requests: list[Request]) -> int:
    """The time-indexed model's nonzeros less its caps': per column its request row and its shifts."""
    return sum(len(calendar.starts(r, i)) * (r.shifts + 1) for r in requests for i in r.instruments)


def components(problem: Problem, calendar: Calendar) -> list[list[Request]]:
    """Groups of requests whose instruments are linked by shared requests; each group can be solved apart."""
    parent = list(range(len(problem.instruments)))

    def find(k: int) -> int:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    placeable = calendar.placeable()
    for request in placeable:
        first = find(calendar.index[request.instruments[0]])
        for instrument in request.instruments[1:]:
            parent[find(calendar.index[instrument])] = first
    groups: dict[int, list[Request]] = defaultdict(list)
    for request in placeable:
        groups[find(calendar.index[request.instruments[0]])].append(request)
    return sorted(groups.values(), key=len, reverse=True)
