"""`solve(problem, method=...)`: greedy, greedy+repair, the time-indexed MILP (`best`) and the LP bound."""

from __future__ import annotations

import math
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from sciencecity.allocation.calendar import Calendar
from sciencecity.allocation.fairness import figures, top_ids
from sciencecity.allocation.lagrange import lagrangian_bound
from sciencecity.allocation.model import Assignment, Problem, ProblemError, Request, Solution, Unscheduled
from sciencecity.allocation.schedule import Schedule, greedy, repair
from sciencecity.allocation.timeindexed import ModelResult, solve_component

PRODUCTION = "ti-milp"
METHODS = ("greedy", "greedy+repair", PRODUCTION, "bound")
ALIASES = {"best": PRODUCTION}
WHOLE_MODEL_COLUMNS = 150_000  # up to this size the whole cycle is one MILP


@dataclass(frozen=True)
class Progress:
    objective: float
    bound: float | None
    elapsed_s: float
    stage: str


ProgressCallback = Callable[[Progress], None]


def components(problem: Problem, calendar: Calendar) -> list[list[Request]]:
    """Groups of requests whose instruments are linked by shared requests; each group can be solved apart."""
    parent = list(range(len(problem.instruments)))

    def find(k: int) -> int:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    placeable = [r for r in problem.requests if calendar.has_any_start(r)]
    for request in placeable:
        first = find(calendar.index[request.instruments[0]])
        for instrument in request.instruments[1:]:
            parent[find(calendar.index[instrument])] = first
    groups: dict[int, list[Request]] = defaultdict(list)
    for request in placeable:
        groups[find(calendar.index[request.instruments[0]])].append(request)
    return sorted(groups.values(), key=len, reverse=True)


def _budgets(problem: Problem, schedule: Schedule, groups: list[list[Request]]) -> list[dict[str, float]]:
    """Split each cap over the groups: what the schedule uses there, plus the cap's slack shared out by the
    tagged demand still unmet in each group."""
    budgets: list[dict[str, float]] = [{} for _ in groups]
    for cap in problem.caps:
        used = [sum(r.shifts for r in g if cap.tag in r.tags and r.id in schedule.placed) for g in groups]
        wanted = [
            sum(r.shifts for r in g if cap.tag in r.tags and r.id not in schedule.placed) for g in groups
        ]
        slack = max(0.0, cap.max_shifts - sum(used))
        total_wanted = sum(wanted)
        for k, group in enumerate(groups):
            if any(cap.tag in r.tags for r in group):
                budgets[k][cap.tag] = used[k] + (slack * wanted[k] / total_wanted if total_wanted else 0.0)
    return budgets


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
) -> Solution:
    """Allocate the cycle; every method starts from greedy, so none ends below it.

    Cycles with up to `whole_model_columns` feasible (request, instrument, start) triples are solved as one
    model; larger ones by groups of stations, with a Lagrangian bound over the caps.
    """
    method = ALIASES.get(method, method)
    if method not in METHODS:
        raise ProblemError(f"unknown method {method!r}; choose one of {', '.join((*METHODS, 'best'))}")
    if not 0.0 <= protect_top <= 1.0:
        raise ProblemError("protect_top is a fraction between 0 and 1")
    started = time.monotonic()
    deadline = started + time_limit
    calendar = Calendar(problem)

    def report(stage: str, objective: float, bound: float | None) -> None:
        if progress:
            progress(Progress(objective, bound, time.monotonic() - started, stage))

    schedule = greedy(problem, calendar)
    greedy_objective = schedule.objective
    report("greedy", schedule.objective, None)
    top = set(top_ids(problem, protect_top))
    protected = frozenset(rid for rid in schedule.placed if rid in top)
    bound: float | None = None
    optimal = False
    if method != "greedy":
        repair_share = 1.0 if method == "greedy+repair" else 0.15
        repair(schedule, deadline=started + repair_share * time_limit, protected=protected)
        report("repair", schedule.objective, None)
    if method in (PRODUCTION, "bound"):
        bound, optimal = _model_stage(
            problem,
            calendar,
            schedule,
            method=method,
            deadline=deadline,
            threads=threads,
            seed=seed,
            protected=protected,
            report=report,
            whole_model_columns=whole_model_columns,
        )
    assignments = schedule.assignments()
    objective = math.fsum(schedule.requests[a.request].weight for a in assignments)  # no drift from += / -=
    runtime = time.monotonic() - started
    status = (
        "optimal"
        if optimal or (bound is not None and bound - objective <= 1e-6 * max(1.0, bound))
        else "feasible"
    )
    stats = figures(problem, assignments, calendar)
    stats["greedy_objective"] = greedy_objective
    stats["protect_top"] = protect_top
    return Solution(
        method=method,
        status=status,
        objective=objective,
        bound=bound,
        runtime_s=runtime,
        assignments=assignments,
        unscheduled=_reasons(problem, calendar, schedule),
        stats=stats,
    )


def _adopt(schedule: Schedule, group: list[Request], result: ModelResult) -> None:
    """Take the model's placement of the group's requests when it beats what the schedule has."""
    current = sum(r.weight for r in group if r.id in schedule.placed)
    if result.objective > current + 1e-9:
        for request in group:
            if request.id in schedule.placed:
                schedule.remove(request)
        schedule.load(result.assignments)


def _place_in_lp_order(schedule: Schedule, candidates: list[Assignment], only: frozenset[str] | None) -> None:
    for candidate in candidates:
        if only is not None and candidate.request not in only:
            continue
        request = schedule.requests[candidate.request]
        if (
            request.id not in schedule.placed
            and not schedule.cap_blocking(request)
            and not schedule.blockers(request, candidate.instrument, candidate.start)
        ):
            schedule.place(request, candidate.instrument, candidate.start)


def _round_lp(
    problem: Problem,
    calendar: Calendar,
    schedule: Schedule,
    candidates: list[Assignment],
    protected: frozenset[str],
    deadline: float,
) -> None:
    """Round the LP: protected requests first (where the LP puts them, else where they fit first, else where
    they were), then the LP's columns most-chosen first, then the rest in rank order, then repair. Kept only
    when it beats the current schedule."""
    if not candidates:
        return
    rounded = Schedule(problem, calendar)
    _place_in_lp_order(rounded, candidates, only=protected)
    for rid in sorted(protected - rounded.placed.keys()):
        request = rounded.requests[rid]
        if rounded.try_first_fit(request):
            continue
        spot = schedule.placed[rid]
        if rounded.cap_blocking(request) or rounded.blockers(request, *spot):
            return  # the protected requests do not all fit this way: keep the schedule we have
        rounded.place(request, *spot)
    _place_in_lp_order(rounded, candidates, only=None)
    for request in problem.ranked():
        if request.id not in rounded.placed:
            rounded.try_first_fit(request)
    now = time.monotonic()
    repair(rounded, deadline=now + 0.25 * max(0.0, deadline - now), protected=protected)
    if rounded.objective > schedule.objective + 1e-9:
        for request in problem.requests:
            if request.id in schedule.placed:
                schedule.remove(request)
        schedule.load(rounded.assignments())


def _whole_model(
    problem: Problem,
    calendar: Calendar,
    schedule: Schedule,
    placeable: list[Request],
    method: str,
    protected: frozenset[str],
    left: Callable[[], float],
    report: Callable[[str, float, float | None], None],
    common: dict[str, int],
) -> tuple[float, bool]:
    """Small cycles: the LP of the whole cycle for the bound, then one MILP of the whole cycle."""
    full_caps = {cap.tag: float(cap.max_shifts) for cap in problem.caps}
    warm = [Assignment(r.id, *schedule.placed[r.id]) for r in placeable if r.id in schedule.placed]
    lp = solve_component(
        calendar,
        placeable,
        budgets=full_caps,
        pinned=frozenset(),
        warm=warm,
        time_limit=left() * (0.35 if method == PRODUCTION else 1.0),
        integer=False,
        **common,
    )
    bound = max(lp.bound, schedule.objective)
    report("bound", schedule.objective, bound)
    if method == "bound":
        return bound, False
    result = solve_component(
        calendar,
        placeable,
        budgets=full_caps,
        pinned=protected,
        warm=warm,
        time_limit=left(),
        integer=True,
        **common,
    )
    _adopt(schedule, placeable, result)
    exact = not protected  # pinning narrows the model, so its own bound is not the problem's
    if exact:
        bound = min(bound, result.bound)
    report("model", schedule.objective, bound)
    return max(bound, schedule.objective), exact and result.optimal


def _model_stage(
    problem: Problem,
    calendar: Calendar,
    schedule: Schedule,
    *,
    method: str,
    deadline: float,
    threads: int,
    seed: int,
    protected: frozenset[str],
    report: Callable[[str, float, float | None], None],
    whole_model_columns: int,
) -> tuple[float, bool]:
    """The LP bound of the whole cycle, then (production method) rounding and MILPs; -> (bound, optimal)."""
    placeable = [r for r in problem.requests if calendar.has_any_start(r)]
    common = {"threads": threads, "seed": seed}

    def warm(group: list[Request]) -> list[Assignment]:
        return [Assignment(r.id, *schedule.placed[r.id]) for r in group if r.id in schedule.placed]

    def left() -> float:
        return max(0.5, deadline - time.monotonic())

    if sum(len(calendar.starts(r, i)) for r in placeable for i in r.instruments) <= whole_model_columns:
        return _whole_model(problem, calendar, schedule, placeable, method, protected, left, report, common)
    groups = components(problem, calendar)
    lagrange = lagrangian_bound(
        problem,
        calendar,
        groups,
        deadline=time.monotonic() + left() * (0.55 if method == PRODUCTION else 1.0),
        seed=seed,
        workers=threads,
        on_pass=lambda b: report("bound", schedule.objective, b),
    )
    bound = max(lagrange.bound, schedule.objective)
    if method == "bound":
        return bound, False
    _round_lp(problem, calendar, schedule, lagrange.candidates, protected, deadline)
    report("rounding", schedule.objective, bound)
    budgets = _budgets(problem, schedule, groups)
    sizes = [sum(len(r.instruments) * r.shifts for r in g) + 1 for g in groups]
    remaining = float(sum(sizes))
    unrestricted_bound = 0.0
    all_exact = True
    for group, budget, size in zip(groups, budgets, sizes, strict=True):
        share = left() * size / remaining
        remaining -= size
        result = solve_component(
            calendar,
            group,
            budgets=budget,
            pinned=protected,
            warm=warm(group),
            time_limit=share,
            integer=True,
            **common,
        )
        _adopt(schedule, group, result)
        restricted = bool(budget) or any(r.id in protected for r in group)
        all_exact = all_exact and not restricted and result.optimal
        unrestricted_bound += result.bound
        report("model", schedule.objective, bound)
    if not problem.caps and not protected:
        # Without caps or pins the components are independent, so their MILP bounds add up to a bound.
        bound = min(bound, unrestricted_bound)
    return max(bound, schedule.objective), all_exact


def _reasons(problem: Problem, calendar: Calendar, schedule: Schedule) -> tuple[Unscheduled, ...]:
    out = []
    for request in problem.requests:
        if request.id in schedule.placed:
            continue
        if not calendar.has_any_start(request):
            reason = "no_feasible_start"
        else:
            tag = schedule.cap_blocking(request)
            reason = f"cap:{tag}" if tag and schedule.first_fit(request) is not None else "displaced"
        out.append(Unscheduled(request.id, reason))
    return tuple(out)
