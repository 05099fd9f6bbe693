"""Problem and solution of a cycle's allocation (formats `sciencecity-allocation/1` and `...-solution/1`).

Pure data: frozen dataclasses, JSON in and out, and validation that names the faulty record.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeGuard

PROBLEM_FORMAT = "sciencecity-allocation/1"
SOLUTION_FORMAT = "sciencecity-allocation-solution/1"
STATUSES = ("optimal", "feasible", "infeasible", "unknown")

Range = tuple[int, int]


class ProblemError(ValueError):
    """A malformed or inconsistent problem or solution; the message names the record."""


@dataclass(frozen=True)
class Instrument:
    id: str
    down: tuple[Range, ...] = ()


@dataclass(frozen=True)
class Request:
    id: str
    shifts: int
    instruments: tuple[str, ...]
    weight: float
    earliest: int
    latest: int
    score: float | None = None
    blocked: tuple[Range, ...] = ()
    tags: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        # A tag counts once: a request repeating a tag is charged to its cap once, everywhere.
        object.__setattr__(self, "tags", tuple(dict.fromkeys(self.tags)))

    @property
    def rank_key(self) -> float:
        """Higher ranks first: the review score, else weight per shift."""
        return self.score if self.score is not None else self.weight / self.shifts


@dataclass(frozen=True)
class Cap:
    tag: str
    max_shifts: int


@dataclass(frozen=True)
class Pin:
    """A request fixed to an instrument and a first shift (allocation/pins.py)."""

    request: str
    instrument: str
    start: int


@dataclass(frozen=True)
class Problem:
    name: str
    shifts: int
    instruments: tuple[Instrument, ...]
    requests: tuple[Request, ...]
    caps: tuple[Cap, ...] = ()
    pins: tuple[Pin, ...] = ()

    def __post_init__(self) -> None:
        tags = [cap.tag for cap in self.caps]
        repeated = next((tag for tag in tags if tags.count(tag) > 1), None)
        if repeated is not None:
            raise ProblemError(f"duplicate cap tag {repeated!r}: give each tag one cap")

    def ranked(self) -> list[Request]:
        """Requests best first; ties keep file order."""
        order = sorted(range(len(self.requests)), key=lambda k: (-self.requests[k].rank_key, k))
        return [self.requests[k] for k in order]


def optimality_tolerance(problem: Problem) -> float:
    """How far below its bound an objective may be and still be called optimal: a thousandth of the
    smallest positive weight (absolute), so that no request, however heavy the others, can be missing."""
    positive = [r.weight for r in problem.requests if r.weight > 0]
    return 1e-3 * min(positive) if positive else 1e-9


def objective_grain(problem: Problem) -> float | None:
    """The largest power of ten (1 down to 1e-6) of which every weight is a whole multiple: every schedule's
    value is then a multiple of it too, so a bound may be rounded down to one (`on_grain`). None when the
    weights have no such grain."""
    for digits in range(7):
        grain = 10.0**-digits
        if all(
            abs(r.weight / grain - round(r.weight / grain)) <= 1e-9 * max(1.0, abs(r.weight / grain))
            for r in problem.requests
        ):
            return grain
    return None


def on_grain(bound: float, grain: float | None) -> float:
    """The bound rounded down to the grain (no schedule is worth anything in between); a hair of slack keeps
    a bound that rounding left just below a multiple from dropping a whole step."""
    if grain is None or not math.isfinite(bound):
        return bound
    steps = bound / grain
    return math.floor(steps + 1e-6 + 1e-9 * abs(steps)) * grain


@dataclass(frozen=True)
class Cutoff:
    """A MILP is to seek only schedules worth more than `value`; every other schedule is worth at most
    `floor`."""

    value: float
    floor: float

    def bound(self, above: float) -> float:
        """A bound of every schedule from `above`, the MILP's bound of the schedules above the cutoff: when it
        does not exceed the cutoff, nothing is above it, and the rest are worth at most the floor."""
        return self.floor if above <= self.value else above


def cutoff_above(incumbent: float, grain: float | None, tolerance: float) -> Cutoff:
    """Seek only schedules better than the incumbent by a step: half a grain above it, where no schedule is
    worth anything between the incumbent and the next grain; else half the optimality tolerance above it."""
    if grain is not None:
        return Cutoff(incumbent + grain / 2, incumbent)
    return Cutoff(incumbent + tolerance / 2, incumbent + tolerance / 2)


@dataclass(frozen=True)
class Assignment:
    request: str
    instrument: str
    start: int


@dataclass(frozen=True)
class Unscheduled:
    request: str
    reason: str  # no_feasible_start | displaced | not_chosen | cap:<tag>


@dataclass(frozen=True)
class Solution:
    method: str
    status: str
    objective: float
    bound: float | None
    runtime_s: float
    assignments: tuple[Assignment, ...]
    unscheduled: tuple[Unscheduled, ...] = ()
    stats: Mapping[str, Any] = field(default_factory=dict)

    @property
    def gap(self) -> float | None:
        if self.bound is None:
            return None
        if self.bound <= 0:
            return 0.0
        return max(0.0, (self.bound - self.objective) / self.bound)


# --- reading ----------------------------------------------------------------------------------------------


def _ranges(raw: Any, where: str, shifts: int) -> tuple[Range, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise ProblemError(f"{where}: expected a list of [first, last] ranges")
    out = []
    for item in raw:
        if not (isinstance(item, list | tuple) and len(item) == 2 and all(_is_int(v) for v in item)):
            raise ProblemError(f"{where}: {item!r} is not a [first, last] pair of shift numbers")
        first, last = int(item[0]), int(item[1])
        if not 0 <= first <= last < shifts:
            raise ProblemError(f"{where}: range [{first}, {last}] is outside 0..{shifts - 1} or reversed")
        out.append((first, last))
    return tuple(out)


def _is_int(value: Any) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def _number(value: Any, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ProblemError(f"{where}: {value!r} is not a finite number")
    return float(value)


def _strings(raw: Any, where: str) -> tuple[str, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list) or not all(isinstance(v, str) and v for v in raw):
        raise ProblemError(f"{where}: expected a list of non-empty strings")
    return tuple(raw)


def problem_from_dict(data: Mapping[str, Any]) -> Problem:
    """Validate and build a problem; ProblemError names the first faulty record."""
    if not isinstance(data, Mapping):
        raise ProblemError("the problem must be a JSON object")
    if data.get("format") != PROBLEM_FORMAT:
        raise ProblemError(f"format must be {PROBLEM_FORMAT!r}, not {data.get('format')!r}")
    shifts = data.get("shifts")
    if not _is_int(shifts) or shifts <= 0:
        raise ProblemError(f"shifts must be a positive integer, not {shifts!r}")
    instruments = []
    for k, raw in enumerate(data.get("instruments") or []):
        if not isinstance(raw, Mapping) or not isinstance(raw.get("id"), str) or not raw["id"]:
            raise ProblemError(f"instruments[{k}]: needs a non-empty string id")
        instruments.append(
            Instrument(raw["id"], _ranges(raw.get("down"), f"instrument {raw['id']} down", shifts))
        )
    ids = [i.id for i in instruments]
    if not instruments:
        raise ProblemError("the problem has no instruments")
    if len(set(ids)) != len(ids):
        raise ProblemError(f"duplicate instrument id {next(i for i in ids if ids.count(i) > 1)!r}")
    known = set(ids)
    requests = [_request(raw, k, shifts, known) for k, raw in enumerate(data.get("requests") or [])]
    rids = [r.id for r in requests]
    if len(set(rids)) != len(rids):
        raise ProblemError(f"duplicate request id {next(i for i in rids if rids.count(i) > 1)!r}")
    caps = []
    for k, raw in enumerate(data.get("caps") or []):
        if not isinstance(raw, Mapping) or not isinstance(raw.get("tag"), str):
            raise ProblemError(f"caps[{k}]: needs a tag")
        limit = raw.get("max_shifts")
        if not _is_int(limit) or limit < 0:
            raise ProblemError(f"cap {raw['tag']}: max_shifts must be a non-negative integer, not {limit!r}")
        caps.append(Cap(raw["tag"], limit))
    problem = Problem(
        str(data.get("name", "")),
        shifts,
        tuple(instruments),
        tuple(requests),
        tuple(caps),
        _pins(data.get("pins"), shifts),
    )
    if problem.pins:
        from sciencecity.allocation.pins import validate  # pins.py builds on this module

        validate(problem)
    return problem


def _pins(raw: Any, shifts: int) -> tuple[Pin, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise ProblemError("pins: expected a list of {request, instrument, start} objects")
    out = []
    for k, item in enumerate(raw):
        if not (
            isinstance(item, Mapping)
            and all(isinstance(item.get(key), str) and item[key] for key in ("request", "instrument"))
            and _is_int(item.get("start"))
        ):
            raise ProblemError(f"pins[{k}]: needs a request, an instrument and an integer start")
        if not 0 <= item["start"] < shifts:
            raise ProblemError(f"pin {item['request']}: start {item['start']} is outside 0..{shifts - 1}")
        out.append(Pin(item["request"], item["instrument"], item["start"]))
    return tuple(out)


def _request(raw: Any, k: int, shifts: int, known: set[str]) -> Request:
    if not isinstance(raw, Mapping) or not isinstance(raw.get("id"), str) or not raw["id"]:
        raise ProblemError(f"requests[{k}]: needs a non-empty string id")
    rid = raw["id"]
    where = f"request {rid}"
    length = raw.get("shifts")
    if not _is_int(length) or length <= 0:
        raise ProblemError(f"{where}: shifts must be a positive integer, not {length!r}")
    instruments = _strings(raw.get("instruments"), f"{where} instruments")
    if not instruments:
        raise ProblemError(f"{where}: names no instrument")
    unknown = [i for i in instruments if i not in known]
    if unknown:
        raise ProblemError(f"{where}: unknown instrument {unknown[0]!r}")
    if len(set(instruments)) != len(instruments):
        raise ProblemError(f"{where}: an instrument is listed twice")
    weight = _number(raw.get("weight"), f"{where} weight")
    if weight < 0:
        raise ProblemError(f"{where}: weight must not be negative")
    score = raw.get("score")
    if score is not None:
        score = _number(score, f"{where} score")
    earliest = raw.get("earliest", 0)
    latest = raw.get("latest", shifts - 1)
    if not (_is_int(earliest) and _is_int(latest) and 0 <= earliest <= latest < shifts):
        raise ProblemError(f"{where}: window [{earliest}, {latest}] must lie inside 0..{shifts - 1}")
    if latest - earliest + 1 < length:
        raise ProblemError(
            f"{where}: window [{earliest}, {latest}] is shorter than the {length} shifts requested"
        )
    return Request(
        id=rid,
        shifts=length,
        instruments=instruments,
        weight=weight,
        earliest=earliest,
        latest=latest,
        score=score,
        blocked=_ranges(raw.get("blocked"), f"{where} blocked", shifts),
        tags=_strings(raw.get("tags"), f"{where} tags"),
    )


def problem_to_dict(problem: Problem) -> dict[str, Any]:
    return {
        "format": PROBLEM_FORMAT,
        "name": problem.name,
        "shifts": problem.shifts,
        "instruments": [{"id": i.id, "down": [list(r) for r in i.down]} for i in problem.instruments],
        "requests": [
            {
                "id": r.id,
                **({"score": r.score} if r.score is not None else {}),
                "weight": r.weight,
                "shifts": r.shifts,
                "instruments": list(r.instruments),
                "earliest": r.earliest,
                "latest": r.latest,
                "blocked": [list(b) for b in r.blocked],
                "tags": list(r.tags),
            }
            for r in problem.requests
        ],
        "caps": [{"tag": c.tag, "max_shifts": c.max_shifts} for c in problem.caps],
        **(
            {
                "pins": [
                    {"request": p.request, "instrument": p.instrument, "start": p.start} for p in problem.pins
                ]
            }
            if problem.pins
            else {}
        ),
    }


def solution_to_dict(solution: Solution) -> dict[str, Any]:
    return {
        "format": SOLUTION_FORMAT,
        "method": solution.method,
        "status": solution.status,
        "objective": solution.objective,
        "bound": solution.bound,
        "gap": solution.gap,
        "runtime_s": round(solution.runtime_s, 3),
        "assignments": [
            {"request": a.request, "instrument": a.instrument, "start": a.start} for a in solution.assignments
        ],
        "unscheduled": [{"request": u.request, "reason": u.reason} for u in solution.unscheduled],
        "stats": dict(solution.stats),
    }


def solution_from_dict(data: Mapping[str, Any]) -> Solution:
    if not isinstance(data, Mapping) or data.get("format") != SOLUTION_FORMAT:
        raise ProblemError(f"format must be {SOLUTION_FORMAT!r}")
    assignments = []
    for k, raw in enumerate(data.get("assignments") or []):
        if not (
            isinstance(raw, Mapping)
            and isinstance(raw.get("request"), str)
            and isinstance(raw.get("instrument"), str)
            and _is_int(raw.get("start"))
        ):
            raise ProblemError(f"assignments[{k}]: needs request, instrument and an integer start")
        assignments.append(Assignment(raw["request"], raw["instrument"], raw["start"]))
    raw_unscheduled = data.get("unscheduled") or []
    if not isinstance(raw_unscheduled, list):
        raise ProblemError("unscheduled: expected a list of {request, reason} objects")
    unscheduled = []
    for k, raw in enumerate(raw_unscheduled):
        if not (
            isinstance(raw, Mapping)
            and isinstance(raw.get("request"), str)
            and isinstance(raw.get("reason"), str)
        ):
            raise ProblemError(f"unscheduled[{k}]: needs a request and a reason")
        unscheduled.append(Unscheduled(raw["request"], raw["reason"]))
    status = data.get("status", "unknown")
    if status not in STATUSES:
        raise ProblemError(f"status must be one of {', '.join(STATUSES)}")
    bound = data.get("bound")
    return Solution(
        method=str(data.get("method", "")),
        status=status,
        objective=_number(data.get("objective", 0.0), "objective"),
        bound=None if bound is None else _number(bound, "bound"),
        runtime_s=_number(data.get("runtime_s", 0.0), "runtime_s"),
        assignments=tuple(assignments),
        unscheduled=tuple(unscheduled),
        stats=dict(data.get("stats") or {}),
    )


def _read_json(path: str | Path) -> Any:
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ProblemError(f"{path}: no such file") from exc
    except json.JSONDecodeError as exc:
        raise ProblemError(f"{path}: not JSON ({exc.msg} at line {exc.lineno})") from exc


def load(path: str | Path) -> Problem:
    return problem_from_dict(_read_json(path))


def load_solution(path: str | Path) -> Solution:
    return solution_from_dict(_read_json(path))


def dump(obj: Problem | Solution, path: str | Path) -> None:
    data = problem_to_dict(obj) if isinstance(obj, Problem) else solution_to_dict(obj)
    Path(path).write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def by_id(items: Iterable[Any]) -> dict[str, Any]:
    return {item.id: item for item in items}
