"""HiGHS keeps one scheduler per thread and refuses another thread count: a refusal is never a bound."""

import highspy
import numpy as np
import pytest

from sciencecity.allocation.highs import SparseColumns, new_model
from sciencecity.allocation.solve import solve

from .examples import THREAD_SCHEDULER


@pytest.mark.parametrize("whole_model_columns", [150_000, 0])
def test_changing_thread_counts_in_one_process_keeps_every_answer_right(whole_model_columns):
    for threads in (2, 1, 2, 1, 3):
        solution = solve(
            THREAD_SCHEDULER,
            method="best",
            time_limit=10,
            threads=threads,
            whole_model_columns=whole_model_columns,
            whole_model_nonzeros=whole_model_columns,
        )
        assert (solution.objective, solution.bound, solution.status) == (2.0, 2.0, "optimal"), threads


def test_a_scheduler_started_outside_the_engine_does_not_turn_into_a_bound():
    raw = new_model(
        cost=np.ones(1),
        matrix=SparseColumns(np.array([0, 1], dtype=np.int32), np.array([0], dtype=np.int32), np.ones(1), 1),
        row_lower=np.zeros(1),
        row_upper=np.ones(1),
        integer=True,
        threads=3,
        seed=0,
    )
    highspy.Highs.resetGlobalScheduler(True)  # whatever an earlier test left in this thread
    raw.run()  # starts this thread's scheduler with 3 threads, behind the engine's back
    assert raw.getModelStatus() == highspy.HighsModelStatus.kOptimal
    try:
        solution = solve(THREAD_SCHEDULER, method="best", time_limit=10, threads=1)
        assert (solution.objective, solution.bound, solution.status) == (2.0, 2.0, "optimal")
    finally:
        highspy.Highs.resetGlobalScheduler(True)  # leave no scheduler behind for the next test
