"""`solve(problem, method=...)`: the stages in the order they run.

    greedy -> repair -> bound -> pack -> round -> improve -> search -> fill -> explain

`greedy` and `greedy+repair` stop after their stage (then fill and explain); `bound` certifies the LP bound
of the time-indexed model; `ti-milp` (`best`) runs every stage. Each stage lives in a module of its own:
schedule.py (greedy, repair, fill), bound.py, packing.py, rounding.py, lns.py (search), improve.py,
reasons.py.
"""

from __future__ import annotations

import math
import resource
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass

from sciencecity.allocation.bound import lp_bound
from sciencecity.allocation.calendar import Calendar
from sciencecity.allocation.components import plan as plan_models
from sciencecity.allocation.fairness import figures, top_ids
from sciencecity.allocation.improve import improve
from sciencecity.allocation.lns import Stats as SearchStats
from sciencecity.allocation.lns import search
from sciencecity.allocation.model import (
    Problem,
    ProblemError,
    Solution,
    objective_grain,
    on_grain,
    optimality_tolerance,
)
from sciencecity.allocation.packing import pack
from sciencecity.allocation.pins import solve_pinned
from sciencecity.allocation.reasons import explain
from sciencecity.allocation.rounding import round_lp
from sciencecity.allocation.schedule import fill, greedy, repair

PRODUCTION = "ti-milp"
METHODS = ("greedy", "greedy+repair", PRODUCTION, "bound")
ALIASES = {"best": PRODUCTION}
# The stages `progress` reports, in the order they run (a run page names each).
STAGES = ("greedy", "repair", "bound", "packing", "rounding", "model", "search", "fill")
WHOLE_MODEL_COLUMNS = 150_000  # up to this size the whole cycle is one model, and a group has its MILP
# A linked cycle up to this many nonzeros is one model too: with the packing stage the whole model proved
# the medium connected cycle of seed 1 (1.6 million) optimal in 33 s and left seed 3 (1.7 million) at a
# certified 0.02 % in 120 s, peak 1.2 GB, where its groups had left 0.4-0.5 %; seed 2 (2.2 million) peaked
# at 2.5 GB, over the medium cycles' 2 GB, and stays in groups.
WHOLE_MODEL_NONZEROS = 1_800_000
LP_SHARE, PASSES_SHARE = 0.85, 0.5  # of the time after repair
PACKING_SHARE = 0.3  # of the time after the LP, for the packing bound (a whole cycle's)
PACKING_MILP_SHARE = 0.5  # of the time after the packing bound, for the best schedule of its packings
MILP_SHARE = 0.7  # of the time after rounding for the MILPs of models small enough; the search has the rest
# The whole cycle's MILPs seek above targets (improve.py), which ends most of them: they get more. Measured
# on the 12 small cycles: 6 proven optimal with 0.85, 5 with 0.7 (synchrotron 2's last MILP did not fit).
WHOLE_MILP_SHARE = 0.85
WHOLE_REPAIR_SHARE = 0.05  # of the time limit for repair when the whole cycle is one model (else 0.15)
RESERVE = 0.03  # share of the time limit kept for the stages after the deadline (fill, explain, figures)


@dataclass(frozen=True)
class Progress:
    objective: float
    bound: float | None
    elapsed_s: float
    stage: str


ProgressCallback = Callable[[Progress], None]


def solve(
    problem: Problem,
    *,
    method: str = "best",
    time_limit: float = 120.0,
    threads: int = 2,
    seed: int = 0,
    protect_top: float = 0.0,
    progress: ProgressCallback | None = None,
    whole_model_columns: int = WHOLE_MODEL_COLUMNS,
    whole_model_nonzeros: int = WHOLE_MODEL_NONZEROS,
) -> Solution:
    """Allocate the cycle within `time_limit` seconds; every method starts from greedy, so none ends below it.

    Cycles with up to `whole_model_columns` feasible (request, instrument, start) triples, or up to
    `whole_model_nonzeros` nonzeros, are one model; larger ones are solved by groups of stations, with a
    Lagrangian bound over the caps.
    """
    method = ALIASES.get(method, method)
    if method not in METHODS:
        raise ProblemError(f"unknown method {method!r}; choose one of {', '.join((*METHODS, 'best'))}")
    if not 0.0 <= protect_top <= 1.0:
        raise ProblemError("protect_top is a fraction between 0 and 1")
    if problem.pins:  # the pins placed, the rest solved by this same function (allocation/pins.py)
        return solve_pinned(
            problem,
            solve,
            progress=progress,
            method=method,
            time_limit=time_limit,
            threads=threads,
            seed=seed,
            protect_top=protect_top,
            whole_model_columns=whole_model_columns,
            whole_model_nonzeros=whole_model_nonzeros,
        )
    started = time.monotonic()
    deadline = started + (1.0 - RESERVE) * time_limit

    def left() -> float:
        return max(0.0, deadline - time.monotonic())

    def report(stage: str, bound: float | None) -> None:
        if progress:
            progress(Progress(schedule.objective, bound, time.monotonic() - started, stage))

    calendar = Calendar(problem)
    tolerance = optimality_tolerance(problem)
    bound: float | None = None
    searched: SearchStats | None = None

    # greedy: rank order, what user offices do
    schedule = greedy(problem, calendar)
    greedy_objective = schedule.objective
    report("greedy", bound)
    protected = frozenset(rid for rid in top_ids(problem, protect_top) if rid in schedule.placed)

    modelled = method in (PRODUCTION, "bound")
    plan = plan_models(problem, calendar, whole_model_columns, whole_model_nonzeros) if modelled else None

    # repair: insert and swap moves (a cycle that is one model gets its schedule from the LP and the MILP,
    # so repair there only has to give the LP its first columns)
    if method != "greedy":
        share = 1.0 if method == "greedy+repair" else WHOLE_REPAIR_SHARE if plan and plan.whole else 0.15
        repair(schedule, deadline=min(deadline, started + share * time_limit), protected=protected)
        report("repair", bound)

    if plan is not None:
        # bound: the LP of the time-indexed model
        # Rounding and the search need the LP's solution, so the LP may take most of the time; Lagrangian
        # passes after the first only tighten the bound a little and get less.
        lp_share, passes_share = (1.0, 1.0) if method == "bound" else (LP_SHARE, PASSES_SHARE)
        lp = lp_bound(
            problem,
            calendar,
            schedule,
            plan,
            time_limit=lp_share * left(),
            passes_time_limit=passes_share * left(),
            deadline=deadline,
            threads=threads,
            seed=seed,
            on_pass=lambda value: report("bound", max(value, schedule.objective)),
        )
        bound = _sure(lp.bound, schedule.objective, tolerance, problem)
        if method == PRODUCTION:
            # pack: the LP over whole packings of each stretch of open shifts, a tighter bound and a tighter
            # reduced-weight fixing for the whole cycle's MILP; then the best schedule of its packings
            if lp.priced is not None:
                lp.priced = pack(
                    problem,
                    calendar,
                    schedule,
                    plan.placeable,
                    lp.priced,
                    protected=protected,
                    bound_until=time.monotonic() + PACKING_SHARE * left(),
                    schedule_for=lambda: PACKING_MILP_SHARE * left(),
                    threads=threads,
                    seed=seed,
                )
                bound = min(bound, _sure(lp.priced.bound, schedule.objective, tolerance, problem))
                report("packing", bound)
            # round: the LP's solution made a schedule
            round_lp(problem, calendar, schedule, lp.candidates, protected=protected, deadline=deadline)
            report("rounding", bound)
            # improve: MILPs of the models small enough, warm-started from the schedule
            if plan.milp_sized:
                proven = improve(
                    problem,
                    calendar,
                    schedule,
                    plan,
                    protected=protected,
                    deadline=time.monotonic() + (WHOLE_MILP_SHARE if plan.whole else MILP_SHARE) * left(),
                    threads=threads,
                    seed=seed,
                    tolerance=tolerance,
                    on_group=lambda: report("model", bound),
                    priced=lp.priced,
                )
                if proven is not None:
                    bound = min(bound, _sure(proven, schedule.objective, tolerance, problem))
            # search: windows of time x linked stations re-optimised by MILP, guided by the LP, until the
            # deadline or the bound
            searched = search(
                problem,
                calendar,
                schedule,
                lp.candidates,
                protected=protected,
                deadline=deadline,
                threads=threads,
                seed=seed,
                tolerance=tolerance,
                until=bound,
                on_improve=lambda: report("search", bound),
            )

    # fill: whatever still fits goes in
    fill(schedule)
    report("fill", bound)

    # explain: a reason for every request left out, and the figures
    assignments = schedule.assignments()
    objective = schedule.worth(assignments)
    if bound is not None:
        bound = _sure(bound, objective, tolerance, problem)
    status = "optimal" if bound is not None and bound - objective <= tolerance else "feasible"
    unscheduled = explain(problem, calendar, schedule)
    stats = figures(problem, assignments, calendar)
    stats["greedy_objective"] = greedy_objective
    if searched is not None:
        stats["search"] = asdict(searched)
    stats["protect_top"] = protect_top
    stats["peak_memory_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    return Solution(
        method=method,
        status=status,
        objective=objective,
        bound=bound,
        runtime_s=time.monotonic() - started,
        assignments=assignments,
        unscheduled=unscheduled,
        stats=stats,
    )


def _sure(value: float, objective: float, tolerance: float, problem: Problem) -> float:
    """A bound no lower than the objective: a value below it by rounding noise is raised to it; one below it
    by more is no proof of anything (a solver that failed), so the trivial bound takes its place instead of
    certifying the schedule as optimal. A sure bound is rounded down to the weights' grain (`on_grain`)."""
    if value >= objective - tolerance:
        return max(on_grain(value, objective_grain(problem)), objective)
    return max(objective, math.fsum(r.weight for r in problem.requests))
