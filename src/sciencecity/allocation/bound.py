"""The certified bound: the LP relaxation of the time-indexed model, and its solution for rounding.

A cycle small enough is one LP (caps included), solved by column generation (`pricing.py`); its last row
prices also let the whole-cycle MILP leave columns out (`fixing.py`). A larger one is split into groups of
stations, and the caps that couple the groups are priced (`lagrange.py`); either way the bound is the LP
bound of the whole cycle or above it, and it is a bound only when HiGHS proved each value it adds up
(`highs.py`).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from sciencecity.allocation import caps
from sciencecity.allocation.calendar import Calendar
from sciencecity.allocation.components import Plan
from sciencecity.allocation.lagrange import lagrangian_bound
from sciencecity.allocation.model import Assignment, Problem
from sciencecity.allocation.pricing import PricedLP, priced_lp
from sciencecity.allocation.schedule import Schedule


@dataclass
class LPBound:
    bound: float
    candidates: list[Assignment] = field(default_factory=list)  # the LP's columns, most chosen first
    priced: PricedLP | None = None  # the whole cycle's LP, with its columns and reduced weights


def lp_bound(
    problem: Problem,
    calendar: Calendar,
    schedule: Schedule,
    plan: Plan,
    *,
    time_limit: float,
    passes_time_limit: float | None = None,
    deadline: float,
    threads: int,
    seed: int,
    on_pass: Callable[[float], None],
) -> LPBound:
    """The LP bound within `time_limit` seconds (and never past `deadline`); Lagrangian passes after the first
    only within `passes_time_limit` seconds."""
    if plan.groups is None:
        warm = [Assignment(r.id, *schedule.placed[r.id]) for r in plan.placeable if r.id in schedule.placed]
        lp = priced_lp(
            calendar,
            plan.placeable,
            budgets=caps.budgets(problem.caps),
            warm=warm,
            deadline=min(deadline, time.monotonic() + time_limit),
            threads=threads,
            seed=seed,
            on_round=on_pass,
        )
        return LPBound(lp.bound, list(lp.candidates), lp)
    lagrange = lagrangian_bound(
        problem,
        calendar,
        plan.groups,
        deadline=min(deadline, time.monotonic() + time_limit),
        more_passes_until=None if passes_time_limit is None else time.monotonic() + passes_time_limit,
        seed=seed,
        workers=threads,
        on_pass=on_pass,
    )
    return LPBound(lagrange.bound, lagrange.candidates)
