"""Improve the schedule with MILPs of the time-indexed model: the whole cycle at once, or group by group.

Each MILP is warm-started from the schedule and its placement is adopted only when HiGHS calls it feasible,
it beats what the schedule has, and the schedule accepts every placement (`Schedule.replace`). The whole
cycle's MILP leaves out the columns that the LP's reduced weights rule out (`fixing.py`).
"""

from __future__ import annotations

import time
from collections.abc import Callable

import numpy as np

from sciencecity.allocation import caps
from sciencecity.allocation.calendar import Calendar
from sciencecity.allocation.components import Plan
from sciencecity.allocation.fixing import fix
from sciencecity.allocation.model import Assignment, Problem, Request, cutoff_above, objective_grain
from sciencecity.allocation.pricing import PricedLP
from sciencecity.allocation.schedule import Schedule
from sciencecity.allocation.timeindexed import (
    Columns,
    ModelResult,
    assignment_keys,
    column_keys,
    solve_component,
)

# The whole-cycle MILP is left to the search when its model is larger than this many nonzeros per second
# left: HiGHS' presolve does not watch the clock, and on the small synchrotron cycle (228,000 nonzeros, load
# 5 on 2 cores) it took 7 s; on the small neutron one (600,000) 26 s.
MILP_NONZEROS_PER_SECOND = 30_000


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
    priced: PricedLP | None = None,
) -> float | None:
    """Run the MILPs until the deadline; returns a bound of the whole problem when they prove one.

    Groups too large for a MILP of their own (`plan.milp_groups`) are left to the search. Pinning protected
    requests, splitting caps or skipping a group narrows the models, so their bounds are then not bounds of
    the problem and None is returned.
    """

    def left() -> float:
        return max(0.0, deadline - time.monotonic())

    grain = objective_grain(problem)

    def solve_group(
        group: list[Request], budgets: dict[str, float], limit: float, columns: Columns | None = None
    ) -> ModelResult:
        current = sum(r.weight for r in group if r.id in schedule.placed)
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
            columns=columns,
            cutoff=cutoff_above(current, grain, tolerance),
        )
        if result.objective > current + 1e-9:
            schedule.replace(group, result.assignments)
        on_group()
        return result

    if plan.groups is None:
        full = caps.budgets(problem.caps)
        if priced is None or priced.reach is None:
            result = solve_group(plan.placeable, full, left())
            return None if protected else result.bound
        cols = priced.columns
        warm = [Assignment(r.id, *schedule.placed[r.id]) for r in plan.placeable if r.id in schedule.placed]
        fixed = fix(
            priced.reach,
            incumbent=schedule.objective,
            grain=grain,
            tolerance=tolerance,
            held=np.isin(column_keys(cols, calendar), assignment_keys(warm, plan.placeable, calendar)),
        )
        kept = cols.subset(fixed.keep)
        if float((kept.length + 1).sum()) > MILP_NONZEROS_PER_SECOND * left():
            return None  # HiGHS would not end its presolve in time (nor watch the clock): search instead
        result = solve_group(plan.placeable, full, left(), kept)
        return None if protected else fixed.bound(result.bound)
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
