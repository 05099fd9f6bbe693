"""Large-neighbourhood search: re-optimise a window of time on a few linked stations with the time-indexed
MILP, everything outside it fixed, around the incumbent and guided by the LP's solution.

Nothing here needs the cycle to fall apart into components. A neighbourhood is a set of stations grown from
one station along the requests they share (the stations an applicant named as alternatives), and a window of
shifts. Its requests are those placed wholly inside it and those left out that could go there; the MILP
chooses among their starts inside the window on free cells, with each cap's budget less what the fixed
requests use. Its warm start is the incumbent, so a move is never worse, and it is adopted only when it is
better and the schedule accepts every placement (`Schedule.replace`).

Where to look: the LP places requests the incumbent leaves out; the weight of those LP columns, by station
and stretch of time, is where the incumbent most likely loses. Neighbourhoods are drawn in proportion to
that (plus a little everywhere, and less where one was just tried), with a seeded generator. Their size
adapts: a neighbourhood solved to optimality well within its time grows the next one, one that is not
shrinks it (a target number of columns; the window around the chosen shift is cut to reach it). The
adaptation follows solver times, so the search is not repeatable run to run.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from sciencecity.allocation.calendar import Calendar
from sciencecity.allocation.caps import charged
from sciencecity.allocation.model import Assignment, Problem, Request
from sciencecity.allocation.schedule import Schedule
from sciencecity.allocation.timeindexed import Columns, solve_component

BUCKET = 15  # shifts per cell of the map of where the LP and the incumbent disagree
FIRST_TARGET = 3000  # columns of the first neighbourhood's model; the size adapts from there
MIN_TARGET, MAX_TARGET = 300, 100_000
MAX_STATIONS = 4
MIN_WINDOW = 2 * BUCKET
MOVE_SECONDS = 4.0  # time limit of one neighbourhood's MILP


@dataclass
class Stats:
    tried: int = 0
    improved: int = 0
    proven: int = 0  # neighbourhoods solved to optimality
    gained: float = 0.0


@dataclass(frozen=True)
class Neighbourhood:
    stations: tuple[int, ...]  # calendar indices
    first: int  # first shift of the window
    last: int  # last shift of the window


class Search:
    """The state of one search: the station links, the LP's guide and the sizes that adapt."""

    def __init__(
        self,
        problem: Problem,
        calendar: Calendar,
        schedule: Schedule,
        guide: Sequence[Assignment],
        *,
        protected: frozenset[str],
        threads: int,
        seed: int,
        tolerance: float,
    ) -> None:
        self.problem, self.calendar, self.schedule = problem, calendar, schedule
        self.protected, self.threads, self.seed, self.tolerance = protected, threads, seed, tolerance
        self.rng = np.random.default_rng(seed)
        n = len(problem.instruments)
        self.links = np.zeros((n, n))
        self.on_station: list[list[Request]] = [[] for _ in range(n)]
        for request in problem.requests:
            stations = [calendar.index[i] for i in request.instruments]
            for a in stations:
                self.on_station[a].append(request)
                for b in stations:
                    if a != b:
                        self.links[a, b] += 1.0
        number = schedule.number
        self.guide_request = np.array([number[a.request] for a in guide], dtype=np.int64)
        self.guide_cell = np.array(
            [calendar.index[a.instrument] * self._buckets + a.start // BUCKET for a in guide], dtype=np.int64
        )
        self.guide_weight = np.array([schedule.requests[a.request].weight for a in guide], dtype=float)
        self.visited = np.ones(n * self._buckets)
        self.target = float(FIRST_TARGET)
        self.columns_in_all = sum(calendar.starts(r, i).size for r in problem.requests for i in r.instruments)
        self.exhausted = False  # the whole cycle was one neighbourhood, solved to optimality: nothing is left
        self.stats = Stats()

    @property
    def _buckets(self) -> int:
        return -(-self.problem.shifts // BUCKET)

    # --- where to look ---
    def _regret(self) -> np.ndarray:
        """LP weight of the requests the incumbent leaves out, by (station, stretch of time)."""
        placed = np.zeros(len(self.problem.requests), dtype=bool)
        for rid in self.schedule.placed:
            placed[self.schedule.number[rid]] = True
        out = np.zeros(len(self.problem.instruments) * self._buckets)
        if self.guide_request.size:
            left_out = ~placed[self.guide_request]
            np.add.at(out, self.guide_cell[left_out], self.guide_weight[left_out])
        return out

    def draw(self) -> tuple[int, int]:
        """A station and a shift to centre the next neighbourhood on."""
        regret = self._regret()
        floor = max(1e-9, regret.mean()) * 0.2
        weight = (regret + floor) / self.visited
        cell = int(self.rng.choice(weight.size, p=weight / weight.sum()))
        self.visited[cell] *= 2.0
        station, bucket = divmod(cell, self._buckets)
        return station, bucket * BUCKET + BUCKET // 2

    def shape(self, station: int, centre: int) -> tuple[Neighbourhood, list[Request], Columns]:
        """A few stations linked to `station` and the widest window around `centre` whose model has about
        `target` columns."""
        if self.columns_in_all <= self.target:  # the whole cycle is small enough to be one neighbourhood
            everything = Neighbourhood(
                tuple(range(len(self.problem.instruments))), 0, self.problem.shifts - 1
            )
            members = self.members(everything)
            return everything, members, self.columns(everything, members)
        stations = self._grow(station, int(self.rng.integers(1, MAX_STATIONS + 1)))
        window = self.problem.shifts
        while True:
            first = max(0, min(centre - window // 2, self.problem.shifts - window))
            hood = Neighbourhood(stations, first, first + window - 1)
            members = self.members(hood)
            cols = self.columns(hood, members)
            if cols.request.size <= 1.3 * self.target or window <= MIN_WINDOW:
                return hood, members, cols
            window = max(MIN_WINDOW, int(window * max(0.3, 0.9 * self.target / cols.request.size)))

    def _grow(self, station: int, size: int) -> tuple[int, ...]:
        """The station and, one by one, the station most linked to those chosen (random among equals)."""
        chosen = [station]
        while len(chosen) < size:
            strength = self.links[chosen].sum(axis=0)
            strength[chosen] = -1.0
            best = strength.max()
            if best <= 0:
                break
            ties = np.flatnonzero(strength == best)
            chosen.append(int(self.rng.choice(ties)))
        return tuple(sorted(chosen))

    def _whole(self, hood: Neighbourhood) -> bool:
        """Whether the neighbourhood is the whole cycle."""
        everything = len(hood.stations) == len(self.problem.instruments)
        return everything and hood.first == 0 and hood.last == self.problem.shifts - 1

    # --- one move ---
    def members(self, hood: Neighbourhood) -> list[Request]:
        """Requests placed wholly inside the neighbourhood, and those left out that could go there."""
        schedule, out, seen = self.schedule, [], set()
        inside = {self.calendar.problem.instruments[s].id for s in hood.stations}
        for s in hood.stations:
            for request in self.on_station[s]:
                if request.id in seen:
                    continue
                seen.add(request.id)
                spot = schedule.placed.get(request.id)
                if spot is None:
                    fits = min(request.latest, hood.last) - max(request.earliest, hood.first) + 1
                    if fits >= request.shifts:
                        out.append(request)
                elif (
                    spot[0] in inside and spot[1] >= hood.first and spot[1] + request.shifts - 1 <= hood.last
                ):
                    out.append(request)
        return out

    def columns(self, hood: Neighbourhood, members: Sequence[Request]) -> Columns:
        """Every start of the members inside the window on the neighbourhood's stations, on cells that the
        requests outside the neighbourhood leave free."""
        schedule, calendar = self.schedule, self.calendar
        own = {schedule.number[r.id] for r in members}
        prefix = {}
        for s in hood.stations:
            row = schedule.occupant[s]
            busy = (row >= 0) & ~np.isin(row, list(own))
            prefix[s] = np.concatenate(([0], np.cumsum(busy, dtype=np.int64)))
        parts: list[tuple[int, int, np.ndarray]] = []
        for k, request in enumerate(members):
            for instrument in request.instruments:
                s = calendar.index[instrument]
                if s not in prefix:
                    continue
                starts = calendar.starts(request, instrument)
                starts = starts[(starts >= hood.first) & (starts + request.shifts - 1 <= hood.last)]
                starts = starts[prefix[s][starts + request.shifts] == prefix[s][starts]]
                if starts.size:
                    parts.append((k, s, starts))
        if not parts:
            empty = np.empty(0, dtype=np.int64)
            return Columns(empty, empty, empty, empty, np.empty(0))
        request_of = np.concatenate([np.full(p[2].size, p[0], dtype=np.int64) for p in parts])
        station_of = np.concatenate([np.full(p[2].size, p[1], dtype=np.int64) for p in parts])
        lengths = np.array([r.shifts for r in members], dtype=np.int64)
        weights = np.array([r.weight for r in members], dtype=float)
        starts = np.concatenate([p[2] for p in parts])
        return Columns(request_of, station_of, starts, lengths[request_of], weights[request_of])

    def budgets(self, members: Sequence[Request]) -> dict[str, float]:
        """Each cap that charges a member: its limit less what the requests outside the neighbourhood use."""
        ledger = self.schedule.caps
        out = {}
        for tag, limit in ledger.limit.items():
            if not any(charged(r, (tag,)) for r in members):
                continue
            inside = sum(r.shifts for r in members if r.id in self.schedule.placed and charged(r, (tag,)))
            out[tag] = float(limit - (ledger.used[tag] - inside))
        return out

    def move(self, station: int, centre: int, time_limit: float) -> bool:
        """Re-optimise one neighbourhood; returns whether the schedule improved."""
        hood, members, cols = self.shape(station, centre)
        if not members:
            self.exhausted = self._whole(hood)
            return False
        placed = self.schedule.placed
        warm = [Assignment(r.id, *placed[r.id]) for r in members if r.id in placed]
        current = float(sum(r.weight for r in members if r.id in placed))
        began = time.monotonic()
        result = solve_component(
            self.calendar,
            members,
            budgets=self.budgets(members),
            pinned=frozenset(r.id for r in members if r.id in self.protected),
            warm=warm,
            time_limit=time_limit,
            integer=True,
            threads=self.threads,
            seed=self.seed,
            absolute_gap=self.tolerance,
            columns=cols,
        )
        took = time.monotonic() - began
        self.stats.tried += 1
        proven = result.bound - result.objective <= self.tolerance
        if proven:
            self.stats.proven += 1
            self.exhausted = self._whole(hood)
            if took < 0.3 * time_limit:  # solved with room to spare: look wider next time
                self.target = min(MAX_TARGET, self.target * 1.2)
        else:
            self.target = max(MIN_TARGET, self.target * 0.7)
        if result.objective > current + 1e-9 and self.schedule.replace(members, result.assignments):
            self.stats.improved += 1
            self.stats.gained += result.objective - current
            return True
        return False


def search(
    problem: Problem,
    calendar: Calendar,
    schedule: Schedule,
    guide: Sequence[Assignment],
    *,
    protected: frozenset[str],
    deadline: float,
    threads: int,
    seed: int,
    tolerance: float,
    until: float,
    on_improve: Callable[[], None],
) -> Stats:
    """Move from neighbourhood to neighbourhood until the deadline, until the schedule reaches `until` (a
    bound: nothing better exists), or until a neighbourhood holding the whole cycle is solved to optimality
    (nothing better exists that keeps the protected requests)."""
    if not problem.instruments or not problem.requests:
        return Stats()
    state = Search(
        problem,
        calendar,
        schedule,
        guide,
        protected=protected,
        threads=threads,
        seed=seed,
        tolerance=tolerance,
    )
    while (left := deadline - time.monotonic()) > 0.05 and schedule.objective < until - tolerance:
        if state.exhausted:
            break
        if state.move(*state.draw(), min(MOVE_SECONDS, left)):
            on_improve()
    return state.stats
