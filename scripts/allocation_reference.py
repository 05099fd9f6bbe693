"""Reference optima of the small allocation cycles: a plain HiGHS MILP on the whole time-indexed model.

    python scripts/allocation_reference.py --families synchrotron,connected,xfel,neutron --seeds 1,2,3

For each instance: the LP bound of the time-indexed model (column generation, as `solve` computes it), then
HiGHS' MILP over every column, warm-started from greedy+repair, given `--time-limit` seconds (no reduced-cost
fixing, no search). Set beside the `best` runs recorded in bench/allocation-runs.json, it says which side of
an unclosed gap is weak: the bound (LP above the optimum) or the schedule (`best` below it). Prints a
Markdown table.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from sciencecity.allocation import caps
from sciencecity.allocation.calendar import Calendar
from sciencecity.allocation.generate import generate
from sciencecity.allocation.model import objective_grain, on_grain, optimality_tolerance
from sciencecity.allocation.pricing import priced_lp
from sciencecity.allocation.solve import solve
from sciencecity.allocation.timeindexed import solve_component


def recorded_best(runs_file: Path) -> dict[tuple[str, int], tuple[float, float | None, str]]:
    """(family, seed) -> objective, bound and status of the small `best` run recorded last."""
    if not runs_file.exists():
        return {}
    data = json.loads(runs_file.read_text(encoding="utf-8"))
    return {
        (run["family"], int(run["seed"])): (run["objective"], run["bound"], run["status"])
        for run in data["runs"]
        if run["size"] == "small" and run["label"] == "best"
    }


def weak_side(
    best_objective: float, best_bound: float | None, best_status: str, optimum_at_least: float, bound: float
) -> str:
    """Which side of a run's gap the reference MILP shows to be weak: the schedule (the MILP found a better
    one), the bound (the MILP proved a tighter one), both, or neither ("-": optimal, or nothing learnt)."""
    if best_status == "optimal":
        return "-"
    weak = []
    if best_objective < optimum_at_least - 1e-6:
        weak.append("schedule")
    if best_bound is not None and best_bound > bound + 1e-6:
        weak.append("bound")
    return " + ".join(weak) or "-"


def reference(family: str, seed: int, time_limit: float, threads: int) -> tuple[float, float, float, float]:
    """LP bound, MILP objective, MILP bound and the MILP's seconds of one small instance."""
    problem = generate("small", seed, family)
    calendar = Calendar(problem)
    placeable = calendar.placeable()
    budgets = caps.budgets(problem.caps)
    start = solve(problem, method="greedy+repair", time_limit=5.0, threads=threads)
    lp = priced_lp(
        calendar,
        placeable,
        budgets=budgets,
        warm=list(start.assignments),
        deadline=time.monotonic() + time_limit,
        threads=threads,
        seed=0,
    )
    began = time.monotonic()
    milp = solve_component(
        calendar,
        placeable,
        budgets=budgets,
        pinned=frozenset(),
        warm=list(start.assignments),
        time_limit=time_limit,
        integer=True,
        threads=threads,
        seed=0,
        absolute_gap=optimality_tolerance(problem),
    )
    seconds = time.monotonic() - began
    grain = objective_grain(problem)
    return on_grain(lp.bound, grain), milp.objective, on_grain(milp.bound, grain), seconds


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--families", default="synchrotron,connected,xfel,neutron")
    parser.add_argument("--seeds", default="1,2,3")
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--runs", default="bench/allocation-runs.json")
    args = parser.parse_args()
    best = recorded_best(Path(args.runs))
    print(
        "| family | seed | LP bound | MILP objective | MILP bound | MILP s | best objective | best bound "
        "| best status | weak side |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    for family in args.families.split(","):
        for seed in (int(s) for s in args.seeds.split(",")):
            lp, objective, bound, seconds = reference(family, seed, args.time_limit, args.threads)
            b_objective, b_bound, b_status = best.get((family, seed), (float("nan"), None, "-"))
            weak = weak_side(b_objective, b_bound, b_status, objective, bound)
            b_bound_text = "-" if b_bound is None else f"{b_bound:.1f}"
            print(
                f"| {family} | {seed} | {lp:.1f} | {objective:.1f} | {bound:.1f} | {seconds:.1f} "
                f"| {b_objective:.1f} | {b_bound_text} | {b_status} | {weak} |",
                flush=True,
            )


if __name__ == "__main__":
    main()
