"""The time-indexed model: one 0/1 variable per feasible (request, instrument, start), solved by HiGHS.

Rows: each request at most once (exactly once when pinned); each open shift of each instrument used at most
once; each cap's tagged shifts at most its budget. Its LP relaxation is a far tighter upper bound than any
capacity-aggregating LP, and its MILP closes most of the gap quickly on one component of stations.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import highspy
import numpy as np

from sciencecity.allocation.calendar import Calendar
from sciencecity.allocation.model import Assignment, Request

INF = highspy.kHighsInf


@dataclass
class Columns:
    request: np.ndarray  # index into the component's request list
    instrument: np.ndarray  # index into the calendar's instruments
    start: np.ndarray
    length: np.ndarray
    weight: np.ndarray


@dataclass(frozen=True)
class ModelResult:
    objective: float
    bound: float
    assignments: tuple[Assignment, ...]
    optimal: bool


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
) -> tuple[np.ndarray, np.ndarray, np.ndarray, int, int]:
    """Column-wise sparse matrix (start, index, value), the number of rows, and where cap rows begin."""
    n = cols.request.size
    n_req = len(requests)
    # Capacity entries: column c covers shifts start..start+len-1 of its instrument.
    reps = cols.length
    col_of_entry = np.repeat(np.arange(n), reps)
    offsets = np.arange(reps.sum()) - np.repeat(np.cumsum(reps) - reps, reps)
    cell = cols.instrument[col_of_entry] * calendar.shifts + cols.start[col_of_entry] + offsets
    used_cells, cap_row = np.unique(cell, return_inverse=True)
    n_cells = used_cells.size
    tag_member = np.array([[tag in r.tags for tag in cap_tags] for r in requests], dtype=bool).reshape(
        n_req, len(cap_tags)
    )
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
    return start, index, value, n_req + n_cells + len(cap_tags), n_req + n_cells


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
) -> ModelResult:
    """Solve the component's LP relaxation (integer=False) or MILP, warm-started from `warm`."""
    cols = build_columns(calendar, requests)
    n = cols.request.size
    if n == 0:
        return ModelResult(0.0, 0.0, (), True)
    cap_tags = list(budgets)
    start, index, value, n_rows, cap_row0 = matrix(cols, requests, calendar, cap_tags)
    row_lower = np.full(n_rows, -INF)
    row_upper = np.ones(n_rows)
    for k, request in enumerate(requests):
        if request.id in pinned:
            row_lower[k] = 1.0
    for j, tag in enumerate(cap_tags):
        row_upper[cap_row0 + j] = budgets[tag]

    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("time_limit", max(0.1, float(time_limit)))
    h.setOptionValue("threads", int(threads))
    h.setOptionValue("random_seed", int(seed))
    h.setOptionValue("mip_rel_gap", 1e-6)
    lp = highspy.HighsLp()
    lp.num_col_ = n
    lp.num_row_ = n_rows
    lp.sense_ = highspy.ObjSense.kMaximize
    lp.col_cost_ = cols.weight
    lp.col_lower_ = np.zeros(n)
    lp.col_upper_ = np.ones(n)
    lp.row_lower_ = row_lower
    lp.row_upper_ = row_upper
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = start
    lp.a_matrix_.index_ = index
    lp.a_matrix_.value_ = value
    if integer:
        lp.integrality_ = [highspy.HighsVarType.kInteger] * n
    h.passModel(lp)
    warm_x = _warm_vector(cols, requests, calendar, warm)
    if integer and warm_x is not None:
        solution = highspy.HighsSolution()
        solution.col_value = warm_x
        solution.value_valid = True
        h.setSolution(solution)
    h.run()
    info = h.getInfo()
    status = h.getModelStatus()
    warm_objective = float(cols.weight @ warm_x) if warm_x is not None else 0.0
    if not integer:
        if status != highspy.HighsModelStatus.kOptimal:
            # Out of time before the LP finished: only the trivial bound (every placeable request) is sure.
            trivial = float(sum(r.weight for r in requests))
            return ModelResult(warm_objective, trivial, tuple(warm), False)
        bound = float(info.objective_function_value)
        return ModelResult(warm_objective, max(bound, warm_objective), tuple(warm), False)
    x = np.asarray(h.getSolution().col_value) if info.primal_solution_status else None
    bound = (
        float(info.mip_dual_bound)
        if np.isfinite(info.mip_dual_bound)
        else float(sum(r.weight for r in requests))
    )
    if x is None or x.size != n:
        return ModelResult(warm_objective, bound, tuple(warm), False)
    chosen = np.nonzero(x > 0.5)[0]
    objective = float(cols.weight[chosen].sum())
    if objective < warm_objective - 1e-9:
        return ModelResult(warm_objective, bound, tuple(warm), False)
    names = [inst.id for inst in calendar.problem.instruments]
    assignments = tuple(
        Assignment(requests[int(cols.request[c])].id, names[int(cols.instrument[c])], int(cols.start[c]))
        for c in chosen
    )
    optimal = status == highspy.HighsModelStatus.kOptimal
    return ModelResult(objective, max(bound, objective), assignments, optimal)


def _warm_vector(
    cols: Columns, requests: Sequence[Request], calendar: Calendar, warm: Sequence[Assignment]
) -> np.ndarray | None:
    if not warm:
        return np.zeros(cols.request.size)
    position = {r.id: k for k, r in enumerate(requests)}
    key = (cols.request * len(calendar.index) + cols.instrument) * calendar.shifts + cols.start
    order = np.argsort(key)
    wanted = np.array(
        [
            (position[a.request] * len(calendar.index) + calendar.index[a.instrument]) * calendar.shifts
            + a.start
            for a in warm
        ],
        dtype=np.int64,
    )
    found = np.searchsorted(key, wanted, sorter=order)
    found = np.minimum(found, key.size - 1)
    hit = key[order[found]] == wanted
    if not hit.all():
        return None
    x = np.zeros(cols.request.size)
    x[order[found]] = 1.0
    return x
