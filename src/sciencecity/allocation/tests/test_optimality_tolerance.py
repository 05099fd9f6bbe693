"""`optimal` means no request can be missing: the gap is below a thousandth of the smallest weight."""

from sciencecity.allocation.check import check
from sciencecity.allocation.model import Assignment, Solution
from sciencecity.allocation.solve import solve

from .examples import problem

# Greedy puts the heavy request first, at shift 0, where it shuts out the light one; the optimum moves it.
HEAVY_AND_LIGHT = problem(
    [
        {"id": "H", "shifts": 2, "instruments": ["I0"], "latest": 2, "weight": 1e7, "score": 5},
        {"id": "L", "shifts": 1, "instruments": ["I0"], "latest": 0, "weight": 1, "score": 1},
    ]
)


def test_a_gap_of_one_light_request_is_not_optimal_however_heavy_the_rest():
    solution = solve(HEAVY_AND_LIGHT, method="bound", time_limit=5, threads=1)
    assert solution.objective == 1e7 and solution.bound == 1e7 + 1
    assert solution.status == "feasible"


def test_best_schedules_the_light_request_too_and_proves_it():
    solution = solve(HEAVY_AND_LIGHT, method="best", time_limit=5, threads=1)
    assert (solution.objective, solution.status) == (1e7 + 1, "optimal")


def test_check_flags_an_optimal_whose_gap_hides_a_request():
    claimed = Solution("test", "optimal", 1e7, 1e7 + 1, 0.0, (Assignment("H", "I0", 0),))
    assert any("status: optimal" in v for v in check(HEAVY_AND_LIGHT, claimed).violations)
    unproven = Solution("test", "optimal", 1e7, None, 0.0, (Assignment("H", "I0", 0),))
    assert any("status: optimal" in v for v in check(HEAVY_AND_LIGHT, unproven).violations)
