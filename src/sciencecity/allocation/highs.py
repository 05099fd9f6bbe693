"""The one place where HiGHS is set up, run and read.

What is easy to get wrong is handled only here:

- HiGHS keeps one task scheduler per OS thread and refuses a run whose `threads` option differs from the
  count that scheduler was first started with (model status `kNotset`, run status `kError`). A worker solves
  run after run in one process, so before each run the scheduler of the calling thread is reset when the
  count changes, and a refused run is retried once after a reset.
- `time_limit` counts the cumulative run time of a solver object, so a re-solved object gets its run time so
  far plus the new limit.
- The clique table is processed serially (see `new_model`): in parallel it overran time limits threefold.
- A value only becomes a bound or an incumbent when the run finished without error and its status says so:
  an LP bound needs `kOptimal`; a MILP dual bound needs a status that ends a proper search; an incumbent needs
  a *feasible* primal solution. An LP stopped by its time limit still gives a bound from whatever row prices
  it reached (`priced_bound`): LPs run without presolve, so those prices belong to the model itself.
- HiGHS prints its banner to standard output when a process makes its first solver object, before any option
  can be set; `silent_solver` makes that first object with standard output sent to /dev/null.
- HiGHS' MIP presolve can keep only part of a warm start, and then prunes with that part's value; a cutoff
  (`seek_above`) gives it back the pruning, and its dual bound then needs the cutoff to be read
  (`mip_bound`).
"""

from __future__ import annotations

import ctypes
import os
import sys
import threading
from dataclasses import dataclass

import highspy
import numpy as np
import numpy.typing as npt

INF = highspy.kHighsInf
FloatArray = npt.NDArray[np.float64]

_local = threading.local()
_banner_lock = threading.Lock()
_banner_written = False

# Statuses after which HiGHS' MIP dual bound is a proven bound of the model it was given.
_SEARCH_ENDED = frozenset(
    {
        highspy.HighsModelStatus.kOptimal,
        highspy.HighsModelStatus.kTimeLimit,
        highspy.HighsModelStatus.kIterationLimit,
        highspy.HighsModelStatus.kSolutionLimit,
        highspy.HighsModelStatus.kInterrupt,
        highspy.HighsModelStatus.kMemoryLimit,
    }
)


@dataclass(frozen=True)
class SparseColumns:
    """A column-wise sparse matrix with its row count."""

    start: npt.NDArray[np.int32]
    index: npt.NDArray[np.int32]
    value: FloatArray
    n_rows: int


@dataclass(frozen=True)
class Outcome:
    """What one run of HiGHS returned."""

    ran: bool  # the run finished without error (False also when there was no time to start it)
    status: highspy.HighsModelStatus

    @property
    def optimal(self) -> bool:
        return self.ran and self.status == highspy.HighsModelStatus.kOptimal


NOT_RUN = Outcome(False, highspy.HighsModelStatus.kNotset)


def new_model(
    *,
    cost: FloatArray,
    matrix: SparseColumns,
    row_lower: FloatArray,
    row_upper: FloatArray,
    integer: bool,
    threads: int,
    seed: int,
    absolute_gap: float = 0.0,
) -> highspy.Highs:
    """A maximisation over 0 <= x <= 1 (integer when asked) with rows row_lower <= A x <= row_upper."""
    n = cost.size
    h = silent_solver()
    h.setOptionValue("threads", int(threads))
    h.setOptionValue("random_seed", int(seed))
    # Stop on an absolute gap below the smallest weight, never on a relative one: a relative gap on large
    # weights can hide a whole request.
    h.setOptionValue("mip_rel_gap", 0.0)
    h.setOptionValue("mip_abs_gap", float(absolute_gap))
    # The clique table of a time-indexed model is large (every shift of every station is a clique), and its
    # parallel processing in presolve neither checks the clock nor scales on a busy machine: measured on the
    # small cycle (2 threads, 7 other jobs on 2 cores) its first presolve pass took 8-14 s instead of 1 s and
    # a 5 s limit ended after 17.7 s. Serial, the same MILP stops at 5.1 s and proves optimality in 10 s.
    h.setOptionValue("mip_min_cliquetable_entries_for_parallelism", 2**31 - 1)
    lp = highspy.HighsLp()
    lp.num_col_ = n
    lp.num_row_ = matrix.n_rows
    lp.sense_ = highspy.ObjSense.kMaximize
    lp.col_cost_ = cost
    lp.col_lower_ = np.zeros(n)
    lp.col_upper_ = np.ones(n)
    lp.row_lower_ = row_lower
    lp.row_upper_ = row_upper
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = matrix.start
    lp.a_matrix_.index_ = matrix.index
    lp.a_matrix_.value_ = matrix.value
    if integer:
        lp.integrality_ = [highspy.HighsVarType.kInteger] * n
    else:
        # Without presolve a dual simplex stopped at its time limit holds row prices of this very model, which
        # still give a bound (`priced_bound`); with it they belong to the reduced model and are withheld. On
        # the small neutron cycle the LP took 10.1 s without presolve and 9.6 s with it.
        h.setOptionValue("presolve", "off")
    h.passModel(lp)
    return h


def silent_solver() -> highspy.Highs:
    """A HiGHS object that writes nothing: no banner (HiGHS writes it once per process, when the first object
    is made) and no log, so that the standard output of a command that solves holds only what it prints."""
    global _banner_written
    with _banner_lock:
        if _banner_written:
            h = highspy.Highs()
        else:
            h = _first_solver()
            _banner_written = True
    h.setOptionValue("output_flag", False)
    return h


def _first_solver() -> highspy.Highs:
    """The process' first HiGHS object, made with file descriptor 1 on /dev/null (HiGHS writes its banner from
    C++, past `sys.stdout`)."""
    sys.stdout.flush()
    try:
        saved = os.dup(1)
    except OSError:  # no standard output at all: nothing to keep clean
        return highspy.Highs()
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 1)
        try:
            return highspy.Highs()
        finally:
            ctypes.CDLL(None).fflush(None)  # C stdio's buffer, before descriptor 1 is restored
    finally:
        os.dup2(saved, 1)
        os.close(saved)
        os.close(devnull)


# HiGHS stops presolve at its time limit, but the set-up that follows (clique table, symmetry detection)
# does not look at the clock: measured on the small neutron cycle (600,000 nonzeros, 2 threads, load 7 on
# 2 cores) a 5 s limit ended after 7.1 s, presolve 5.3 s and 1.8 s of set-up without a single LP iteration.
# A MILP's own limit is therefore shortened by about that much per nonzero, by at most 30 % of its budget.
SETUP_SECONDS_PER_NONZERO = 3e-6


def mip_time_limit(budget: float, nonzeros: int) -> float:
    """The time limit to give HiGHS for a MILP that must end within `budget` seconds."""
    return budget - min(0.3 * budget, SETUP_SECONDS_PER_NONZERO * nonzeros)


def _use_scheduler(threads: int) -> None:
    """Reset this thread's HiGHS scheduler when the thread count changes."""
    if getattr(_local, "threads", None) != threads:
        highspy.Highs.resetGlobalScheduler(True)
        _local.threads = threads


def run(h: highspy.Highs, *, time_limit: float) -> Outcome:
    """Run with `time_limit` seconds from now; a run the scheduler refuses is retried once after a reset."""
    if time_limit <= 0:
        return NOT_RUN
    threads = int(h.getOptionValue("threads")[1])
    _use_scheduler(threads)
    for attempt in range(2):
        h.setOptionValue("time_limit", float(h.getRunTime()) + float(time_limit))
        status = h.run()
        model_status = h.getModelStatus()
        if status != highspy.HighsStatus.kError:
            return Outcome(True, model_status)
        if attempt == 0 and model_status == highspy.HighsModelStatus.kNotset:
            highspy.Highs.resetGlobalScheduler(True)  # started elsewhere in this thread with another count
            _local.threads = threads
            continue
        break
    return Outcome(False, h.getModelStatus())


def lp_value(h: highspy.Highs, outcome: Outcome) -> float | None:
    """The optimal value of an LP, or None when the run did not prove one."""
    if not outcome.optimal:
        return None
    return float(h.getInfo().objective_function_value)


def lp_solution(h: highspy.Highs, outcome: Outcome) -> FloatArray | None:
    if not outcome.optimal:
        return None
    return np.asarray(h.getSolution().col_value, dtype=float)


def seek_above(h: highspy.Highs, cutoff: float) -> None:
    """Let a maximisation MILP prune every node that cannot beat `cutoff`, as an incumbent of that value
    would. HiGHS' presolve can lose part of a warm start (on the small connected cycle a start worth 7,310.3
    was worth 7,069.9 in the presolved model), and a cutoff keeps the pruning the start would have given.
    HiGHS minimises internally, so its `objective_bound` takes the negated value. Its dual bound then holds
    only for schedules above the cutoff: read it with `mip_bound(..., cutoff=...)`."""
    h.setOptionValue("objective_bound", -float(cutoff))


def mip_bound(h: highspy.Highs, outcome: Outcome, *, cutoff: float | None = None) -> float | None:
    """The MIP dual bound (maximisation: an upper bound), or None when the run proved none.

    After `seek_above(cutoff)` HiGHS' bound covers only the schedules above the cutoff (measured: a cutoff
    5 above the optimum 6,845.5 ended "optimal" with a bound of 6,843.9), so the bound of the model is the
    larger of the two; a search that found nothing above the cutoff ends "infeasible", and the cutoff is the
    bound."""
    if not outcome.ran:
        return None
    if cutoff is not None and outcome.status == highspy.HighsModelStatus.kInfeasible:
        return float(cutoff)
    if outcome.status not in _SEARCH_ENDED:
        return None
    value = float(h.getInfo().mip_dual_bound)
    if not np.isfinite(value):
        return None
    return value if cutoff is None else max(value, float(cutoff))


def mip_incumbent(h: highspy.Highs, outcome: Outcome) -> FloatArray | None:
    """The MIP's best solution when HiGHS says it is feasible; None otherwise."""
    if not incumbent_is_feasible(outcome, int(h.getInfo().primal_solution_status)):
        return None
    return np.asarray(h.getSolution().col_value, dtype=float)


def incumbent_is_feasible(outcome: Outcome, primal_solution_status: int) -> bool:
    return outcome.ran and primal_solution_status == int(highspy.SolutionStatus.kSolutionStatusFeasible)


def row_prices(h: highspy.Highs, outcome: Outcome, n_rows: int) -> FloatArray | None:
    """The row prices (duals) of a run, in the sign for which w - A'y is each column's reduced weight of a
    maximisation; None when HiGHS holds none."""
    if not outcome.ran:
        return None
    solution = h.getSolution()
    duals = np.asarray(solution.row_dual, dtype=float)
    if not solution.dual_valid or duals.size != n_rows:
        return None
    return duals


def column_slice(matrix: SparseColumns, ids: npt.NDArray[np.int64]) -> SparseColumns:
    """The columns `ids` of a column-wise matrix, in that order."""
    lengths = np.diff(matrix.start)[ids]
    start = np.zeros(ids.size + 1, dtype=np.int32)
    np.cumsum(lengths, out=start[1:])
    source = np.repeat(matrix.start[ids] - start[:-1], lengths) + np.arange(int(start[-1]))
    return SparseColumns(start, matrix.index[source], matrix.value[source], matrix.n_rows)


def reduced_weights(cost: FloatArray, matrix: SparseColumns, prices: FloatArray) -> FloatArray:
    """cost - A'prices, column by column."""
    owner = np.repeat(np.arange(cost.size), np.diff(matrix.start))
    priced = np.bincount(owner, weights=prices[matrix.index] * matrix.value, minlength=cost.size)
    return np.asarray(cost - priced, dtype=float)


def priced_bound(
    h: highspy.Highs, outcome: Outcome, cost: FloatArray, matrix: SparseColumns, row_upper: FloatArray
) -> float | None:
    """A bound of the model from the row prices of a run that stopped early; None when HiGHS holds none.
    Both sign conventions of HiGHS' row duals give a bound (`bound_from_prices`), so the smaller is taken."""
    if not outcome.ran:
        return None
    solution = h.getSolution()
    duals = np.asarray(solution.row_dual, dtype=float)
    if not solution.dual_valid or duals.size != matrix.n_rows:
        return None
    return min(bound_from_prices(cost, matrix, row_upper, sign * duals) for sign in (1.0, -1.0))


def bound_from_prices(
    cost: FloatArray, matrix: SparseColumns, row_upper: FloatArray, prices: FloatArray
) -> float:
    """An upper bound of max{cost x : A x <= u, 0 <= x <= 1} (u = row_upper) from any row prices.

    With y = max(prices, 0) (0 on rows without an upper limit): cost x <= y u + (cost - A'y) x
    <= y u + sum max(0, cost - A'y). Lower row limits are dropped, which only relaxes the model.
    """
    y = np.maximum(prices, 0.0)
    y[~np.isfinite(row_upper)] = 0.0
    finite = np.where(np.isfinite(row_upper), row_upper, 0.0)
    return float(finite @ y + np.maximum(reduced_weights(cost, matrix, y), 0.0).sum())
