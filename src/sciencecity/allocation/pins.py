"""Pins: requests the officer fixed to an instrument and a first shift, honoured by every method.

A pinned problem is solved as a smaller one: the pinned blocks become down time of their instruments, the
pinned requests leave, and each cap loses the shifts the pinned requests use. The reduced problem is solved
by the same method; its schedule plus the pins is the answer, and reduced bound + pinned weight bounds the
pinned problem (every schedule that keeps the pins is a schedule of the reduced problem plus the pins).

`refusal()` answers the officer's question before a pin or a move is made: can this request go there, given
the other placements and the caps? — None, or a `Refusal` with a code and what is in the way.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import Any

from sciencecity.allocation.calendar import Calendar
from sciencecity.allocation.caps import CapLedger
from sciencecity.allocation.fairness import figures
from sciencecity.allocation.model import (
    Assignment,
    Cap,
    Instrument,
    Problem,
    ProblemError,
    Request,
    Solution,
    Unscheduled,
    by_id,
)
from sciencecity.allocation.reasons import DISPLACED, NO_FEASIBLE_START

# Codes of a refusal (the Django side turns them into sentences).
UNKNOWN_REQUEST = "unknown_request"
UNKNOWN_INSTRUMENT = "unknown_instrument"
NOT_ITS_INSTRUMENT = "not_its_instrument"
OUTSIDE_CYCLE = "outside_cycle"
OUTSIDE_WINDOW = "outside_window"
DOWN = "down"
BLOCKED = "blocked"
OVERLAP = "overlap"
CAP = "cap"
PINNED_ELSEWHERE = "pinned_elsewhere"


@dataclass(frozen=True)
class Refusal:
    code: str
    detail: str  # the request, range, tag or instrument in the way, for the message
    shifts: tuple[int, int] | None = None  # the range in the way, when there is one

    def __str__(self) -> str:
        return f"{self.code}: {self.detail}"


def _overlap(a: int, b: int, first: int, last: int) -> bool:
    return a <= last and first <= b


def refusal(
    problem: Problem,
    request_id: str,
    instrument: str,
    start: int,
    *,
    others: Iterable[Assignment] = (),
) -> Refusal | None:
    """Why `request_id` cannot run on `instrument` from shift `start`, next to `others` (the rest of the
    schedule: other requests' placements, pins included) — or None when it can."""
    requests = by_id(problem.requests)
    request: Request | None = requests.get(request_id)
    if request is None:
        return Refusal(UNKNOWN_REQUEST, request_id)
    instruments = by_id(problem.instruments)
    if instrument not in instruments:
        return Refusal(UNKNOWN_INSTRUMENT, instrument)
    if instrument not in request.instruments:
        return Refusal(NOT_ITS_INSTRUMENT, instrument)
    end = start + request.shifts - 1
    if start < 0 or end >= problem.shifts:
        return Refusal(OUTSIDE_CYCLE, f"{start}..{end}", (start, end))
    if start < request.earliest or end > request.latest:
        return Refusal(
            OUTSIDE_WINDOW, f"{request.earliest}..{request.latest}", (request.earliest, request.latest)
        )
    for first, last in instruments[instrument].down:
        if _overlap(start, end, first, last):
            return Refusal(DOWN, f"{first}..{last}", (first, last))
    for first, last in request.blocked:
        if _overlap(start, end, first, last):
            return Refusal(BLOCKED, f"{first}..{last}", (first, last))
    pinned = {p.request: p for p in problem.pins}
    pin = pinned.get(request_id)
    if pin is not None and (pin.instrument, pin.start) != (instrument, start):
        return Refusal(PINNED_ELSEWHERE, f"{pin.instrument}@{pin.start}")
    ledger = CapLedger(problem.caps)
    for other in others:
        if other.request == request_id or other.request not in requests:
            continue
        taken = requests[other.request]
        ledger.add(taken)
        other_end = other.start + taken.shifts - 1
        if other.instrument == instrument and _overlap(start, end, other.start, other_end):
            return Refusal(OVERLAP, other.request, (other.start, other_end))
    tag = ledger.blocking(request)
    if tag is not None:
        return Refusal(CAP, tag)
    return None


def validate(problem: Problem) -> None:
    """Every pin names a request once and fits: its window, the calendar, the other pins and the caps.

    A faulty pin makes the whole problem infeasible, so it is refused with the pin named."""
    seen: set[str] = set()
    for pin in problem.pins:
        if pin.request in seen:
            raise ProblemError(f"pin {pin.request}: the request is pinned twice")
        seen.add(pin.request)
    placed: list[Assignment] = []
    for pin in problem.pins:
        why = refusal(problem, pin.request, pin.instrument, pin.start, others=placed)
        if why is not None:
            raise ProblemError(f"pin {pin.request} on {pin.instrument} at shift {pin.start}: {why}")
        placed.append(Assignment(pin.request, pin.instrument, pin.start))


def reduce(problem: Problem) -> tuple[Problem, float]:
    """The problem left once the pins are placed, and the pinned weight."""
    requests = by_id(problem.requests)
    taken: dict[str, list[tuple[int, int]]] = {}
    ledger = CapLedger(problem.caps)
    weight = 0.0
    for pin in problem.pins:
        request = requests[pin.request]
        taken.setdefault(pin.instrument, []).append((pin.start, pin.start + request.shifts - 1))
        ledger.add(request)
        weight += request.weight
    instruments = tuple(
        Instrument(i.id, tuple(sorted((*i.down, *taken.get(i.id, ()))))) for i in problem.instruments
    )
    pinned = {p.request for p in problem.pins}
    caps = tuple(Cap(c.tag, c.max_shifts - ledger.used[c.tag]) for c in problem.caps)
    rest = tuple(r for r in problem.requests if r.id not in pinned)
    return Problem(problem.name, problem.shifts, instruments, rest, caps), weight


SolveFunction = Callable[..., Solution]


def solve_pinned(
    problem: Problem, solve: SolveFunction, *, progress: Callable[[Any], None] | None, **options: Any
) -> Solution:
    """Solve the reduced problem with `solve` (the same method and options) and put the pins back."""
    reduced, pinned_weight = reduce(problem)

    def shifted(report: Any) -> None:
        if progress is not None:
            bound = None if report.bound is None else report.bound + pinned_weight
            progress(replace(report, objective=report.objective + pinned_weight, bound=bound))

    inner = solve(reduced, progress=shifted, **options)
    assignments = tuple(
        sorted(
            (*inner.assignments, *(Assignment(p.request, p.instrument, p.start) for p in problem.pins)),
            key=lambda a: a.request,
        )
    )
    # A request with no start once the pins are placed, but one on the empty calendar, was displaced.
    calendar = Calendar(problem)
    requests = by_id(problem.requests)
    unscheduled = tuple(
        Unscheduled(u.request, DISPLACED)
        if u.reason == NO_FEASIBLE_START and calendar.has_any_start(requests[u.request])
        else u
        for u in inner.unscheduled
    )
    weight = {r.id: r.weight for r in problem.requests}
    stats: dict[str, Any] = {**inner.stats, **figures(problem, assignments, calendar)}
    stats["pins"] = len(problem.pins)
    stats["pinned_weight"] = pinned_weight
    if "greedy_objective" in stats:
        stats["greedy_objective"] = stats["greedy_objective"] + pinned_weight
    return Solution(
        method=inner.method,
        status=inner.status,
        objective=math.fsum(weight[a.request] for a in assignments),
        bound=None if inner.bound is None else inner.bound + pinned_weight,
        runtime_s=inner.runtime_s,
        assignments=assignments,
        unscheduled=unscheduled,
        stats=stats,
    )
