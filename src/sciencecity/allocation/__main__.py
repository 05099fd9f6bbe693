"""python -m sciencecity.allocation generate|solve|check|bench"""

from __future__ import annotations

import argparse
import sys

from sciencecity.allocation.check import check
from sciencecity.allocation.generate import FAMILY_NAMES, SIZES, generate
from sciencecity.allocation.model import ProblemError, dump, load, load_solution
from sciencecity.allocation.solve import ALIASES, METHODS, Progress, solve


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m sciencecity.allocation", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    gen = sub.add_parser("generate", help="write a seeded instance calibrated on real facilities")
    gen.add_argument("--size", choices=list(SIZES), required=True)
    gen.add_argument("--seed", type=int, default=1)
    gen.add_argument("--family", choices=FAMILY_NAMES, default="synchrotron")
    gen.add_argument("-o", "--output", required=True)
    sol = sub.add_parser("solve", help="solve a problem file")
    sol.add_argument("problem")
    sol.add_argument("--method", default="best", choices=[*METHODS, *ALIASES])
    sol.add_argument("--time-limit", type=float, default=120.0)
    sol.add_argument("--threads", type=int, default=2)
    sol.add_argument("--seed", type=int, default=0)
    sol.add_argument(
        "--protect-top", type=float, default=0.0, help="fraction of requests by score to protect"
    )
    sol.add_argument("--progress", action="store_true", help="print objective and bound as they improve")
    sol.add_argument("-o", "--output", required=True)
    chk = sub.add_parser("check", help="check a solution against its problem (exit 1 when infeasible)")
    chk.add_argument("problem")
    chk.add_argument("solution")
    bench = sub.add_parser("bench", help="run every method on every size and write bench/RESULTS.md")
    bench.add_argument("--sizes", default="small,medium,large")
    bench.add_argument("--seeds", default="1,2,3")
    bench.add_argument("--families", default=",".join(FAMILY_NAMES))
    bench.add_argument("--output", default="bench/RESULTS.md")
    bench.add_argument("--quick", action="store_true", help="short time limits, for a smoke run")
    bench.add_argument(
        "--methods",
        default="",
        help="runs to make, of greedy,greedy+repair,bound,best,protect (default: all)",
    )
    return parser


def _print_progress(progress: Progress) -> None:
    bound = "-" if progress.bound is None else f"{progress.bound:.1f}"
    print(
        f"{progress.elapsed_s:8.1f}s  {progress.stage:<9} objective {progress.objective:.1f}  bound {bound}",
        file=sys.stderr,
    )


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "generate":
            dump(generate(args.size, args.seed, args.family), args.output)
            return 0
        if args.command == "solve":
            solution = solve(
                load(args.problem),
                method=args.method,
                time_limit=args.time_limit,
                threads=args.threads,
                seed=args.seed,
                protect_top=args.protect_top,
                progress=_print_progress if args.progress else None,
            )
            dump(solution, args.output)
            gap = "-" if solution.gap is None else f"{100 * solution.gap:.3f}%"
            print(
                f"{solution.status}: objective {solution.objective:.1f}, bound {solution.bound}, gap {gap}, "
                f"{len(solution.assignments)} scheduled, {solution.runtime_s:.1f}s"
            )
            return 0
        if args.command == "check":
            report = check(load(args.problem), load_solution(args.solution))
            if report.feasible:
                print(f"feasible: objective {report.objective:.1f}")
                return 0
            print(f"infeasible: {len(report.violations)} violations", file=sys.stderr)
            for violation in report.violations:
                print(f"  {violation}", file=sys.stderr)
            return 1
        from sciencecity.allocation.bench import run_bench

        run_bench(
            sizes=args.sizes.split(","),
            seeds=[int(s) for s in args.seeds.split(",")],
            families=args.families.split(","),
            output=args.output,
            quick=args.quick,
            labels=[m for m in args.methods.split(",") if m] or None,
        )
        return 0
    except ProblemError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
