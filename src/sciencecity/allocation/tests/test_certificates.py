"""Certificates on mid-size problems, against HiGHS' MILP of the whole time-indexed model.

Too large for brute force, small enough for the plain MILP: whatever either run reaches in its time, `best`'s
bound must not fall below the reference's schedule, its schedule must not rise above the reference's bound,
and an "optimal" must be the reference's optimum whenever the reference proved one.
"""

from collections.abc import Sequence

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sciencecity.allocation import caps
from sciencecity.allocation.calendar import Calendar
from sciencecity.allocation.check import check
from sciencecity.allocation.model import Assignment, Cutoff, Problem, optimality_tolerance
from sciencecity.allocation.solve import solve
from sciencecity.allocation.timeindexed import ModelResult, solve_component

from .strategies import mid_size_problems


def whole_model_milp(
    problem: Problem, *, warm: Sequence[Assignment] = (), cutoff: Cutoff | None = None
) -> ModelResult:
    calendar = Calendar(problem)
    return solve_component(
        calendar,
        calendar.placeable(),
        budgets=caps.budgets(problem.caps),
        pinned=frozenset(),
        warm=list(warm),
        time_limit=10,
        integer=True,
        threads=1,
        seed=0,
        absolute_gap=optimality_tolerance(problem) / 10,
        cutoff=cutoff,
    )


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    mid_size_problems(),
    st.sampled_from([1, 2]),
    st.sampled_from([None, 0]),
)
def test_best_certifies_nothing_the_whole_model_milp_contradicts(problem, threads, whole_model_columns):
    reference = whole_model_milp(problem)
    tolerance = optimality_tolerance(problem)
    if whole_model_columns is None:
        solution = solve(problem, method="best", time_limit=2, threads=threads)
    else:  # the groups' path
        solution = solve(
            problem,
            method="best",
            time_limit=2,
            threads=threads,
            whole_model_columns=0,
            whole_model_nonzeros=0,
        )
    assert check(problem, solution).feasible
    assert solution.bound is not None and solution.bound >= reference.objective - tolerance
    assert solution.objective <= reference.bound + tolerance
    if solution.status == "optimal" and reference.bound - reference.objective <= tolerance:
        assert abs(solution.objective - reference.objective) <= tolerance
