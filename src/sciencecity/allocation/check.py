"""Feasibility check of a solution: recomputes the objective and lists every violated rule."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from sciencecity.allocation.caps import CapLedger
from sciencecity.allocation.model import Problem, Solution, by_id, optimality_tolerance


@dataclass
class CheckReport:
    objective: float
    violations: list[str] = field(default_factory=list)

    @property
    def feasible(self) -> bool:
        return not self.violations


def check(problem: Problem, solution: Solution, *, tolerance: float = 1e-6) -> CheckReport:
    requests = by_id(problem.requests)
    instruments = by_id(problem.instruments)
    report = CheckReport(objective=0.0)
    v = report.violations
    occupant: dict[str, np.ndarray] = {}
    seen: set[str] = set()
    caps = CapLedger(problem.caps)
    for position, a in enumerate(solution.assignments):
        request = requests.get(a.request)
        if request is None:
            v.append(f"{a.request}: no such request")
            continue
        if a.request in seen:
            v.append(f"{a.request}: scheduled more than once")
            continue
        seen.add(a.request)
        if a.instrument not in instruments:
            v.append(f"{a.request}: no such instrument {a.instrument}")
            continue
        if a.instrument not in request.instruments:
            v.append(f"{a.request}: {a.instrument} is not one of its instruments")
        end = a.start + request.shifts - 1
        if a.start < request.earliest or end > request.latest:
            v.append(
                f"{a.request}: shifts {a.start}..{end} leave its window "
                f"[{request.earliest}, {request.latest}]"
            )
        if a.start < 0 or end >= problem.shifts:
            v.append(f"{a.request}: shifts {a.start}..{end} leave the cycle")
            continue
        for first, last in instruments[a.instrument].down:
            if a.start <= last and first <= end:
                v.append(f"{a.request}: touches down shifts [{first}, {last}] of {a.instrument}")
        for first, last in request.blocked:
            if a.start <= last and first <= end:
                v.append(f"{a.request}: touches its own blocked shifts [{first}, {last}]")
        slots = occupant.setdefault(a.instrument, np.full(problem.shifts, -1, dtype=np.int64))
        clash = slots[a.start : end + 1]
        for other in np.unique(clash[clash >= 0]):
            v.append(
                f"{a.request}: shares shifts of {a.instrument} "
                f"with {solution.assignments[int(other)].request}"
            )
        slots[a.start : end + 1] = position
        caps.add(request)
        report.objective += request.weight
    for tag in caps.exceeded():
        v.append(f"cap {tag}: {caps.used[tag]} shifts scheduled, at most {caps.limit[tag]} allowed")
    placed = {(a.request, a.instrument, a.start) for a in solution.assignments}
    for pin in problem.pins:
        if (pin.request, pin.instrument, pin.start) not in placed:
            v.append(f"{pin.request}: pinned to {pin.instrument} at shift {pin.start}, but not placed there")
    for u in solution.unscheduled:
        if u.request in seen:
            v.append(f"{u.request}: listed as unscheduled but scheduled")
    if abs(report.objective - solution.objective) > tolerance * max(1.0, abs(report.objective)):
        v.append(
            f"objective: the solution says {solution.objective}, its assignments give {report.objective}"
        )
    if (
        solution.bound is not None
        and solution.bound + tolerance * max(1.0, solution.bound) < report.objective
    ):
        v.append(f"bound: {solution.bound} is below the objective {report.objective}")
    if solution.status == "optimal":
        allowed = optimality_tolerance(problem)
        if solution.bound is None:
            v.append("status: optimal without a bound to prove it")
        elif solution.bound - report.objective > allowed:
            v.append(
                f"status: optimal, but the bound {solution.bound} exceeds the objective {report.objective} "
                f"by more than {allowed:g} (a thousandth of the smallest positive weight)"
            )
    return report
