"""Weights in tenths make every schedule's value a multiple of a tenth, so a bound rounds down to one."""

import pytest
from hypothesis import HealthCheck, given, settings

from sciencecity.allocation.model import objective_grain, on_grain
from sciencecity.allocation.solve import solve

from .brute import brute_force
from .examples import problem
from .strategies import problems


def _weights(*weights):
    return problem(
        [
            {"id": f"R{k}", "shifts": 1, "instruments": ["I0"], "earliest": 0, "latest": 3, "weight": w}
            for k, w in enumerate(weights)
        ]
    )


def test_the_grain_is_the_largest_power_of_ten_every_weight_is_a_multiple_of():
    assert objective_grain(_weights(3, 12, 0)) == 1.0
    assert objective_grain(_weights(3, 1.5, 2.7)) == pytest.approx(0.1)
    assert objective_grain(_weights(0.25, 1)) == pytest.approx(0.01)
    assert objective_grain(_weights(1 / 3, 1)) is None


def test_a_bound_is_rounded_down_to_the_grain_and_never_below_a_multiple_it_reaches():
    assert on_grain(4.75, 1.0) == 4.0
    assert on_grain(6847.45, 0.1) == pytest.approx(6847.4)
    assert on_grain(6845.499999999, 0.1) == pytest.approx(6845.5)  # rounding noise does not drop a step
    assert on_grain(4.75, None) == 4.75


def test_an_lp_bound_within_one_grain_of_the_schedule_proves_it_optimal():
    # Cap of 4 shifts on both requests: the LP takes B (3 shifts, 4) and a quarter of A (4 shifts, 3), 4.75;
    # no schedule is worth anything between 4 and 5, so B alone (4) is optimal.
    cycle = problem(
        [
            {
                "id": "A",
                "shifts": 4,
                "instruments": ["I0"],
                "earliest": 0,
                "latest": 7,
                "weight": 3,
                "tags": ["t"],
            },
            {
                "id": "B",
                "shifts": 3,
                "instruments": ["I1"],
                "earliest": 0,
                "latest": 7,
                "weight": 4,
                "tags": ["t"],
            },
        ],
        shifts=8,
        caps=[{"tag": "t", "max_shifts": 4}],
    )
    solution = solve(cycle, method="bound", time_limit=5, threads=1)
    assert (solution.objective, solution.bound, solution.status) == (4.0, 4.0, "optimal")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems(max_requests=5, max_shifts=10))
def test_bounds_on_the_grain_still_bound_the_optimum(prob):
    bound = solve(prob, method="bound", time_limit=5, threads=1).bound
    assert bound is not None
    assert bound >= brute_force(prob) - 1e-6
