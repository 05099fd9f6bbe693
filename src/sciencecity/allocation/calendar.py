"""Where a request can go: the feasible starts of each (request, instrument) pair, computed with numpy."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from sciencecity.allocation.model import Problem, Range, Request

IntArray = npt.NDArray[np.int64]


def _mark(mask: npt.NDArray[np.bool_], ranges: tuple[Range, ...]) -> None:
    for first, last in ranges:
        mask[first : last + 1] = True


class Calendar:
    """Open shifts of every instrument and the feasible starts of every request on each of its instruments."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        self.shifts = problem.shifts
        self.index = {inst.id: k for k, inst in enumerate(problem.instruments)}
        self.closed = np.zeros((len(problem.instruments), problem.shifts), dtype=bool)
        for k, inst in enumerate(problem.instruments):
            _mark(self.closed[k], inst.down)
        self._starts: dict[tuple[str, str], IntArray] = {}

    def open_shifts(self, instrument: str) -> int:
        return int((~self.closed[self.index[instrument]]).sum())

    def starts(self, request: Request, instrument: str) -> IntArray:
        """Starts s whose shifts s..s+len-1 lie in the window, on open shifts, outside the blocked ones."""
        key = (request.id, instrument)
        cached = self._starts.get(key)
        if cached is not None:
            return cached
        closed = self.closed[self.index[instrument]].copy()
        _mark(closed, request.blocked)
        length = request.shifts
        prefix = np.concatenate(([0], np.cumsum(closed, dtype=np.int64)))
        first, last = request.earliest, request.latest - length + 1
        if last < first:
            result = np.empty(0, dtype=np.int64)
        else:
            candidates = np.arange(first, last + 1, dtype=np.int64)
            result = candidates[prefix[candidates + length] - prefix[candidates] == 0]
        self._starts[key] = result
        return result

    def has_any_start(self, request: Request) -> bool:
        return any(self.starts(request, inst).size for inst in request.instruments)

    def placeable(self) -> list[Request]:
        """The problem's requests that have a feasible start somewhere, in the problem's order."""
        return [r for r in self.problem.requests if self.has_any_start(r)]
