"""`python -m sciencecity.allocation bench`: every method on every size, side by side, into bench/RESULTS.md.

Each run is a separate process (`... solve`), so its peak memory is its own; every solution is checked.
Every run is recorded in `allocation-runs.json` beside the results file, one record per (family, size,
seed, method): a partial run replaces the records it re-ran and keeps the others, and the tables of the
results file's allocation section are rendered from all records.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
from dataclasses import asdict, dataclass
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
    top10: float | None  # None: not recorded (runs carried over from tables that gave only medians)
    top20: float | None
    inversions: int | None
    utilisation: float | None
    status: str
    date: str = ""  # when the run was made (UTC)
    time_limit: float = 0.0

    @property
    def key(self) -> tuple[str, str, int, str, float]:
        return (self.family, self.size, self.seed, self.label, self.time_limit)


@dataclass
class Invocation:
    date: str
    command: str
    machine: str
    limits: str
    note: str = ""


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
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
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
                            now,
                            limits[size],
                        )
                    )
                    print(
                        f"{family} {size} seed {seed} {label}: {solution.objective:.1f} "
                        f"(bound {solution.bound}) {solution.runtime_s:.1f}s {peak:.0f} MB",
                        file=sys.stderr,
                    )
    invocation = Invocation(
        now,
        f"python -m sciencecity.allocation bench --families {','.join(families)} --sizes {','.join(sizes)} "
        f"--seeds {','.join(map(str, seeds))}{' --quick' if quick else ''}"
        + (f" --methods {','.join(labels)}" if labels else ""),
        _machine(),
        ", ".join(f"{s} {limits[s]:.0f} s" for s in sizes),
        f"load average before the run: {_load()}",
    )
    record = Path(output).with_name(RECORD)
    all_runs, invocations = merge(*read_record(record), runs, invocation)
    write_record(record, all_runs, invocations)
    write_section(Path(output), render(all_runs, invocations))
    return runs


RECORD = "allocation-runs.json"


def read_record(path: Path) -> tuple[list[Run], list[Invocation]]:
    if not path.exists():
        return [], []
    data = json.loads(path.read_text(encoding="utf-8"))
    return [Run(**r) for r in data["runs"]], [Invocation(**i) for i in data["invocations"]]


def write_record(path: Path, runs: list[Run], invocations: list[Invocation]) -> None:
    data = {"runs": [asdict(r) for r in runs], "invocations": [asdict(i) for i in invocations]}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=1, sort_keys=False) + "\n", encoding="utf-8")


def merge(
    old: list[Run], invocations: list[Invocation], new: list[Run], invocation: Invocation
) -> tuple[list[Run], list[Invocation]]:
    """The recorded runs with those of `new` in place of any with the same (family, size, seed, method),
    in the order of families, sizes, seeds and methods; the invocation is added to the list."""
    by_key = {r.key: r for r in old}
    by_key.update({r.key: r for r in new})
    families = {f: k for k, f in enumerate(FAMILY_NAMES)}
    sizes = {s: k for k, s in enumerate(TIME_LIMITS)}
    labels = {label: k for k, (label, _, _) in enumerate(RUNS)}
    order = sorted(
        by_key.values(),
        key=lambda r: (
            families.get(r.family, 99),
            sizes.get(r.size, 99),
            -r.time_limit,
            r.seed,
            labels.get(r.label, 99),
        ),
    )
    return order, [*invocations, invocation]


def _load() -> str:
    try:
        return " ".join(f"{x:.1f}" for x in os.getloadavg())
    except OSError:
        return "unknown"


SECTION = re.compile(r"<!-- bench-(?P<name>[\w-]+):start -->.*?<!-- bench-(?P=name):end -->\n?", re.S)


def write_section(path: Path, text: str, name: str = "allocation") -> None:
    """Write `text` as the `name` section of the results file (`<!-- bench-<name>:start -->` ... `:end -->`)
    in place, keeping everything else of the file as it is (other benchmarks' sections, notes around them);
    a file without that section gets it first."""
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    block = f"<!-- bench-{name}:start -->\n{text.rstrip()}\n<!-- bench-{name}:end -->\n"
    own = next((m for m in SECTION.finditer(old) if m.group("name") == name), None)
    if own is not None:
        new = old[: own.start()] + block + old[own.end() :]
    else:
        new = block + ("\n" + old if old.strip() else "")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(new, encoding="utf-8")


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


def _median_pct(values: list[float | None]) -> str:
    known = [v for v in values if v is not None]
    return _pct(statistics.median(known)) if known else "-"


def _median_int(values: list[int | None]) -> str:
    known = [v for v in values if v is not None]
    return f"{statistics.median(known):.0f}" if known else "-"


def render(runs: list[Run], invocations: list[Invocation]) -> str:
    families = [f for f in FAMILY_NAMES if any(r.family == f for r in runs)]
    sizes = [s for s in TIME_LIMITS if any(r.size == s for r in runs)]
    lines = [
        "# Allocation benchmark",
        "",
        "Rendered by `python -m sciencecity.allocation bench` from every run recorded in",
        f"`bench/{RECORD}` (one record per family, size, seed and method; a later run of the",
        "same replaces it). Every run a separate process, 2 solver threads; instances",
        "`generate --family F --size S --seed N` (families and calibration in",
        "docs/reference/allocation-format.md); time limits small 10 s, medium 120 s, large 600 s",
        "(`--quick`: 2, 10, 30 s). Peak MB is the solving process's peak resident memory.",
        "gap = (bound - objective) / bound, with the bound each run certifies itself; *best gap* uses the",
        "tightest bound any method proved on that instance. Figures are medians over the seeds recorded;",
        "*optimal* counts the runs whose status is `optimal`.",
        "",
        "## Runs recorded",
        "",
    ]
    for invocation in invocations:
        lines.append(f"- {invocation.date}: `{invocation.command}` ({invocation.limits})")
        lines.append(f"  - machine: {invocation.machine}")
        if invocation.note:
            lines.append(f"  - {invocation.note}")
    lines += [
        "",
        "## Summary",
        "",
        "| family | size | limit s | method | seeds | objective | % of greedy | % of greedy+repair | bound "
        "| gap | best gap | optimal | runtime s | peak MB "
        "| violations | top-10% served | top-20% served | rank inversions | utilisation |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for family, size in ((f, s) for f in families for s in sizes):
        limits = sorted({r.time_limit for r in runs if (r.family, r.size) == (family, size)}, reverse=True)
        for limit, (label, _, _) in ((t, run) for t in limits for run in RUNS):
            rows = [
                r for r in runs if (r.family, r.size, r.label, r.time_limit) == (family, size, label, limit)
            ]
            if not rows:
                continue

            def med(values: list[float]) -> float:
                return statistics.median(values)

            ratio_greedy, ratio_repair, gaps, best_gaps = [], [], [], []
            for r in rows:
                same = [
                    x
                    for x in runs
                    if (x.family, x.size, x.seed, x.time_limit) == (family, size, r.seed, limit)
                ]
                greedy = next((x.objective for x in same if x.label == "greedy"), None)
                repaired = next((x.objective for x in same if x.label == "greedy+repair"), None)
                bounds = [x.bound for x in same if x.bound is not None]
                if greedy:
                    ratio_greedy.append(r.objective / greedy)
                if repaired:
                    ratio_repair.append(r.objective / repaired)
                if bounds:
                    best_gaps.append((min(bounds) - r.objective) / min(bounds))
                if r.bound is not None:
                    gaps.append((r.bound - r.objective) / r.bound)
            optimal = sum(r.status == "optimal" for r in rows)
            lines.append(
                f"| {family} | {size} | {limit:.0f} | {label} | {','.join(str(r.seed) for r in rows)} "
                f"| {med([r.objective for r in rows]):.1f} "
                f"| {_pct(med(ratio_greedy)) if ratio_greedy else '-'} "
                f"| {_pct(med(ratio_repair)) if ratio_repair else '-'} | "
                + (f"{med([r.bound for r in rows if r.bound is not None]):.1f}" if gaps else "-")
                + f" | {_pct(med(gaps)) if gaps else '-'} | {_pct(med(best_gaps)) if best_gaps else '-'} "
                f"| {optimal}/{len(rows)} "
                f"| {med([r.runtime_s for r in rows]):.1f} | {med([r.peak_mb for r in rows]):.0f} "
                f"| {sum(r.violations for r in rows)} | {_median_pct([r.top10 for r in rows])} "
                f"| {_median_pct([r.top20 for r in rows])} | {_median_int([r.inversions for r in rows])} "
                f"| {_median_pct([r.utilisation for r in rows])} |"
            )
    lines += [
        "",
        "## Every run",
        "",
        "| family | size | limit s | seed | method | objective | bound | status | runtime s | peak MB "
        "| date |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in runs:
        bound = "-" if r.bound is None else f"{r.bound:.1f}"
        lines.append(
            f"| {r.family} | {r.size} | {r.time_limit:.0f} | {r.seed} | {r.label} | {r.objective:.1f} "
            f"| {bound} | {r.status} "
            f"| {r.runtime_s:.1f} | {r.peak_mb:.0f} | {r.date} |"
        )
    return "\n".join(lines) + "\n"
