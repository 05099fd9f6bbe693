"""The certified bound is the LP of the time-indexed model: exact when no cap couples groups, and sure even
from the prices of an LP stopped early."""

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from sciencecity.allocation import caps, highs, lagrange
from sciencecity.allocation.calendar import Calendar
from sciencecity.allocation.components import components
from sciencecity.allocation.timeindexed import build_columns, matrix, solve_component

from .brute import brute_force
from .strategies import problems

FAST = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _lp(prob, calendar, requests):
    return solve_component(
        calendar,
        requests,
        budgets=caps.budgets(prob.caps),
        pinned=frozenset(),
        warm=[],
        time_limit=10,
        integer=False,
        threads=1,
        seed=0,
    ).bound


@FAST
@given(problems(max_requests=5, max_shifts=10), st.data())
def test_any_row_prices_bound_the_optimum(prob, data):
    calendar = Calendar(prob)
    requests = calendar.placeable()
    cols = build_columns(calendar, requests)
    tags = [cap.tag for cap in prob.caps]
    sparse, cap_row0 = matrix(cols, requests, calendar, tags)
    row_upper = np.ones(sparse.n_rows)
    row_upper[cap_row0:] = [cap.max_shifts for cap in prob.caps]
    prices = np.array(
        data.draw(st.lists(st.floats(-5, 60), min_size=sparse.n_rows, max_size=sparse.n_rows)), dtype=float
    )
    assert highs.bound_from_prices(cols.weight, sparse, row_upper, prices) >= brute_force(prob) - 1e-6


@FAST
@given(problems(max_requests=6, max_shifts=12))
def test_with_one_group_and_its_caps_as_rows_the_lagrangian_pass_is_the_lp_bound_itself(prob):
    calendar = Calendar(prob)
    groups = components(prob, calendar)
    assume(len(groups) == 1)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(lagrange, "CAP_ROWS_SHARE", float("inf"))  # every cap a row, however dense
        result = lagrange.lagrangian_bound(prob, calendar, groups, deadline=float("inf"), seed=0, workers=1)
    assert result.passes == 1
    assert result.bound == pytest.approx(_lp(prob, calendar, groups[0]), abs=1e-6)


@FAST
@given(problems(max_requests=6, max_shifts=12))
def test_dense_caps_are_priced_and_the_bound_is_never_below_the_lp(prob):
    calendar = Calendar(prob)
    groups = components(prob, calendar)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(lagrange, "CAP_ROWS_SHARE", 0.0)  # every cap priced
        assert all(not own for own in lagrange.own_caps(prob, calendar, groups))
        result = lagrange.lagrangian_bound(prob, calendar, groups, deadline=float("inf"), seed=0, workers=1)
    placeable = [r for g in groups for r in g]
    assert result.bound >= _lp(prob, calendar, placeable) - 1e-6
