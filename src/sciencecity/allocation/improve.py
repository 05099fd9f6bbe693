"""Improve the schedule with MILPs of the time-indexed model: the whole cycle at once, or group by group.

Each MILP is warm-started from the schedule and its placement is adopted only when HiGHS calls it feasible,
it beats what the schedule has, and the schedule accepts every placement (`Schedule.replace`).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from sciencecity.allocation import caps
from sciencecity.allocation.calendar import Calendar
from sciencecity.allocation.components import Plan
from sciencecity.allocation.model import Assignment, Problem, Request
from sciencecity.allocation.schedule import Schedule
from sciencecity.allocation.timeindexed import ModelResult, solve_component


def improve(
    problem: Problem,
    calendar: Calendar,
    schedule: Schedule,
    plan: Plan,
    *,
    protected: frozenset[str],
    deadline: float,
    threads: int,
    seed: int,
    tolerance: float,
    on_group: Callable[[], None],
) -> float | None:
    """Run the MILPs until the deadline; returns a bound of the whole problem when they prove one.

    Groups too large for a MILP of their own (`plan.milp_groups`) are left to the search. Pinning protected
    requests, splitting caps or skipping a group narrows the models, so their bounds are then not bounds of
    the problem and None is returned.
    """

    def left() -> float:
        return max(0.0, deadline - time.monotonic())

    def solve_group(group: list[Request], budgets: dict[str, float], limit: float) -> ModelResult:
        result = solve_component(
            calendar,
            group,
            budgets=budgets,
            pinned=protected,
            warm=[Assignment(r.id, *schedule.placed[r.id]) for r in group if r.id in schedule.placed],
            time_limit=limit,
            integer=True,
            threads=threads,
            seed=seed,
            absolute_gap=tolerance,
        )
        current = sum(r.weight for r in group if r.id in schedule.placed)
        if result.objective > current + 1e-9:
            schedule.replace(group, result.assignments)
        on_group()
        return result

    if plan.groups is None:
        full = {cap.tag: float(cap.max_shifts) for cap in problem.caps}
        result = solve_group(plan.placeable, full, left())
        return None if protected else result.bound
    groups = [g for k, g in enumerate(plan.groups) if k in plan.milp_groups]
    if not groups:
        return None
    budgets = caps.split(problem.caps, groups, schedule.placed.keys())
    sizes = [sum(len(r.instruments) * r.shifts for r in g) + 1 for g in groups]
    remaining = float(sum(sizes))
    total = 0.0
    for group, budget, size in zip(groups, budgets, sizes, strict=True):
        share = left() * size / remaining
        remaining -= size
        total += solve_group(group, budget, share).bound
    # Without caps, pins or skipped groups the groups are independent, so their MILP bounds add up to a bound.
    return None if problem.caps or protected or len(groups) < len(plan.groups) else total
