"""The time-indexed model: one 0/1 variable per feasible (request, instrument, start), solved by HiGHS.

Rows: each request at most once (exactly once when pinned); each open shift of each instrument used at most
once; each cap's tagged shifts at most its budget. Its LP relaxation is a far tighter upper bound than any
capacity-aggregating LP, and its MILP closes most of the gap quickly on one component of stations.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import highspy
import numpy as np

from sciencecity.allocation import highs
from sciencecity.allocation.calendar import Calendar
from sciencecity.allocation.caps import membership
from sciencecity.allocation.highs import INF, SparseColumns
from sciencecity.allocation.model import Assignment, Cutoff, Request

# Building a model's matrix and handing it to HiGHS, per nonzero: measured on the small neutron cycle
# (530,000 nonzeros, load 9 on 2 cores) a MILP given 0.8 s took 1.4 s, which overran the solve's limit.
BUILD_SECONDS_PER_NONZERO = 2e-6


@dataclass
class Columns:
    request: np.ndarray  # index into the component's request list
    instrument: np.ndarray  # index into the calendar's instruments
    start: np.ndarray
    length: np.ndarray
    weight: np.ndarray

    def subset(self, keep: np.ndarray) -> Columns:
        return Columns(
            self.request[keep], self.instrument[keep], self.start[keep], self.length[keep], self.weight[keep]
        )


@dataclass(frozen=True)
class ModelResult:
    objective: float
    bound: float  # always a proven upper bound of the model solved
    assignments: tuple[Assignment, ...]
    fractional: tuple[Assignment, ...] = ()  # the LP's positive columns, most chosen first


def build_columns(calendar: Calendar, requests: Sequence[Request]) -> Columns:
    parts_r, parts_i, parts_s = [], [], []
    for k, request in enumerate(requests):
        for instrument in request.instruments:
            starts = calendar.starts(request, instrument)
            if starts.size:
                parts_r.append(np.full(starts.size, k, dtype=np.int64))
                parts_i.append(np.full(starts.size, calendar.index[instrument], dtype=np.int64))
                parts_s.append(starts)
    if not parts_r:
        empty = np.empty(0, dtype=np.int64)
        return Columns(empty, empty, empty, empty, np.empty(0))
    req = np.concatenate(parts_r)
    lengths = np.array([r.shifts for r in requests], dtype=np.int64)
    weights = np.array([r.weight for r in requests], dtype=float)
    return Columns(req, np.concatenate(parts_i), np.concatenate(parts_s), lengths[req], weights[req])


def matrix(
    cols: Columns, requests: Sequence[Request], calendar: Calendar, cap_tags: Sequence[str]
) -> tuple[SparseColumns, int]:
    """Column-wise sparse matrix and where cap rows begin: request rows, then one row per used cell of an
    instrument's calendar, then one row per cap (the tagged shifts, each cap counted once per request)."""
    n = cols.request.size
    n_req = len(requests)
    # Capacity entries: column c covers shifts start..start+len-1 of its instrument.
    reps = cols.length
    col_of_entry = np.repeat(np.arange(n), reps)
    offsets = np.arange(reps.sum()) - np.repeat(np.cumsum(reps) - reps, reps)
    cell = cols.instrument[col_of_entry] * calendar.shifts + cols.start[col_of_entry] + offsets
    used_cells, cap_row = np.unique(cell, return_inverse=True)
    n_cells = used_cells.size
    tag_member = membership(requests, cap_tags)
    # Assemble entries per column: request row, capacity rows, cap rows.
    cap_entries = [(np.nonzero(tag_member[cols.request, j])[0], j) for j in range(len(cap_tags))]
    rows = [cols.request, n_req + cap_row]
    owner = [np.arange(n), col_of_entry]
    values = [np.ones(n), np.ones(cap_row.size)]
    for members, j in cap_entries:
        rows.append(np.full(members.size, n_req + n_cells + j, dtype=np.int64))
        owner.append(members)
        values.append(cols.length[members].astype(float))
    all_owner = np.concatenate(owner)
    order = np.argsort(all_owner, kind="stable")
    index = np.concatenate(rows)[order].astype(np.int32)
    value = np.concatenate(values)[order]
    start = np.zeros(n + 1, dtype=np.int32)
    np.cumsum(np.bincount(all_owner, minlength=n), out=start[1:])
    return SparseColumns(start, index, value, n_req + n_cells + len(cap_tags)), n_req + n_cells


def solve_component(
    calendar: Calendar,
    requests: Sequence[Request],
    *,
    budgets: Mapping[str, float],
    pinned: frozenset[str],
    warm: Sequence[Assignment],
    time_limit: float,
    integer: bool,
    threads: int,
    seed: int,
    absolute_gap: float = 0.0,
    columns: Columns | None = None,
    cutoff: Cutoff | None = None,
) -> ModelResult:
    """Solve the component's LP relaxation (integer=False) or MILP, warm-started from `warm`; over every
    feasible start of its requests, or over `columns` alone (a neighbourhood's, `lns.py`). A MILP given a
    `cutoff` seeks only schedules worth more than its value (`highs.seek_above`).

    The result's bound is always a proven upper bound of this model: HiGHS' when its status proves one, else
    the trivial one (every request of the component). Its assignments are HiGHS' only when HiGHS calls them
    feasible and they beat the warm start; otherwise the warm start.
    """
    deadline = time.monotonic() + time_limit  # building the model counts against the limit too
    trivial = float(sum(r.weight for r in requests))
    if time_limit <= 0:  # no time: not even to build the model
        weight = {r.id: r.weight for r in requests}
        warm_objective = float(sum(weight[a.request] for a in warm))
        return ModelResult(warm_objective, max(trivial, warm_objective), tuple(warm))
    cols = build_columns(calendar, requests) if columns is None else columns
    n = cols.request.size
    if n == 0:
        return ModelResult(0.0, 0.0, ())
    if deadline - time.monotonic() < BUILD_SECONDS_PER_NONZERO * float(cols.length.sum() + n):
        # Too little time to build the matrix and set HiGHS up, let alone solve: keep the warm start.
        weight = {r.id: r.weight for r in requests}
        warm_objective = float(sum(weight[a.request] for a in warm))
        return ModelResult(warm_objective, max(trivial, warm_objective), tuple(warm))
    cap_tags = list(budgets)
    sparse, cap_row0 = matrix(cols, requests, calendar, cap_tags)
    row_lower = np.full(sparse.n_rows, -INF)
    row_upper = np.ones(sparse.n_rows)
    for k, request in enumerate(requests):
        if request.id in pinned:
            row_lower[k] = 1.0
    for j, tag in enumerate(cap_tags):
        row_upper[cap_row0 + j] = budgets[tag]
    h = highs.new_model(
        cost=cols.weight,
        matrix=sparse,
        row_lower=row_lower,
        row_upper=row_upper,
        integer=integer,
        threads=threads,
        seed=seed,
        absolute_gap=absolute_gap,
    )
    warm_x = _warm_vector(cols, requests, calendar, warm)
    if integer and warm_x is not None:
        solution = highspy.HighsSolution()
        solution.col_value = warm_x
        solution.value_valid = True
        h.setSolution(solution)
    if integer and cutoff is not None:
        highs.seek_above(h, cutoff.value)
    budget = deadline - time.monotonic()
    if integer:
        budget = highs.mip_time_limit(budget, sparse.value.size)
    outcome = highs.run(h, time_limit=budget)
    warm_objective = float(cols.weight @ warm_x) if warm_x is not None else 0.0
    if not integer:
        value = highs.lp_value(h, outcome)
        if value is None:  # out of time: the prices it reached, else only the trivial bound, are sure
            value = highs.priced_bound(h, outcome, cols.weight, sparse, row_upper)
        x = highs.lp_solution(h, outcome)
        bound = trivial if value is None else min(value, trivial)
        return ModelResult(
            warm_objective,
            max(bound, warm_objective),
            tuple(warm),
            tuple(most_chosen_first(lp_columns(cols, requests, calendar, x))),
        )
    proven = highs.mip_bound(h, outcome, cutoff=None if cutoff is None else cutoff.value)
    if cutoff is not None and proven is not None:
        proven = cutoff.bound(proven)
    bound = trivial if proven is None else proven
    x = highs.mip_incumbent(h, outcome)
    if x is None or x.size != n:
        return ModelResult(warm_objective, max(bound, warm_objective), tuple(warm))
    chosen = np.nonzero(x > 0.5)[0]
    objective = float(cols.weight[chosen].sum())
    if objective < warm_objective - 1e-9:
        return ModelResult(warm_objective, max(bound, warm_objective), tuple(warm))
    names = [inst.id for inst in calendar.problem.instruments]
    assignments = tuple(
        Assignment(requests[int(cols.request[c])].id, names[int(cols.instrument[c])], int(cols.start[c]))
        for c in chosen
    )
    return ModelResult(objective, max(bound, objective), assignments)


def lp_columns(
    cols: Columns, requests: Sequence[Request], calendar: Calendar, x: np.ndarray | None
) -> list[tuple[float, float, Assignment]]:
    """The LP's positive columns as (value, weight, assignment)."""
    if x is None:
        return []
    names = [inst.id for inst in calendar.problem.instruments]
    return [
        (
            float(x[c]),
            float(cols.weight[c]),
            Assignment(requests[int(cols.request[c])].id, names[int(cols.instrument[c])], int(cols.start[c])),
        )
        for c in np.nonzero(x > 1e-6)[0]
    ]


def most_chosen_first(columns: Sequence[tuple[float, float, Assignment]]) -> list[Assignment]:
    """The order rounding takes columns in: LP value, then weight, then request, instrument and start."""
    ordered = sorted(columns, key=lambda c: (-c[0], -c[1], c[2].request, c[2].instrument, c[2].start))
    return [a for _, _, a in ordered]


def column_keys(cols: Columns, calendar: Calendar) -> np.ndarray:
    """One integer per column: (request, instrument, start) in one number."""
    keys: np.ndarray = (cols.request * len(calendar.index) + cols.instrument) * calendar.shifts + cols.start
    return keys


def assignment_keys(
    assignments: Sequence[Assignment], requests: Sequence[Request], calendar: Calendar
) -> np.ndarray:
    """The `column_keys` of assignments of `requests` (those of other requests are left out)."""
    position = {r.id: k for k, r in enumerate(requests)}
    return np.array(
        [
            (position[a.request] * len(calendar.index) + calendar.index[a.instrument]) * calendar.shifts
            + a.start
            for a in assignments
            if a.request in position
        ],
        dtype=np.int64,
    )


def _warm_vector(
    cols: Columns, requests: Sequence[Request], calendar: Calendar, warm: Sequence[Assignment]
) -> np.ndarray | None:
    if not warm:
        return np.zeros(cols.request.size)
    key = column_keys(cols, calendar)
    order = np.argsort(key)
    wanted = assignment_keys(warm, requests, calendar)
    if wanted.size != len(warm):
        return None
    found = np.searchsorted(key, wanted, sorter=order)
    found = np.minimum(found, key.size - 1)
    hit = key[order[found]] == wanted
    if not hit.all():
        return None
    x = np.zeros(cols.request.size)
    x[order[found]] = 1.0
    return x
