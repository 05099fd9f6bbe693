"""The packing bound: an LP whose columns are whole packings of a stretch, tighter than the time-indexed LP.

A *stretch* is a maximal run of an instrument's open shifts, between its machine days, shutdowns and
in-house weeks; every placement lies inside one. The time-indexed LP may fill a stretch with a fractional
mix of placements that holds one request twice, at two starts. The packing LP's columns are *packings*:
sets of requests, each once, that fit a stretch together. Its bound comes from prices alone, so any round
gives one. For request prices l >= 0 and cap prices k >= 0 (profit p_r = w_r - l_r - k . r's capped shifts),
every schedule is worth at most

    L = sum(l) + k . u + sum over stretches of best(stretch)

where best is the most a packing of the stretch is worth at the profits p (the empty packing is worth 0).
At the time-indexed LP's own request and cap prices L is already at most that LP's value (its stretches may
repeat a request, so their best is no lower); rounds of column generation then lower it to the packing LP's.
The same prices bound, per time-indexed column, every schedule that uses it (`reach`, for `fixing.py`).

Measured on the small connected cycle of seed 3: time-indexed LP 7,397.7, packing LP 7,390.25, optimum
7,389.9. Fixing at the packing prices kept 20 % of the columns above 7,389.9 (71 % at the time-indexed
ones), and HiGHS proved that nothing is above it in 1.9 s, where it had taken 18 s.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace

import highspy
import numpy as np
import numpy.typing as npt

from sciencecity.allocation import caps, highs
from sciencecity.allocation.calendar import Calendar
from sciencecity.allocation.caps import membership
from sciencecity.allocation.highs import INF, FloatArray
from sciencecity.allocation.model import Assignment, Problem, Request
from sciencecity.allocation.pricing import PricedLP
from sciencecity.allocation.schedule import Schedule
from sciencecity.allocation.timeindexed import Columns

# Search nodes for one stretch's best packing; past them its best is the repeat-allowing bound.
NODE_LIMIT = 20_000
# Longer stretches get the repeat-allowing bound, not the search, which recurses once per shift.
SEARCH_SHIFTS = 500
PAYS = 1e-6  # a packing enters the LP when it is worth more than its rows' prices by this


@dataclass(frozen=True)
class PackingBound:
    bound: float  # a proven upper bound of the whole model
    reach: FloatArray  # per time-indexed column, the most a schedule using it is worth
    rounds: int
    lp: PackingLP  # the packing LP, with the packings it holds
    converged: bool  # no packing pays at its prices: `bound` is the packing LP's value


@dataclass
class Stretch:
    instrument: int
    first: int  # the stretch's first shift
    length: int
    columns: npt.NDArray[np.int64]  # the time-indexed columns that lie in it


class _Packer:
    """Best packings of one stretch at given profits."""

    def __init__(self, stretch: Stretch, cols: Columns) -> None:
        self.stretch = stretch
        offset = cols.start[stretch.columns] - stretch.first
        order = np.argsort(offset, kind="stable")
        self.columns = stretch.columns[order]  # the stretch's columns by first shift
        self.request = cols.request[self.columns]
        self.offset = offset[order]
        self.length = cols.length[self.columns]
        self.end = self.offset + self.length
        self.at = np.searchsorted(self.offset, np.arange(stretch.length + 1))  # columns from offset t on
        by_end = np.argsort(self.end, kind="stable")
        self.by_end = by_end
        self.ending = np.searchsorted(self.end[by_end], np.arange(stretch.length + 2))

    def after(self, gain: FloatArray) -> tuple[FloatArray, npt.NDArray[np.int64]]:
        """The repeat-allowing best at these column gains from each offset to the stretch's end, and the
        column that starts it at each offset (-1: that shift left empty). A request may be packed twice in
        it, so it bounds the packings, which may not."""
        size = self.stretch.length
        after = np.zeros(size + 1)
        choice = np.full(size, -1, dtype=np.int64)
        at, end = self.at, self.end
        for t in range(size - 1, -1, -1):
            a, b = at[t], at[t + 1]
            after[t] = after[t + 1]
            if b > a:
                values = gain[a:b] + after[end[a:b]]
                k = int(values.argmax())
                if values[k] > after[t]:
                    after[t], choice[t] = float(values[k]), a + k
        return after, choice

    def before(self, gain: FloatArray) -> FloatArray:
        """The repeat-allowing best from the stretch's start to each offset."""
        before = np.zeros(self.stretch.length + 1)
        order, ending, offset = self.by_end, self.ending, self.offset
        for t in range(1, self.stretch.length + 1):
            members = order[ending[t] : ending[t + 1]]
            before[t] = before[t - 1]
            if members.size:
                before[t] = max(before[t], float((gain[members] + before[offset[members]]).max()))
        return before

    def best(self, profit: FloatArray) -> tuple[float, list[tuple[int, int]]]:
        """An upper bound of what a packing of the stretch is worth at `profit`, and the best packing found
        as (request, first shift) pairs: the exact best unless the search ran out of nodes."""
        gain = profit[self.request]
        paying = np.flatnonzero(gain > 0)
        if paying.size == 0:
            return 0.0, []
        after, choice = self.after(np.where(gain > 0, gain, -np.inf))
        size = self.stretch.length
        path: list[int] = []
        t = 0
        while t < size:
            if choice[t] < 0:
                t += 1
                continue
            path.append(int(choice[t]))
            t = int(self.end[choice[t]])
        first: dict[int, int] = {}  # each request of the path at its first column
        for k in path:
            first.setdefault(int(self.request[k]), k)
        best_packing = [(r, self.stretch.first + int(self.offset[k])) for r, k in first.items()]
        if len(first) == len(path):  # no request twice: the bound is a packing, the best
            return float(after[0]), best_packing
        if size > SEARCH_SHIFTS:
            return float(after[0]), best_packing  # the search recurses once per shift: the bound alone
        # The path less its repeats is a packing; the search looks only at columns that could beat it.
        found = float(profit[list(first)].sum())
        positive = np.where(gain > 0, gain, -np.inf)
        through = gain + self.before(positive)[self.offset] + after[self.end]
        promising = paying[through[paying] > found + 1e-9]
        promising = promising[np.lexsort((-gain[promising], self.offset[promising]))]
        cuts = np.searchsorted(self.offset[promising], np.arange(size + 1)).tolist()
        pairs = list(zip(self.request[promising].tolist(), self.length[promising].tolist(), strict=True))
        by_offset = [pairs[cuts[t] : cuts[t + 1]] for t in range(size)]  # best gain first
        packing: list[tuple[int, int]] = []
        used: set[int] = set()
        nodes = 0

        def search(t: int, worth: float) -> None:
            nonlocal nodes, found, best_packing
            nodes += 1
            if worth > found + 1e-12:
                found, best_packing = worth, list(packing)
            while t < size and not by_offset[t]:
                t += 1
            if t >= size or nodes > NODE_LIMIT or worth + after[t] <= found + 1e-9:
                return
            for request, length in by_offset[t]:
                if request in used or worth + profit[request] + after[t + length] <= found + 1e-9:
                    continue
                used.add(request)
                packing.append((request, self.stretch.first + t))
                search(t + length, worth + profit[request])
                packing.pop()
                used.discard(request)
            search(t + 1, worth)

        search(0, 0.0)
        upper = found if nodes <= NODE_LIMIT else float(after[0])
        return upper, best_packing

    def reach(self, profit: FloatArray) -> FloatArray:
        """Per column of the stretch (in `self.columns` order), a bound of what a packing holding it is
        worth at `profit`."""
        gain = profit[self.request]
        positive = np.where(gain > 0, gain, -np.inf)
        after, _ = self.after(positive)
        before = self.before(positive)
        return np.asarray(gain + before[self.offset] + after[self.end], dtype=float)


def pack(
    problem: Problem,
    calendar: Calendar,
    schedule: Schedule,
    placeable: Sequence[Request],
    priced: PricedLP,
    *,
    protected: frozenset[str],
    bound_until: float,
    schedule_for: Callable[[], float],
    threads: int,
    seed: int,
) -> PricedLP:
    """The pack stage: tighten the LP of `placeable` with the packing bound (until `bound_until`); if the
    packing LP converged, adopt the best schedule of its packings (given `schedule_for()` seconds) when it
    beats `schedule`. Returns the tightened LP."""
    tightened, packings = tighten(
        priced,
        calendar,
        placeable,
        budgets=caps.budgets(problem.caps),
        warm=[Assignment(r.id, *spot) for r in placeable if (spot := schedule.placed.get(r.id))],
        deadline=bound_until,
        threads=threads,
        seed=seed,
    )
    if packings is not None:
        position = {r.id: k for k, r in enumerate(placeable)}
        found = packings.best_schedule(schedule_for(), served=[position[rid] for rid in protected])
        if found is not None and schedule.worth(found) > schedule.objective:
            schedule.replace(problem.requests, found)
    return tightened


def tighten(
    priced: PricedLP,
    calendar: Calendar,
    requests: Sequence[Request],
    *,
    budgets: Mapping[str, float],
    warm: Sequence[Assignment],
    deadline: float,
    threads: int,
    seed: int,
) -> tuple[PricedLP, PackingLP | None]:
    """The time-indexed LP of `requests` (`pricing.priced_lp`) with the packing bound's tighter bound and
    reach where the packing bound had time to be computed, and the packing LP when it converged (its
    packings then make good schedules: `PackingLP.best_schedule`)."""
    if priced.reach is None:
        return priced, None  # no prices to start from (a round's prices and reach come together)
    packed = packing_bound(
        calendar,
        requests,
        priced.columns,
        budgets=budgets,
        request_prices=priced.request_prices,
        cap_prices=priced.cap_prices,
        warm=warm,
        deadline=deadline,
        threads=threads,
        seed=seed,
    )
    if packed is None:
        return priced, None
    tightened = replace(
        priced, bound=min(priced.bound, packed.bound), reach=np.minimum(priced.reach, packed.reach)
    )
    return tightened, packed.lp if packed.converged else None


def stretches(cols: Columns, calendar: Calendar) -> list[Stretch]:
    """The stretches that hold time-indexed columns, each with its columns."""
    out: list[Stretch] = []
    for k in range(len(calendar.index)):
        open_ = ~calendar.closed[k]
        edges = np.diff(np.concatenate(([0], open_.astype(np.int8), [0])))
        firsts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
        on_instrument = np.flatnonzero(cols.instrument == k)
        which = np.searchsorted(firsts, cols.start[on_instrument], side="right") - 1
        order = np.argsort(which, kind="stable")
        for s, members in zip(*_split_by(which[order], on_instrument[order]), strict=True):
            out.append(Stretch(k, int(firsts[s]), int(ends[s] - firsts[s]), members))
    return out


def _split_by(keys: np.ndarray, values: np.ndarray) -> tuple[list[int], list[np.ndarray]]:
    if keys.size == 0:
        return [], []
    cuts = np.flatnonzero(np.diff(keys)) + 1
    return [int(keys[0]), *(int(keys[c]) for c in cuts)], np.split(values, cuts)


def packing_bound(
    calendar: Calendar,
    requests: Sequence[Request],
    cols: Columns,
    *,
    budgets: Mapping[str, float],
    request_prices: FloatArray,
    cap_prices: FloatArray,
    warm: Sequence[Assignment],
    deadline: float,
    threads: int,
    seed: int,
) -> PackingBound | None:
    """The packing bound of the time-indexed model over `cols`, from the given prices (the time-indexed LP's:
    request rows, then caps in `budgets` order) and rounds of column generation until `deadline`. None when
    there was no time for one round. Every round's prices give a bound; the best is kept."""
    tags = list(budgets)
    capped = membership(requests, tags).astype(float) * np.array([r.shifts for r in requests])[:, None]
    limits = np.array([budgets[tag] for tag in tags], dtype=float)
    weight = np.array([r.weight for r in requests], dtype=float)
    packers = [_Packer(s, cols) for s in stretches(cols, calendar)]
    master = PackingLP(
        [r.id for r in requests],
        [calendar.problem.instruments[p.stretch.instrument].id for p in packers],
        limits,
        weight,
        capped,
        threads,
        seed,
    )
    master.add_schedule(warm, requests, calendar, [p.stretch for p in packers])

    def evaluate(lam: FloatArray, kap: FloatArray) -> tuple[float, list[float], list[list[tuple[int, int]]]]:
        profit = weight - lam - capped @ kap
        found = [packer.best(profit) for packer in packers]
        value = math.fsum(lam) + float(kap @ limits) + math.fsum(upper for upper, _ in found)
        return value, [upper for upper, _ in found], [packing for _, packing in found]

    if request_prices.size != len(requests) or cap_prices.size != len(tags):
        request_prices, cap_prices = np.zeros(len(requests)), np.zeros(len(tags))  # any prices give a bound
    prices = (np.maximum(request_prices, 0.0), np.maximum(cap_prices, 0.0))
    best: tuple[float, FloatArray, FloatArray, list[float]] | None = None
    rounds, slowest, converged = 0, 0.0, False
    master.solve(deadline - time.monotonic())  # over the warm schedule's packings
    own = False  # whether `prices` are the packing LP's own (the first are the time-indexed LP's)
    while time.monotonic() + 2 * slowest < deadline:  # a round, and the pass for `reach` after it
        began = time.monotonic()
        value, uppers, packings = evaluate(*prices)
        rounds += 1
        if best is None or value < best[0]:
            best = (value, prices[0], prices[1], uppers)
        added = sum(master.add_if_paying(s, packing) for s, packing in enumerate(packings) if packing)
        if not added and own:
            converged = True  # nothing pays at the packing LP's own prices: its value is the bound
            break
        if added and master.solve(deadline - time.monotonic()) is None:
            break
        prices, own = master.prices(), True
        slowest = max(slowest, time.monotonic() - began)
    if best is None:
        return None
    value, lam, kap, uppers = best
    profit = weight - lam - capped @ kap
    reach = np.full(cols.request.size, value)
    for packer, upper in zip(packers, uppers, strict=True):
        reach[packer.columns] = value - upper + packer.reach(profit)
    return PackingBound(min(value, float(weight.sum())), reach, rounds, master, converged)


class PackingLP:
    """The packing LP over the packings found so far: requests at most once, a stretch holds at most one
    packing, caps within their budgets."""

    def __init__(
        self,
        request_ids: list[str],
        stretch_instruments: list[str],
        limits: FloatArray,
        weight: FloatArray,
        capped: FloatArray,
        threads: int,
        seed: int,
    ) -> None:
        self.request_ids, self.stretch_instruments = request_ids, stretch_instruments
        self.n_requests, self.n_stretches = len(request_ids), len(stretch_instruments)
        n_requests, n_stretches = self.n_requests, self.n_stretches
        self.weight, self.capped = weight, capped
        self.cap_row0 = n_requests + n_stretches  # rows: requests, stretches, then caps
        self.n_rows = self.cap_row0 + limits.size
        upper = np.concatenate([np.ones(n_requests + n_stretches), limits])
        empty = highs.SparseColumns(
            np.zeros(1, dtype=np.int32), np.empty(0, dtype=np.int32), np.empty(0), self.n_rows
        )
        self.h = highs.new_model(
            cost=np.empty(0),
            matrix=empty,
            row_lower=np.full(self.n_rows, -INF),
            row_upper=upper,
            integer=False,
            threads=threads,
            seed=seed,
        )
        self.duals = np.zeros(self.n_rows)
        self.packings: list[list[tuple[int, int]]] = []  # (request, first shift) pairs, one list per column
        self.stretch_of: list[int] = []  # the stretch of each column
        self.warm = 0

    def add_schedule(
        self,
        warm: Sequence[Assignment],
        requests: Sequence[Request],
        calendar: Calendar,
        parts: list[Stretch],
    ) -> None:
        """The warm schedule's packings, one per stretch it uses."""
        position = {r.id: k for k, r in enumerate(requests)}
        stretch_at = np.full((len(calendar.index), calendar.shifts), -1, dtype=np.int64)
        for n, part in enumerate(parts):
            stretch_at[part.instrument, part.first : part.first + part.length] = n
        by_stretch: dict[int, list[tuple[int, int]]] = {}
        for a in warm:
            n = int(stretch_at[calendar.index[a.instrument], a.start])
            if n >= 0 and a.request in position:
                by_stretch.setdefault(n, []).append((position[a.request], a.start))
        for n, packing in by_stretch.items():
            self.add(n, packing)
        self.warm = len(self.packings)  # the first columns are the warm schedule's

    def add(self, stretch: int, packing: list[tuple[int, int]]) -> None:
        members = sorted({request for request, _ in packing})
        cap_use = self.capped[members].sum(axis=0)
        caps = np.flatnonzero(cap_use > 0)
        index = np.array(
            [*members, self.n_requests + stretch, *(self.cap_row0 + caps)],
            dtype=np.int32,
        )
        value = np.concatenate([np.ones(len(members) + 1), cap_use[caps]])
        cost = float(self.weight[members].sum())
        self.h.addCol(cost, 0.0, INF, index.size, index, value)
        self.packings.append(packing)
        self.stretch_of.append(stretch)

    def add_if_paying(self, stretch: int, packing: list[tuple[int, int]]) -> bool:
        """Add the packing when it is worth more than its rows' prices in this LP (it could enter)."""
        members = [request for request, _ in packing]
        reduced = float(
            (self.weight[members] - self.duals[members]).sum()
            - self.capped[members].sum(axis=0) @ self.duals[self.cap_row0 :]
            - self.duals[self.n_requests + stretch]
        )
        if reduced <= PAYS:
            return False
        self.add(stretch, packing)
        return True

    def solve(self, time_limit: float) -> FloatArray | None:
        # New packings leave the basis primal feasible: the primal simplex goes on from it.
        self.h.setOptionValue("simplex_strategy", 4)
        outcome = highs.run(self.h, time_limit=time_limit)
        duals = highs.row_prices(self.h, outcome, self.n_rows)
        if duals is None or not outcome.optimal:
            return None
        self.duals = np.maximum(duals, 0.0)
        return self.duals

    def prices(self) -> tuple[FloatArray, FloatArray]:
        """The LP's request and cap prices."""
        return self.duals[: self.n_requests], self.duals[self.cap_row0 :]

    def best_schedule(self, time_limit: float, *, served: Sequence[int] = ()) -> list[Assignment] | None:
        """The best schedule made of the packings the LP holds, one per stretch (its MILP, which the LP's
        column generation has made small: price and branch), serving every request in `served`; None when
        HiGHS found none it calls feasible within `time_limit` seconds. The LP is a MILP afterwards."""
        n = self.h.getNumCol()
        if n == 0:
            return None
        everything = np.arange(n, dtype=np.int32)
        self.h.changeColsIntegrality(n, everything, np.full(n, highspy.HighsVarType.kInteger))
        self.h.changeColsBounds(n, everything, np.zeros(n), np.ones(n))
        for row in served:
            self.h.changeRowBounds(int(row), 1.0, 1.0)
        self.h.setOptionValue("simplex_strategy", 1)  # the dual simplex, HiGHS' own for a MILP's nodes
        start = highspy.HighsSolution()
        start.col_value = [1.0] * self.warm + [0.0] * (n - self.warm)  # the warm schedule's packings
        start.value_valid = True
        self.h.setSolution(start)
        outcome = highs.run(self.h, time_limit=time_limit)
        x = highs.mip_incumbent(self.h, outcome)
        if x is None:
            return None
        return [
            Assignment(self.request_ids[request], self.stretch_instruments[self.stretch_of[k]], start)
            for k in np.flatnonzero(x > 0.5)
            for request, start in self.packings[k]
        ]
