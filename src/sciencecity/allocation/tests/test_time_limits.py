"""The time limit is a promise: no stage has a floor, a re-solved model gets a fresh limit."""

import numpy as np
import pytest

from sciencecity.allocation import highs
from sciencecity.allocation.check import check
from sciencecity.allocation.generate import generate
from sciencecity.allocation.solve import solve


def _tiny_model():
    return highs.new_model(
        cost=np.ones(2),
        matrix=highs.SparseColumns(
            np.array([0, 1, 2], dtype=np.int32), np.array([0, 0], dtype=np.int32), np.ones(2), 1
        ),
        row_lower=np.full(1, -highs.INF),
        row_upper=np.ones(1),
        integer=False,
        threads=1,
        seed=0,
    )


def test_a_re_solved_model_counts_its_limit_from_the_run_time_so_far():
    h = _tiny_model()
    assert highs.run(h, time_limit=5).optimal
    so_far = h.getRunTime()
    assert highs.run(h, time_limit=5).optimal
    assert h.getOptionValue("time_limit")[1] == pytest.approx(so_far + 5)


def test_no_time_left_means_no_run_and_no_bound_from_it():
    h = _tiny_model()
    outcome = highs.run(h, time_limit=0)
    assert not outcome.ran and highs.lp_value(h, outcome) is None


@pytest.mark.parametrize("whole_model_columns", [150_000, 0])
def test_without_time_every_method_still_answers_with_a_checked_solution_and_a_sure_bound(
    whole_model_columns,
):
    problem = generate("small", 1)
    for method in ("bound", "best"):
        solution = solve(
            problem,
            method=method,
            time_limit=0,
            threads=1,
            whole_model_columns=whole_model_columns,
            whole_model_nonzeros=whole_model_columns,
        )
        assert check(problem, solution).feasible
        assert solution.bound is not None and solution.bound >= solution.objective
        assert solution.objective >= solution.stats["greedy_objective"]


def test_the_solution_reports_peak_memory():
    solution = solve(generate("small", 1), method="greedy", time_limit=1)
    assert solution.stats["peak_memory_mb"] > 10
