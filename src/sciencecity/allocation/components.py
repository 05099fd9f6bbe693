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

    @property
    def whole(self) -> bool:
        return self.groups is None


def plan(problem: Problem, calendar: Calendar, whole_model_columns: int) -> Plan:
    """One model up to `whole_model_columns` feasible (request, instrument, start) triples, else groups."""
    placeable = [r for r in problem.requests if calendar.has_any_start(r)]
    columns = sum(len(calendar.starts(r, i)) for r in placeable for i in r.instruments)
    if columns <= whole_model_columns:
        return Plan(placeable, None)
    return Plan(placeable, components(problem, calendar))


def components(problem: Problem, calendar: Calendar) -> list[list[Request]]:
    """Groups of requests whose instruments are linked by shared requests; each group can be solved apart."""
    parent = list(range(len(problem.instruments)))

    def find(k: int) -> int:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    placeable = [r for r in problem.requests if calendar.has_any_start(r)]
    for request in placeable:
        first = find(calendar.index[request.instruments[0]])
        for instrument in request.instruments[1:]:
            parent[find(calendar.index[instrument])] = first
    groups: dict[int, list[Request]] = defaultdict(list)
    for request in placeable:
        groups[find(calendar.index[request.instruments[0]])].append(request)
    return sorted(groups.values(), key=len, reverse=True)
