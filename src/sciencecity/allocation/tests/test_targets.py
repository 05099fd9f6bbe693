"""The whole cycle's MILP seeks schedules above targets under the LP bound: a target nothing is above becomes
the bound, and a target with a schedule above it ends the ladder with a proof."""

import time

import pytest

from sciencecity.allocation import caps, improve
from sciencecity.allocation.calendar import Calendar
from sciencecity.allocation.components import plan as plan_models
from sciencecity.allocation.model import optimality_tolerance
from sciencecity.allocation.pricing import priced_lp
from sciencecity.allocation.schedule import Schedule
from sciencecity.allocation.solve import WHOLE_MODEL_COLUMNS, solve

from .examples import problem


def test_targets_lie_a_doubling_share_under_the_bound_on_the_grain_until_the_incumbent(monkeypatch):
    monkeypatch.setattr(improve, "FIRST_STEP", 0.001)
    assert improve.next_target(1000.0, 990.0, 0, 0.1) == pytest.approx(999.0)
    assert improve.next_target(1000.0, 990.0, 1, 0.1) == pytest.approx(998.0)
    assert improve.next_target(1000.0, 990.0, 2, 0.1) == pytest.approx(996.0)
    assert improve.next_target(1000.0, 998.5, 1, 0.1) is None  # 998 is not above the incumbent
    assert improve.next_target(1000.0, 999.0, 0, 0.1) is None  # nor is a target on the incumbent itself
    assert improve.next_target(15.0, 0.0, 0, 1.0) == 14.0  # floored to the grain of 1
    assert improve.next_target(1000.0, 0.0, 0, None) == pytest.approx(999.0)


# Three requests of 2 shifts under a cap of 3 industry shifts: one can be served (optimum 10), the LP serves
# one and a half (15).
CAPPED = problem(
    [
        {"id": f"R{k}", "shifts": 2, "instruments": ["I0"], "weight": 10, "tags": ["industry"]}
        for k in range(3)
    ],
    shifts=8,
    instruments=1,
    caps=[{"tag": "industry", "max_shifts": 3}],
)


def test_a_target_nothing_is_above_bounds_the_cycle_and_a_schedule_above_the_next_ends_the_ladder(
    monkeypatch,
):
    monkeypatch.setattr(improve, "FIRST_STEP", 0.2)  # targets 12 (15 less 20 %), then 7 (12 less 40 %)
    calendar = Calendar(CAPPED)
    plan = plan_models(CAPPED, calendar, WHOLE_MODEL_COLUMNS)
    assert plan.whole
    deadline = time.monotonic() + 60
    lp = priced_lp(
        calendar,
        plan.placeable,
        budgets=caps.budgets(CAPPED.caps),
        warm=[],
        deadline=deadline,
        threads=1,
        seed=0,
    )
    assert lp.bound == pytest.approx(15.0)
    schedule = Schedule(CAPPED, calendar)
    milps: list[float] = []
    bound = improve.improve(
        CAPPED,
        calendar,
        schedule,
        plan,
        protected=frozenset(),
        deadline=deadline,
        threads=1,
        seed=0,
        tolerance=optimality_tolerance(CAPPED),
        on_group=lambda: milps.append(schedule.objective),
        priced=lp,
    )
    # Above 12: nothing (bound 12, schedule still empty); above 7: the optimum, proven, and no third MILP
    assert milps == [0.0, 10.0]
    assert schedule.objective == 10.0
    assert bound == pytest.approx(10.0)


def test_best_proves_the_capped_cycle_optimal():
    solution = solve(CAPPED, method="best", time_limit=10, threads=1)
    assert (solution.objective, solution.bound, solution.status) == (10.0, 10.0, "optimal")
