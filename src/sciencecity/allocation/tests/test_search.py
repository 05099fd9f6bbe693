"""The large-neighbourhood search keeps every rule, never loses ground, and finds what greedy misses."""

import time

import numpy as np
from hypothesis import HealthCheck, given, settings

from sciencecity.allocation.check import check
from sciencecity.allocation.lns import Neighbourhood, Search, search
from sciencecity.allocation.model import Assignment, Solution, optimality_tolerance
from sciencecity.allocation.schedule import Schedule, greedy

from .examples import problem
from .strategies import problems

FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _search(prob, schedule, protected=frozenset(), guide=()):
    return Search(
        prob,
        schedule.calendar,
        schedule,
        list(guide),
        protected=protected,
        threads=1,
        seed=0,
        tolerance=optimality_tolerance(prob),
    )


def _as_solution(schedule: Schedule) -> Solution:
    return Solution("search", "feasible", schedule.objective, None, 0.0, schedule.assignments())


@FAST
@given(problems())
def test_moves_keep_windows_blocked_dates_down_time_and_caps_and_never_lower_the_objective(prob):
    schedule = greedy(prob)
    protected = frozenset(sorted(schedule.placed)[:1])
    state = _search(prob, schedule, protected)
    for _ in range(4):
        before = schedule.objective
        state.move(*state.draw(), time_limit=5)
        assert schedule.objective >= before - 1e-9
        assert check(prob, _as_solution(schedule)).feasible
        assert protected <= schedule.placed.keys()


def test_a_move_finds_the_swap_greedy_misses():
    # Greedy puts the top-ranked R0 first, at shift 0, where R1 (worth five times more) must go.
    prob = problem(
        [
            {
                "id": "R0",
                "shifts": 2,
                "instruments": ["I0"],
                "earliest": 0,
                "latest": 3,
                "weight": 1,
                "score": 9,
            },
            {"id": "R1", "shifts": 2, "instruments": ["I0"], "earliest": 0, "latest": 1, "weight": 5},
        ],
        instruments=1,
    )
    schedule = greedy(prob)
    assert schedule.objective == 1
    assert _search(prob, schedule).move(0, 2, time_limit=5)
    assert schedule.placed == {"R0": ("I0", 2), "R1": ("I0", 0)}


def test_a_neighbourhood_holds_only_requests_placed_wholly_inside_it_and_those_left_out_that_fit():
    prob = problem(
        [
            {"id": "inside", "shifts": 2, "instruments": ["I0"], "earliest": 2, "latest": 3, "weight": 1},
            {"id": "across", "shifts": 2, "instruments": ["I0"], "earliest": 4, "latest": 7, "weight": 1},
            {"id": "elsewhere", "shifts": 2, "instruments": ["I1"], "earliest": 0, "latest": 1, "weight": 1},
            {
                "id": "waiting",
                "shifts": 1,
                "instruments": ["I0", "I1"],
                "earliest": 0,
                "latest": 7,
                "weight": 1,
            },
            {"id": "too long", "shifts": 6, "instruments": ["I0"], "earliest": 0, "latest": 7, "weight": 1},
        ],
        shifts=8,
    )
    schedule = Schedule(prob)
    schedule.place(schedule.requests["inside"], "I0", 2)
    schedule.place(schedule.requests["across"], "I0", 4)
    schedule.place(schedule.requests["elsewhere"], "I1", 0)
    state = _search(prob, schedule)
    hood = Neighbourhood((0,), 0, 4)
    members = state.members(hood)
    assert [r.id for r in members] == ["inside", "waiting"]
    cols = state.columns(hood, members)
    # Only station I0, inside shifts 0..4, never on the shifts "across" holds (4 and 5).
    assert set(cols.instrument.tolist()) == {0}
    ends = cols.start + cols.length - 1
    assert cols.start.min() >= 0 and ends.max() <= 3


def test_a_cap_budget_is_the_limit_less_what_requests_outside_the_neighbourhood_use():
    prob = problem(
        [
            {
                "id": "in",
                "shifts": 2,
                "instruments": ["I0"],
                "earliest": 0,
                "latest": 3,
                "weight": 1,
                "tags": ["x"],
            },
            {
                "id": "out",
                "shifts": 3,
                "instruments": ["I1"],
                "earliest": 0,
                "latest": 3,
                "weight": 1,
                "tags": ["x"],
            },
        ],
        caps=[{"tag": "x", "max_shifts": 6}],
    )
    schedule = greedy(prob)
    state = _search(prob, schedule)
    members = state.members(Neighbourhood((0,), 0, 3))
    assert [r.id for r in members] == ["in"]
    assert state.budgets(members) == {"x": 3.0}


def test_the_lp_guide_points_at_where_the_incumbent_leaves_weight_out():
    prob = problem(
        [
            {"id": "R0", "shifts": 1, "instruments": ["I0"], "earliest": 0, "latest": 3, "weight": 1},
            {"id": "R1", "shifts": 1, "instruments": ["I1"], "earliest": 0, "latest": 3, "weight": 7},
        ],
    )
    schedule = Schedule(prob)
    schedule.place(schedule.requests["R0"], "I0", 0)
    state = _search(prob, schedule, guide=[Assignment("R0", "I0", 0), Assignment("R1", "I1", 0)])
    regret = state._regret()
    assert regret[state._buckets * 1] == 7  # station I1, first stretch of time
    assert regret.sum() == 7
    assert np.count_nonzero(regret) == 1


def test_a_cycle_small_enough_is_one_neighbourhood_and_the_search_ends_once_it_is_solved():
    prob = problem(
        [
            {
                "id": "R0",
                "shifts": 2,
                "instruments": ["I0"],
                "earliest": 0,
                "latest": 3,
                "weight": 1,
                "score": 9,
            },
            {"id": "R1", "shifts": 2, "instruments": ["I0"], "earliest": 0, "latest": 1, "weight": 5},
        ],
        instruments=2,
    )
    schedule = greedy(prob)
    stats = search(
        prob,
        schedule.calendar,
        schedule,
        [],
        protected=frozenset(),
        deadline=time.monotonic() + 600,
        threads=1,
        seed=0,
        tolerance=optimality_tolerance(prob),
        until=float("inf"),
        on_improve=lambda: None,
    )
    assert (stats.tried, stats.improved, stats.proven) == (1, 1, 1)
    assert schedule.objective == 6
