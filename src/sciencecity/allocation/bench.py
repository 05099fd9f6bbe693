"""`python -m sciencecity.allocation bench`: every method on every size, side by side, into bench/RESULTS.md.

Each run is a separate process (`... solve`), so its peak memory is its own; every solution is checked.
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from sciencecity.allocation.check import check
from sciencecity.allocation.generate import FAMILY_NAMES, generate
from sciencecity.allocation.model import ProblemError, dump, load_solution

TIME_LIMITS = {"small": 10.0, "medium": 120.0, "large": 600.0}
QUICK_LIMITS = {"small": 2.0, "medium": 10.0, "large": 30.0}
RUNS = (  # (label, method, protect_top)
    ("greedy", "greedy", 0.0),
    ("greedy+repair", "greedy+repair", 0.0),
    ("bound (LP)", "bound", 0.0),
    ("best", "best", 0.0),
    ("best, protect_top=0.2", "best", 0.2),
)
KEYS = {
    "greedy": "greedy",
    "greedy+repair": "greedy+repair",
    "bound": "bound (LP)",
    "best": "best",
    "protect": "best, protect_top=0.2",
}  # what `--methods` names each run
# On large cycles the production run certifies the same LP bound itself (its first stage), so the separate
# bound-only run is left out there to keep the whole benchmark near an hour and a half on two cores.
SKIP = {("large", "bound (LP)")}


@dataclass
class Run:
    family: str
    size: str
    seed: int
    label: str
    objective: float
    bound: float | None
    runtime_s: float
    peak_mb: float
    violations: int
    top10: float
    top20: float
    inversions: int
    utilisation: float
    status: str


def _solve_in_process(problem: Path, method: str, limit: float, protect: float, out: Path) -> float:
    command = [
        sys.executable,
        "-m",
        "sciencecity.allocation",
        "solve",
        str(problem),
        "--method",
        method,
        "--time-limit",
        str(limit),
        "--threads",
        "2",
        "--protect-top",
        str(protect),
        "-o",
        str(out),
    ]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL)  # noqa: S603 - our own module
    _, status, usage = os.wait4(process.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"{' '.join(command)} failed")
    return usage.ru_maxrss / 1024  # KiB on Linux


def run_bench(
    *,
    sizes: list[str],
    seeds: list[int],
    output: str,
    quick: bool = False,
    families: list[str] = list(FAMILY_NAMES),  # noqa: B006 - read only
    labels: list[str] | None = None,
) -> list[Run]:
    """Every run of RUNS, or those `labels` name by their KEYS (greedy and greedy+repair always: the ratios
    need them)."""
    limits = QUICK_LIMITS if quick else TIME_LIMITS
    unknown = set(labels or ()) - set(KEYS)
    if unknown:
        raise ProblemError(f"unknown run {sorted(unknown)[0]!r}; choose from {', '.join(KEYS)}")
    keep = None if labels is None else {"greedy", "greedy+repair", *(KEYS[k] for k in labels)}
    runs: list[Run] = []
    with tempfile.TemporaryDirectory() as tmp:
        for family, size in ((f, s) for f in families for s in sizes):
            for seed in seeds:
                problem = generate(size, seed, family)
                path = Path(tmp, f"{family}-{size}-{seed}.json")
                dump(problem, path)
                for label, method, protect in RUNS:
                    if (size, label) in SKIP or (keep is not None and label not in keep):
                        continue
                    out = Path(tmp, "solution.json")
                    peak = _solve_in_process(path, method, limits[size], protect, out)
                    solution = load_solution(out)
                    stats = solution.stats
                    runs.append(
                        Run(
                            family,
                            size,
                            seed,
                            label,
                            solution.objective,
                            solution.bound,
                            solution.runtime_s,
                            peak,
                            len(check(problem, solution).violations),
                            stats["top10_served"],
                            stats["top20_served"],
                            stats["rank_inversions"],
                            stats["utilisation"],
                            solution.status,
                        )
                    )
                    print(
                        f"{family} {size} seed {seed} {label}: {solution.objective:.1f} "
                        f"(bound {solution.bound}) {solution.runtime_s:.1f}s {peak:.0f} MB",
                        file=sys.stderr,
                    )
    write_section(Path(output), render(runs, families, sizes, seeds, limits, quick, labels))
    return runs


SECTION = re.compile(r"<!-- bench-(?P<name>[\w-]+):start -->.*?<!-- bench-(?P=name):end -->\n?", re.S)


def write_section(path: Path, text: str, name: str = "allocation") -> None:
    """Write `text` as the `name` section of the results file, keeping the other benchmarks' sections
    (`<!-- bench-<other>:start -->` ... `:end -->`, e.g. the web benchmark's) as they are."""
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    others = [m.group(0).rstrip("\n") for m in SECTION.finditer(old) if m.group("name") != name]
    block = f"<!-- bench-{name}:start -->\n{text.rstrip()}\n<!-- bench-{name}:end -->"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n\n".join([block, *others]) + "\n", encoding="utf-8")


def _machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        memory = next(x for x in Path("/proc/meminfo").read_text().splitlines() if x.startswith("MemTotal"))
        memory_gb = int(memory.split()[1]) / 1024**2
    except (OSError, StopIteration):
        memory_gb = 0.0
    versions = ", ".join(f"{name} {metadata.version(name)}" for name in ("highspy", "numpy"))
    return (
        f"{cpu}, {os.cpu_count()} cores, {memory_gb:.0f} GB; Python {platform.python_version()}; "
        f"{versions}; solver threads 2"
    )


def _pct(value: float) -> str:
    return f"{100 * value:.1f}%"


def render(
    runs: list[Run],
    families: list[str],
    sizes: list[str],
    seeds: list[int],
    limits: dict[str, float],
    quick: bool,
    labels: list[str] | None = None,
) -> str:
    lines = [
        "# Allocation benchmark",
        "",
        f"- date: {dt.datetime.now(dt.UTC).strftime('%Y-%m-%d %H:%M UTC')}",
        f"- machine: {_machine()}",
        f"- command: `python -m sciencecity.allocation bench --families {','.join(families)} "
        f"--sizes {','.join(sizes)} --seeds {','.join(map(str, seeds))}{' --quick' if quick else ''}"
        + (f" --methods {','.join(labels)}" if labels else "")
        + "`",
        f"- time limits: {', '.join(f'{s} {limits[s]:.0f} s' for s in sizes)}; every run a separate process",
        "- instances: `generate --family F --size S --seed N` (families and calibration in "
        "docs/reference/allocation-format.md)",
        "- gap = (bound - objective) / bound, with the bound each run certifies itself; *best gap* uses the",
        "  tightest bound any method proved on that instance. Figures are medians over the seeds.",
        "",
        "| family | size | method | objective | % of greedy | % of greedy+repair | bound | gap | best gap "
        "| runtime s | peak MB "
        "| violations | top-10% served | top-20% served | rank inversions | utilisation |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for family, size in ((f, s) for f in families for s in sizes):
        for label, _, _ in RUNS:
            rows = [r for r in runs if r.family == family and r.size == size and r.label == label]
            if not rows:
                continue

            def med(values: list[float]) -> float:
                return statistics.median(values)

            ratio_greedy, ratio_repair, gaps, best_gaps = [], [], [], []
            for r in rows:
                same = [x for x in runs if (x.family, x.size, x.seed) == (family, size, r.seed)]
                greedy = next(x.objective for x in same if x.label == "greedy")
                repaired = next(x.objective for x in same if x.label == "greedy+repair")
                bounds = [x.bound for x in same if x.bound is not None]
                ratio_greedy.append(r.objective / greedy)
                ratio_repair.append(r.objective / repaired)
                if bounds:
                    best_gaps.append((min(bounds) - r.objective) / min(bounds))
                if r.bound is not None:
                    gaps.append((r.bound - r.objective) / r.bound)
            lines.append(
                f"| {family} | {size} | {label} | {med([r.objective for r in rows]):.1f} "
                f"| {_pct(med(ratio_greedy))} "
                f"| {_pct(med(ratio_repair))} | "
                + (f"{med([r.bound for r in rows if r.bound is not None]):.1f}" if gaps else "-")
                + f" | {_pct(med(gaps)) if gaps else '-'} | {_pct(med(best_gaps)) if best_gaps else '-'} "
                f"| {med([r.runtime_s for r in rows]):.1f} | {med([r.peak_mb for r in rows]):.0f} "
                f"| {sum(r.violations for r in rows)} | {_pct(med([r.top10 for r in rows]))} "
                f"| {_pct(med([r.top20 for r in rows]))} | {med([r.inversions for r in rows]):.0f} "
                f"| {_pct(med([r.utilisation for r in rows]))} |"
            )
    lines += [
        "",
        "## Every run",
        "",
        "| family | size | seed | method | objective | bound | status | runtime s | peak MB |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in runs:
        bound = "-" if r.bound is None else f"{r.bound:.1f}"
        lines.append(
            f"| {r.family} | {r.size} | {r.seed} | {r.label} | {r.objective:.1f} | {bound} | {r.status} "
            f"| {r.runtime_s:.1f} | {r.peak_mb:.0f} |"
        )
    return "\n".join(lines) + "\n"
