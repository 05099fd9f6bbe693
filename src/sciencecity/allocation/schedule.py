"""A schedule under construction, and the two baselines user offices use: greedy and greedy+repair."""

from __future__ import annotations

import math
import time
from collections.abc import Iterable

import numpy as np

from sciencecity.allocation.calendar import Calendar, IntArray
from sciencecity.allocation.caps import CapLedger
from sciencecity.allocation.model import Assignment, Problem, Request


class PlacementError(ValueError):
    """A placement that breaks a rule: the schedule refuses it and stays as it was."""


class Schedule:
    """Occupancy of every instrument and the use of every cap; places and removes whole requests."""

    def __init__(self, problem: Problem, calendar: Calendar | None = None) -> None:
        self.problem = problem
        self.calendar = calendar or Calendar(problem)
        self.requests = {r.id: r for r in problem.requests}
        self.occupant = np.full((len(problem.instruments), problem.shifts), -1, dtype=np.int64)
        self.number = {r.id: k for k, r in enumerate(problem.requests)}
        self.caps = CapLedger(problem.caps)
        self.placed: dict[str, tuple[str, int]] = {}
        self.objective = 0.0

    # --- queries ---
    def cap_blocking(self, request: Request) -> str | None:
        """The first cap that placing the request would exceed, if any."""
        return self.caps.blocking(request)

    def free_starts(self, request: Request, instrument: str) -> IntArray:
        starts = self.calendar.starts(request, instrument)
        if starts.size == 0:
            return starts
        busy = self.occupant[self.calendar.index[instrument]] >= 0
        prefix = np.concatenate(([0], np.cumsum(busy, dtype=np.int64)))
        free: IntArray = starts[prefix[starts + request.shifts] - prefix[starts] == 0]
        return free

    def first_fit(self, request: Request) -> tuple[str, int] | None:
        """Earliest free start on the first of its instruments that has one."""
        for instrument in request.instruments:
            free = self.free_starts(request, instrument)
            if free.size:
                return instrument, int(free[0])
        return None

    def blockers_at(self, request: Request, instrument: str, starts: IntArray) -> list[tuple[int, ...]]:
        """The requests (by number) in the way of the request at each of `starts`: the row of the
        instrument is cut once into runs of one occupant, and each start reads the runs it overlaps."""
        row = self.occupant[self.calendar.index[instrument]]
        first = np.concatenate(([0], np.flatnonzero(np.diff(row)) + 1))
        owner = row[first]
        lo = np.searchsorted(first, starts, side="right") - 1
        hi = np.searchsorted(first, starts + request.shifts, side="left")
        return [tuple(int(x) for x in owner[a:b] if x >= 0) for a, b in zip(lo, hi, strict=True)]

    def blockers(self, request: Request, instrument: str, start: int) -> set[int]:
        row = self.occupant[self.calendar.index[instrument], start : start + request.shifts]
        return {int(x) for x in np.unique(row[row >= 0])}

    # --- changes ---
    def place(self, request: Request, instrument: str, start: int) -> None:
        self.occupant[self.calendar.index[instrument], start : start + request.shifts] = self.number[
            request.id
        ]
        self.placed[request.id] = (instrument, start)
        self.caps.add(request)
        self.objective += request.weight

    def remove(self, request: Request) -> None:
        instrument, start = self.placed.pop(request.id)
        self.occupant[self.calendar.index[instrument], start : start + request.shifts] = -1
        self.caps.remove(request)
        self.objective -= request.weight

    def try_first_fit(self, request: Request) -> bool:
        if self.cap_blocking(request):
            return False
        spot = self.first_fit(request)
        if spot is None:
            return False
        self.place(request, *spot)
        return True

    def assignments(self) -> tuple[Assignment, ...]:
        return tuple(Assignment(rid, inst, start) for rid, (inst, start) in sorted(self.placed.items()))

    def why_not(self, request: Request, instrument: str, start: int) -> str | None:
        """Why the request cannot be placed there now (None when it can)."""
        if request.id in self.placed:
            return f"{request.id} is already placed"
        if instrument not in request.instruments:
            return f"{instrument} is not one of {request.id}'s instruments"
        starts = self.calendar.starts(request, instrument)
        k = int(np.searchsorted(starts, start))
        if k >= starts.size or starts[k] != start:
            return f"{request.id} cannot start at {start} on {instrument}"
        if self.blockers(request, instrument, start):
            return f"{request.id} would share shifts of {instrument}"
        tag = self.cap_blocking(request)
        if tag is not None:
            return f"{request.id} would exceed cap {tag}"
        return None

    def load(self, assignments: Iterable[Assignment]) -> None:
        """Place every assignment, checking each; on a faulty one, undo them all and raise PlacementError."""
        done: list[Request] = []
        for a in assignments:
            request = self.requests.get(a.request)
            problem = (
                f"no request {a.request}" if request is None else self.why_not(request, a.instrument, a.start)
            )
            if problem is not None or request is None:
                for placed in reversed(done):
                    self.remove(placed)
                raise PlacementError(problem)
            self.place(request, a.instrument, a.start)
            done.append(request)

    def worth(self, assignments: Iterable[Assignment]) -> float:
        """What `assignments` are worth, summed exactly (no drift from the running `objective`'s += / -=)."""
        return math.fsum(self.requests[a.request].weight for a in assignments)

    def replace(self, group: Iterable[Request], assignments: Iterable[Assignment]) -> bool:
        """Swap the group's current placements for `assignments` if they are all valid; else keep them."""
        saved = [(r, self.placed[r.id]) for r in group if r.id in self.placed]
        for request, _ in saved:
            self.remove(request)
        try:
            self.load(assignments)
        except PlacementError:
            for request, spot in saved:
                self.place(request, *spot)
            return False
        return True


def greedy(problem: Problem, calendar: Calendar | None = None) -> Schedule:
    """Rank order; each request at the earliest feasible start on the first compatible instrument."""
    schedule = Schedule(problem, calendar)
    for request in problem.ranked():
        schedule.try_first_fit(request)
    return schedule


def fill(schedule: Schedule) -> int:
    """The last pass: every request left out that still fits (and no cap stops) goes in, in rank order, at
    its earliest free start; returns how many were placed."""
    placed = 0
    for request in schedule.problem.ranked():
        if request.id not in schedule.placed and schedule.try_first_fit(request):
            placed += 1
    return placed


def repair(schedule: Schedule, *, deadline: float, protected: frozenset[str] = frozenset()) -> int:
    """Insert and swap moves until none improves the objective (or the deadline passes); returns moves made.

    For an unscheduled request and each place it could start, the requests in the way (at most two) are
    taken out, the request is put in, and those taken out are put back wherever they fit first. The move is
    kept when the objective grows; protected requests are never left out.
    """
    problem = schedule.problem
    moves = 0
    improved = True
    by_number = problem.requests
    while improved and time.monotonic() < deadline:
        improved = False
        waiting = sorted(
            (r for r in problem.requests if r.id not in schedule.placed), key=lambda r: (-r.weight, r.id)
        )
        for request in waiting:
            if time.monotonic() >= deadline:
                break
            if request.id in schedule.placed:
                continue
            if _insert_with_moves(schedule, request, by_number, protected):
                moves += 1
                improved = True
    return moves


def _insert_with_moves(
    schedule: Schedule, request: Request, by_number: tuple[Request, ...], protected: frozenset[str]
) -> bool:
    if schedule.try_first_fit(request):
        return True
    for instrument in request.instruments:
        tried: set[frozenset[int]] = set()
        starts = schedule.calendar.starts(request, instrument)
        # A move that fails restores the row exactly, so the blockers of every start are read once.
        for start, numbers in zip(starts, schedule.blockers_at(request, instrument, starts), strict=True):
            key = frozenset(numbers)
            if len(numbers) > 2 or key in tried:
                continue
            tried.add(key)
            out = [by_number[k] for k in numbers]
            if sum(r.weight for r in out) >= request.weight:
                continue  # even if all of them came back elsewhere, a swap this way cannot gain
            before = schedule.objective
            saved = {r.id: schedule.placed[r.id] for r in out}
            for r in out:
                schedule.remove(r)
            if schedule.cap_blocking(request):
                _restore(schedule, out, saved)
                continue
            schedule.place(request, instrument, int(start))
            lost = [r for r in sorted(out, key=lambda r: -r.weight) if not schedule.try_first_fit(r)]
            if schedule.objective > before + 1e-9 and not any(r.id in protected for r in lost):
                return True
            schedule.remove(request)
            for r in out:
                if r.id in schedule.placed:
                    schedule.remove(r)
            _restore(schedule, out, saved)
    return False


def _restore(schedule: Schedule, out: list[Request], saved: dict[str, tuple[str, int]]) -> None:
    for r in out:
        schedule.place(r, *saved[r.id])
