"""Improve the schedule with MILPs of the time-indexed model: the whole cycle at once, or group by group.

Each MILP is warm-started from the schedule and its placement is adopted only when HiGHS calls it feasible,
it beats what the schedule has, and the schedule accepts every placement (`Schedule.replace`). The whole
cycle's MILP leaves out the columns that the LP's reduced weights rule out (`fixing.py`).

The whole cycle's MILP first seeks only schedules above *targets* between the schedule and the bound
(`next_target`): looking only above a target, it keeps far fewer columns (`fixing.py` at the target's
value), and however it ends it bounds the cycle. Nothing above the target: the target is a bound, and the
next target lies twice as far under it. A schedule above it: the MILP has searched every schedule that
could beat it. Out of time: its bound of the schedules above the target, or the target. Once a target
would not be above the schedule, the last MILP seeks above the schedule itself. Measured on the small
connected cycle of seed 1 (LP 7,319.0): seeking above 7,311.7 kept 52 % of the columns and proved the
optimum 7,312.3 in 3.3 s; above the rounded schedule (7,264.8) it kept 93 % and had not ended after 9 s.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import numpy as np

from sciencecity.allocation import caps
from sciencecity.allocation.calendar import Calendar
from sciencecity.allocation.components import Plan
from sciencecity.allocation.fixing import fix
from sciencecity.allocation.model import (
    Assignment,
    Problem,
    Request,
    cutoff_above,
    objective_grain,
    on_grain,
)
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
# The first target lies this share under the bound; after each target nothing is above, the next lies twice
# the share under the bound it proved. Measured on the 12 small cycles, the optima lay 0-0.21 % under the
# packing bound (`packing.py`), on 5 of 7 proven by at most 0.05 %.
FIRST_STEP = 0.0001


def next_target(bound: float, incumbent: float, rung: int, grain: float | None) -> float | None:
    """What the whole cycle's MILP seeks schedules above on rung `rung` (from 0): FIRST_STEP * 2**rung of the
    bound under it (on the grain, when the weights have one); None once that is not above the incumbent."""
    target = on_grain(bound * (1.0 - FIRST_STEP * 2**rung), grain)
    return target if target > incumbent + (grain / 2 if grain else 0.0) else None


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
        group: list[Request],
        budgets: dict[str, float],
        limit: float,
        columns: Columns | None = None,
        target: float | None = None,
    ) -> ModelResult:
        """The group's MILP, seeking schedules above the schedule's value (or above `target`, when higher)."""
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
            cutoff=cutoff_above(current if target is None else max(current, target), grain, tolerance),
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
        held = np.isin(column_keys(cols, calendar), assignment_keys(warm, plan.placeable, calendar))
        proven = priced.bound
        rung, last = 0, None  # the rung, and the target of the last MILP
        while left() > 0 and proven > schedule.objective + tolerance:
            if last is not None and schedule.objective > last:
                break  # a schedule found above the last target: that MILP has searched every better one
            # Pinned (protected) requests narrow the model: its bound is no bound of the cycle, so no targets.
            target = None if protected else next_target(proven, schedule.objective, rung, grain)
            seek = schedule.objective if target is None else target  # at last, above the schedule itself
            fixed = fix(priced.reach, incumbent=seek, grain=grain, tolerance=tolerance, held=held)
            kept = cols.subset(fixed.keep)
            if float((kept.length + 1).sum()) > MILP_NONZEROS_PER_SECOND * left():
                break  # HiGHS would not end its presolve in time (nor watch the clock): search instead
            result = solve_group(plan.placeable, full, left(), kept, seek)
            proven = min(proven, fixed.bound(result.bound))
            if target is None:
                break
            rung, last = rung + 1, target
        return None if protected else proven
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
