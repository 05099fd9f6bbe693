"""The whole cycle's LP by column generation: the same value as the LP over every column, and every round's
bound a bound of the whole model."""

import dataclasses
import time

import pytest
from hypothesis import HealthCheck, given, settings

from sciencecity.allocation import caps, pricing
from sciencecity.allocation.calendar import Calendar
from sciencecity.allocation.pricing import priced_lp
from sciencecity.allocation.schedule import greedy
from sciencecity.allocation.timeindexed import solve_component

from .brute import brute_force
from .examples import THREAD_SCHEDULER
from .strategies import problems

FAST = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _placeable(problem):
    calendar = Calendar(problem)
    return calendar, calendar.placeable()


@FAST
@given(problems(max_requests=6, max_shifts=12))
def test_priced_lp_reaches_the_lp_over_every_column(problem):
    calendar, requests = _placeable(problem)
    full = solve_component(
        calendar,
        requests,
        budgets=caps.budgets(problem.caps),
        pinned=frozenset(),
        warm=[],
        time_limit=10,
        integer=False,
        threads=1,
        seed=0,
    )
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pricing, "FIRST_PER_PAIR", 1)  # start small, so that columns must enter
        patch.setattr(pricing, "ENTER_PER_REQUEST", 1)
        lp = priced_lp(
            calendar,
            requests,
            budgets=caps.budgets(problem.caps),
            warm=[],
            deadline=time.monotonic() + 10,
            threads=1,
            seed=0,
        )
    assert lp.optimal
    assert lp.bound == pytest.approx(full.bound, abs=1e-6)


@FAST
@given(problems(max_requests=5, max_shifts=10))
def test_every_round_gives_a_bound_of_the_whole_model(problem):
    calendar, requests = _placeable(problem)
    warm = greedy(problem, calendar).assignments()
    seen: list[float] = []
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pricing, "FIRST_PER_PAIR", 1)
        patch.setattr(pricing, "ENTER_PER_REQUEST", 1)
        lp = priced_lp(
            calendar,
            requests,
            budgets=caps.budgets(problem.caps),
            warm=warm,
            deadline=time.monotonic() + 10,
            threads=1,
            seed=0,
            on_round=seen.append,
        )
    optimum = brute_force(problem)
    assert all(value >= optimum - 1e-6 for value in seen)
    assert lp.bound >= optimum - 1e-6
    assert lp.reach is not None
    for column in range(lp.columns.request.size):  # no schedule using a column is worth more than its reach
        assert lp.reach[column] >= _best_using(problem, lp.columns, column) - 1e-6


def test_with_no_time_the_bound_is_the_trivial_one():
    calendar, requests = _placeable(THREAD_SCHEDULER)
    lp = priced_lp(calendar, requests, budgets={}, warm=[], deadline=time.monotonic() - 1, threads=1, seed=0)
    assert (lp.bound, lp.optimal, lp.reach) == (2.0, False, None)


def _best_using(problem, columns, column):
    """The best schedule that serves the column's request at the column's place (brute force): its weight
    plus the best of the others around it, with its shifts closed and its caps charged."""
    calendar = Calendar(problem)
    request = calendar.placeable()[int(columns.request[column])]
    instrument = problem.instruments[int(columns.instrument[column])]
    start = int(columns.start[column])
    charged_caps = []
    for cap in problem.caps:
        left = cap.max_shifts - (request.shifts if cap.tag in request.tags else 0)
        if left < 0:
            return float("-inf")
        charged_caps.append(dataclasses.replace(cap, max_shifts=left))
    rest = dataclasses.replace(
        problem,
        instruments=tuple(
            dataclasses.replace(i, down=(*i.down, (start, start + request.shifts - 1)))
            if i == instrument
            else i
            for i in problem.instruments
        ),
        requests=tuple(r for r in problem.requests if r.id != request.id),
        caps=tuple(charged_caps),
    )
    return request.weight + brute_force(rest)
