"""A certified bound for large cycles: the time-indexed LP, decomposed by groups of stations.

A cap whose tagged requests all lie in one group is a row of that group's LP while such rows stay sparse
(`CAP_ROWS_SHARE`). The other caps, and those that couple groups, are priced at λ ≥ 0 (a Lagrangian
relaxation), which makes the groups independent:
    L(λ) = sum_groups max{ (w - λ*len*tagged) x : group rows } + λ * cap
is an upper bound for every λ ≥ 0, and its minimum equals the LP bound of the whole cycle. With no priced
cap one pass gives that LP bound exactly. Each group's LP stays warm, so a new price re-solves from the last
basis; groups are solved `threads` at a time, one HiGHS thread each. A group whose LP is not proven optimal
by the deadline adds the bound of the row prices it reached, else its trivial value at those prices (the
best positive reduced weight of each request), so every L(λ) reported is a bound.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial

import highspy
import numpy as np

from sciencecity.allocation import highs
from sciencecity.allocation.calendar import Calendar
from sciencecity.allocation.caps import charged, membership
from sciencecity.allocation.highs import INF
from sciencecity.allocation.model import Assignment, Problem, Request
from sciencecity.allocation.timeindexed import Columns, build_columns, lp_columns, matrix, most_chosen_first

FloatArray = np.ndarray


class GroupLP:
    """One group's LP relaxation with the rows of its own caps (`local`: tag -> budget) and without those of
    the priced caps (`tags`), kept for re-solving at new prices."""

    def __init__(
        self,
        calendar: Calendar,
        requests: Sequence[Request],
        tags: Sequence[str],
        seed: int,
        *,
        local: dict[str, float] | None = None,
        with_model: bool = True,
    ) -> None:
        self.requests = list(requests)
        self.cols: Columns = build_columns(calendar, requests)
        n = self.cols.request.size
        member = membership(requests, tags)
        self.tagged = member[self.cols.request] if n else np.zeros((0, len(tags)), dtype=bool)
        self.highs: highspy.Highs | None = None
        if n == 0 or not with_model:
            return
        own = dict(local or {})
        self.sparse, cap_row0 = matrix(self.cols, requests, calendar, list(own))
        self.row_upper = np.ones(self.sparse.n_rows)
        self.row_upper[cap_row0:] = list(own.values())
        self.highs = highs.new_model(
            cost=self.cols.weight,
            matrix=self.sparse,
            row_lower=np.full(self.sparse.n_rows, -INF),
            row_upper=self.row_upper,
            integer=False,
            threads=1,  # groups are solved side by side, one thread each
            seed=seed,
        )

    def solve(self, prices: FloatArray, deadline: float) -> tuple[float, FloatArray, FloatArray | None]:
        """(value, cap usage, x) at the given prices; when the LP does not finish by the deadline, a looser
        sure value."""
        cols, n = self.cols, self.cols.request.size
        if n == 0:
            return 0.0, np.zeros(prices.size), None
        cost = cols.weight - (self.tagged * prices).sum(axis=1) * cols.length
        h = self.highs
        if h is not None:
            h.changeColsCost(n, np.arange(n, dtype=np.int32), cost)
            outcome = highs.run(h, time_limit=deadline - time.monotonic())
            value, x = highs.lp_value(h, outcome), highs.lp_solution(h, outcome)
            if value is not None and x is not None:
                usage = (self.tagged * (x * cols.length)[:, None]).sum(axis=0)
                return value, usage, x
            priced = highs.priced_bound(h, outcome, cost, self.sparse, self.row_upper)
        else:
            priced = None
        # Each request at most once: the sum of its best positive column costs bounds the group.
        best = np.zeros(len(self.requests))
        np.maximum.at(best, cols.request, cost)
        trivial = float(np.maximum(best, 0).sum())
        return min(trivial, priced if priced is not None else np.inf), np.full(prices.size, np.inf), None


def _build(
    calendar: Calendar,
    group: Sequence[Request],
    tags: Sequence[str],
    local: dict[str, float],
    seed: int,
    deadline: float,
) -> GroupLP:
    """The group's LP while there is time; after the deadline (building a large group's model takes seconds)
    a group without a model, which gives the trivial bound."""
    return GroupLP(calendar, group, tags, seed, local=local, with_model=time.monotonic() < deadline)


# Cap rows are dense (one entry per tagged column) and slow the dual simplex down: on the medium neutron
# cycle (seven caps, the five country caps tagging every request) the LP with all of them as rows had not
# finished after 150 s under load, while the medium connected cycle's one industry cap (12 % of requests)
# costs nothing measurable. A group takes its own caps as rows, sparsest first, while their tagged columns
# add up to at most this share of its columns; the others are priced.
CAP_ROWS_SHARE = 0.25


def own_caps(
    problem: Problem, calendar: Calendar, groups: Sequence[Sequence[Request]]
) -> list[dict[str, float]]:
    """For each group, the caps that charge requests of that group alone and become rows of its LP."""
    out: list[dict[str, float]] = [{} for _ in groups]
    columns = [{r.id: sum(calendar.starts(r, i).size for i in r.instruments) for r in g} for g in groups]
    tagged: list[list[tuple[int, str, float]]] = [[] for _ in groups]
    for cap in problem.caps:
        charging = [k for k, g in enumerate(groups) if any(charged(r, (cap.tag,)) for r in g)]
        if len(charging) == 1:
            k = charging[0]
            size = sum(columns[k][r.id] for r in groups[k] if charged(r, (cap.tag,)))
            tagged[k].append((size, cap.tag, float(cap.max_shifts)))
    for k, caps in enumerate(tagged):
        room = CAP_ROWS_SHARE * sum(columns[k].values())
        for size, tag, limit in sorted(caps):
            if size > room:
                break
            out[k][tag] = limit
            room -= size
    return out


@dataclass
class LagrangeResult:
    bound: float
    prices: FloatArray
    candidates: list[Assignment] = field(default_factory=list)
    passes: int = 0


def initial_prices(problem: Problem, calendar: Calendar) -> FloatArray:
    """Guess each cap's price: the value per shift of the last tagged request the cap admits, less the value
    per shift at which open time runs out."""
    open_shifts = 0.95 * sum(calendar.open_shifts(i.id) for i in problem.instruments)
    by_value = sorted(problem.requests, key=lambda r: -r.weight / r.shifts)
    prices = []
    for cap in problem.caps:
        used, admitted_value = 0, 0.0
        for r in by_value:
            if charged(r, (cap.tag,)):
                used += r.shifts
                admitted_value = r.weight / r.shifts
                if used >= cap.max_shifts:
                    break
        else:
            prices.append(0.0)  # the cap never binds on demand
            continue
        filled, margin = 0.0, 0.0
        tagged_used = 0
        for r in by_value:
            if charged(r, (cap.tag,)):
                if tagged_used + r.shifts > cap.max_shifts:
                    continue
                tagged_used += r.shifts
            filled += r.shifts
            margin = r.weight / r.shifts
            if filled >= open_shifts:
                break
        prices.append(max(0.0, admitted_value - margin))
    return np.array(prices, dtype=float)


def lagrangian_bound(
    problem: Problem,
    calendar: Calendar,
    groups: Sequence[Sequence[Request]],
    *,
    deadline: float,
    seed: int,
    workers: int,
    more_passes_until: float | None = None,
    on_pass: Callable[[float], None] | None = None,
    max_passes: int = 8,
) -> LagrangeResult:
    local = own_caps(problem, calendar, groups)
    is_local = {tag for own in local for tag in own}
    charging = {
        tag for g in groups for r in g for tag in r.tags
    }  # a cap that charges no request needs no price
    priced = [j for j, cap in enumerate(problem.caps) if cap.tag not in is_local and cap.tag in charging]
    tags = [problem.caps[j].tag for j in priced]
    caps = np.array([problem.caps[j].max_shifts for j in priced], dtype=float)
    with ThreadPoolExecutor(max(1, workers)) as pool:
        lps = list(
            pool.map(
                lambda k: _build(calendar, groups[k], tags, local[k], seed, deadline), range(len(groups))
            )
        )
        prices = initial_prices(problem, calendar)[priced]
        result = LagrangeResult(bound=np.inf, prices=prices)
        history: list[tuple[FloatArray, float, FloatArray]] = []
        pass_time = 0.0
        for _ in range(max_passes):
            # The first pass may run to the deadline; later ones (better prices) until `more_passes_until`.
            left = (
                deadline if more_passes_until is None else min(deadline, more_passes_until)
            ) - time.monotonic()
            if history and left < 1.2 * pass_time:
                break
            began = time.monotonic()
            # No floor: a group that cannot finish by the deadline gives its trivial bound.
            solved = list(pool.map(partial(GroupLP.solve, prices=prices, deadline=deadline), lps))
            pass_time = time.monotonic() - began
            value = sum(v for v, _, _ in solved) + float(prices @ caps)
            usage = np.sum([u for _, u, _ in solved], axis=0) if solved else np.zeros(len(tags))
            history.append((prices.copy(), value, caps - usage))
            result.passes += 1
            if value < result.bound:
                result.bound, result.prices = value, prices.copy()
                result.candidates = _candidates(calendar, lps, [x for _, _, x in solved])
            if on_pass:
                on_pass(result.bound)
            if not tags or not np.all(np.isfinite(usage)):
                break
            prices = _next_prices(history)
            if np.allclose(prices, history[-1][0]):
                break
    return result


def _next_prices(history: list[tuple[FloatArray, float, FloatArray]]) -> FloatArray:
    """Per cap: where the two best cutting planes around the minimum meet; otherwise step outwards."""
    current, _, _ = history[-1]
    out = current.copy()
    for j in range(current.size):
        below = [(p[j], v, g[j]) for p, v, g in history if g[j] < 0]  # over the cap: price too low
        above = [(p[j], v, g[j]) for p, v, g in history if g[j] >= 0]
        if below and above:
            (pa, va, ga), (pb, vb, gb) = max(below), min(above)
            meet = (vb - va + ga * pa - gb * pb) / (ga - gb) if ga != gb else (pa + pb) / 2
            out[j] = float(np.clip(meet, pa, pb)) if pb > pa else pa
        elif below:
            out[j] = max(below)[0] * 1.5 + 0.25
        else:
            out[j] = min(above)[0] * 0.5
    return out


def _candidates(
    calendar: Calendar, lps: Sequence[GroupLP], xs: Sequence[FloatArray | None]
) -> list[Assignment]:
    columns = []
    for lp, x in zip(lps, xs, strict=True):
        columns += lp_columns(lp.cols, lp.requests, calendar, x)
    return most_chosen_first(columns)
