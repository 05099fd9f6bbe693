"""A bound below the schedule it should bound proves nothing: it never becomes an `optimal`."""

import importlib

from sciencecity.allocation.bound import LPBound
from sciencecity.allocation.solve import solve

from .examples import THREAD_SCHEDULER


def test_a_failed_bound_below_the_objective_is_replaced_by_the_trivial_one(monkeypatch):
    stages = importlib.import_module("sciencecity.allocation.solve")  # the module, not the function
    monkeypatch.setattr(stages, "lp_bound", lambda *args, **kwargs: LPBound(0.5))
    solution = solve(THREAD_SCHEDULER, method="bound", time_limit=5, threads=1)
    assert solution.objective == 1.0  # greedy+repair
    assert (solution.bound, solution.status) == (2.0, "feasible")
