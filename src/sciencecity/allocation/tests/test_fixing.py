"""Reduced-weight fixing: the MILP over the columns kept finds the optimum whenever it beats the incumbent,
and its bound with the fixing's floor bounds the whole problem."""

import time

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings

from sciencecity.allocation import caps
from sciencecity.allocation.calendar import Calendar
from sciencecity.allocation.fixing import Fixed, fix
from sciencecity.allocation.model import Problem, objective_grain, optimality_tolerance
from sciencecity.allocation.pricing import priced_lp
from sciencecity.allocation.schedule import greedy
from sciencecity.allocation.timeindexed import ModelResult, assignment_keys, column_keys, solve_component

from .brute import brute_force
from .strategies import problems

FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _fixed_milp(problem: Problem, *, with_grain: bool) -> tuple[float, Fixed, ModelResult]:
    calendar = Calendar(problem)
    requests = calendar.placeable()
    budgets = caps.budgets(problem.caps)
    incumbent = greedy(problem, calendar)
    warm = list(incumbent.assignments())
    lp = priced_lp(
        calendar, requests, budgets=budgets, warm=warm, deadline=time.monotonic() + 10, threads=1, seed=0
    )
    assert lp.reach is not None
    fixed = fix(
        lp.reach,
        incumbent=incumbent.objective,
        grain=objective_grain(problem) if with_grain else None,
        tolerance=optimality_tolerance(problem),
        held=np.isin(column_keys(lp.columns, calendar), assignment_keys(warm, requests, calendar)),
    )
    result = solve_component(
        calendar,
        requests,
        budgets=budgets,
        pinned=frozenset(),
        warm=warm,
        time_limit=10,
        integer=True,
        threads=1,
        seed=0,
        columns=lp.columns.subset(fixed.keep),
    )
    return incumbent.objective, fixed, result


@FAST
@given(problems(max_requests=5, max_shifts=10))
def test_the_milp_over_the_kept_columns_finds_the_optimum_or_the_incumbent_is_it(problem):
    for with_grain in (True, False):
        incumbent, fixed, result = _fixed_milp(problem, with_grain=with_grain)
        optimum = brute_force(problem)
        assert max(incumbent, result.objective) == pytest.approx(optimum)
        assert fixed.bound(result.bound) >= optimum - 1e-6


def test_columns_that_cannot_beat_the_incumbent_are_left_out_and_the_incumbent_s_stay():
    reach = np.array([10.0, 9.5, 7.0, 7.0])  # the most a schedule using each column is worth
    held = np.array([False, False, False, True])
    fixed = fix(reach, incumbent=8.0, grain=1.0, tolerance=1e-3, held=held)
    # a schedule using column 2 is worth at most 7 < 8; one using column 1 at most 9.5, which may beat 8
    assert fixed.keep.tolist() == [True, True, False, True]
    assert fixed.bound(7.5) == 8.0  # the incumbent's value when the smaller MILP proves less
    assert fixed.bound(9.0) == 9.0
