"""The LP of a whole cycle by column generation: HiGHS solves the LP over a few of the model's columns, the
row prices it returns say which of the others would pay, and those join, until none would.

The time-indexed LP of a small cycle has tens of thousands of columns but only a few thousand rows, and its
solution uses a few thousand columns. Dual simplex over all of them spent most of its time pricing columns
that never enter: on the small neutron cycle (63,000 columns, 600,000 nonzeros, seven caps) the LP took
10 s, solved this way 3 s, to the same value.

Every round gives a proven bound of the *whole* model, not only of the columns solved so far, from its row
prices over every column (`_bounds`); when no column prices positive that bound is the LP value itself.
The same prices say, per column, the most a schedule using it can be worth, which `fixing.py` uses to leave
columns out of the MILP.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import highspy
import numpy as np

from sciencecity.allocation import highs
from sciencecity.allocation.calendar import Calendar
from sciencecity.allocation.highs import INF, FloatArray
from sciencecity.allocation.model import Assignment, Request
from sciencecity.allocation.timeindexed import (
    Columns,
    assignment_keys,
    build_columns,
    column_keys,
    lp_columns,
    matrix,
    most_chosen_first,
)

FIRST_PER_PAIR = 3  # columns per (request, instrument) in the first LP, spread over its starts
ENTER_PER_REQUEST = 15  # columns of one request that may join in one round, best priced first
PRICE_TOLERANCE = 1e-7  # a column pays when its reduced weight exceeds this


@dataclass(frozen=True)
class PricedLP:
    bound: float  # a proven upper bound of the whole model
    optimal: bool  # no column prices positive: `bound` is the LP value
    columns: Columns  # every column of the model
    reach: FloatArray | None  # per column, the most a schedule using it is worth (None: no prices yet)
    candidates: tuple[Assignment, ...]  # the LP's positive columns, most chosen first
    rounds: int
    # The last row prices of the request rows and of the cap rows (in `budgets` order); zeros before any.
    request_prices: FloatArray = field(default_factory=lambda: np.zeros(0))
    cap_prices: FloatArray = field(default_factory=lambda: np.zeros(0))


def priced_lp(
    calendar: Calendar,
    requests: Sequence[Request],
    *,
    budgets: Mapping[str, float],
    warm: Sequence[Assignment],
    deadline: float,
    threads: int,
    seed: int,
    on_round: Callable[[float], None] | None = None,
) -> PricedLP:
    """The LP bound of the whole time-indexed model of `requests`, by rounds of pricing until `deadline`."""
    cols = build_columns(calendar, requests)
    n = cols.request.size
    trivial = float(sum(r.weight for r in requests))
    if n == 0:
        return PricedLP(0.0, True, cols, np.zeros(0), (), 0)
    tags = list(budgets)
    sparse, cap_row0 = matrix(cols, requests, calendar, tags)
    row_upper = np.ones(sparse.n_rows)
    row_upper[cap_row0:] = [budgets[tag] for tag in tags]
    inside = _first_columns(cols, calendar, requests, warm)  # the columns the LP is to hold
    order = np.empty(0, dtype=np.int64)  # the columns it holds, in HiGHS' order
    h: highspy.Highs | None = None
    bound, optimal = trivial, False
    last_reach: FloatArray | None = None
    last_prices = np.zeros(sparse.n_rows)
    x = np.zeros(n)
    rounds = 0
    while time.monotonic() < deadline:
        held = np.zeros(n, dtype=bool)
        held[order] = True
        ids = np.flatnonzero(inside & ~held)
        part = highs.column_slice(sparse, ids)
        if h is None:
            h = highs.new_model(
                cost=cols.weight[ids],
                matrix=part,
                row_lower=np.full(sparse.n_rows, -INF),
                row_upper=row_upper,
                integer=False,
                threads=threads,
                seed=seed,
            )
        else:
            # New columns leave the basis primal feasible: the primal simplex goes on from it.
            h.setOptionValue("simplex_strategy", 4)
            h.addCols(
                ids.size,
                cols.weight[ids],
                np.zeros(ids.size),
                np.ones(ids.size),
                part.index.size,
                part.start,
                part.index,
                part.value,
            )
        order = np.concatenate([order, ids])
        outcome = highs.run(h, time_limit=deadline - time.monotonic())
        rounds += 1
        duals = highs.row_prices(h, outcome, sparse.n_rows)
        if duals is None:
            break
        prices = np.maximum(duals, 0.0)  # rows with an upper limit have prices >= 0 (rounding noise aside)
        reduced = highs.reduced_weights(cols.weight, sparse, prices)
        value, reach = _bounds(cols, reduced, prices, row_upper, len(requests))
        bound = min(trivial, bound, value)
        if not outcome.optimal:  # stopped early: its duals may be in the other sign convention, also a bound
            bound = min(bound, highs.bound_from_prices(cols.weight, sparse, row_upper, -duals))
        else:
            x = np.zeros(n)
            x[order] = h.getSolution().col_value
        paying = (reduced > PRICE_TOLERANCE) & ~inside
        optimal = outcome.optimal and not paying.any()
        last_reach, last_prices = reach, prices
        if on_round:
            on_round(bound)
        if not outcome.optimal or optimal:
            break
        inside |= _entering(cols, reduced, paying)
    candidates = tuple(most_chosen_first(lp_columns(cols, requests, calendar, x)))
    return PricedLP(
        bound,
        optimal,
        cols,
        last_reach,
        candidates,
        rounds,
        last_prices[: len(requests)],
        last_prices[cap_row0:],
    )


def _bounds(
    cols: Columns, reduced: FloatArray, prices: FloatArray, row_upper: FloatArray, n_requests: int
) -> tuple[float, FloatArray]:
    """The bound of the whole model at these prices, and per column the most a schedule using it is worth.

    Two bounds hold for any prices y >= 0 (d = w - A'y; e = d + y_r, the weight less the prices of its
    shifts and caps only; u the row limits):
    - U = y.u + sum over columns of max(0, d): every schedule x has w.x <= y.u + d.x; one using column c
      is worth at most U + min(0, d_c);
    - L = y'.u' + sum over requests of max(0, the best e of its columns), with y' the prices of the shift
      and cap rows alone: a request is served at most once, so its columns add at most its best e. One
      using c is worth at most L - max(0, best e of c's request) + e_c.
    At the LP's optimum both are its value; before it L is the tighter (U counts every paying column of a
    request, L only the best), and it is what keeps a round stopped early a useful bound.
    """
    u = np.where(np.isfinite(row_upper), row_upper, 0.0)
    whole = float(prices @ u + np.maximum(reduced, 0.0).sum())
    by_column = whole + np.minimum(reduced, 0.0)
    own = reduced + prices[cols.request]
    best = np.zeros(n_requests)
    np.maximum.at(best, cols.request, own)
    lagrangian = float(prices[n_requests:] @ u[n_requests:] + best.sum())
    reach = np.minimum(by_column, lagrangian - best[cols.request] + own)
    return min(whole, lagrangian), reach


def _first_columns(
    cols: Columns, calendar: Calendar, requests: Sequence[Request], warm: Sequence[Assignment]
) -> np.ndarray:
    """The warm start's columns, and a few starts of every (request, instrument) spread over its starts."""
    n = cols.request.size
    inside = np.zeros(n, dtype=bool)
    inside[np.isin(column_keys(cols, calendar), assignment_keys(warm, requests, calendar))] = True
    pair = cols.request * len(calendar.index) + cols.instrument
    order = np.argsort(pair, kind="stable")
    edges = np.flatnonzero(np.diff(pair[order])) + 1
    for members in np.split(order, edges):
        picks = np.linspace(0, members.size - 1, min(FIRST_PER_PAIR, members.size)).astype(np.int64)
        inside[members[picks]] = True
    return inside


def _entering(cols: Columns, reduced: FloatArray, paying: np.ndarray) -> np.ndarray:
    """Of the paying columns, the best priced few of each request."""
    candidates = np.flatnonzero(paying)
    candidates = candidates[np.lexsort((-reduced[candidates], cols.request[candidates]))]
    request = cols.request[candidates]
    first_of_request = np.concatenate(([0], np.flatnonzero(np.diff(request)) + 1))
    rank = np.arange(candidates.size) - np.repeat(
        first_of_request, np.diff([*first_of_request, request.size])
    )
    out = np.zeros(cols.request.size, dtype=bool)
    out[candidates[rank < ENTER_PER_REQUEST]] = True
    return out
