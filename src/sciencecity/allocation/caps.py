"""Cap accounting, in one place: which caps a request counts against, and the shifts each cap has used.

A request counts against a cap once, with all its shifts, when it carries the cap's tag (request tags are
de-duplicated when the request is made, and a problem refuses two caps with one tag).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence

import numpy as np
import numpy.typing as npt

from sciencecity.allocation.model import Cap, Request


def budgets(caps: Iterable[Cap]) -> dict[str, float]:
    """Each cap's whole budget of shifts, by tag: the rows of a model of the whole problem."""
    return {cap.tag: float(cap.max_shifts) for cap in caps}


def charged(request: Request, tags: Iterable[str]) -> list[str]:
    """The given cap tags this request counts against, each once, in the caps' order."""
    own = set(request.tags)
    return [tag for tag in tags if tag in own]


def membership(requests: Sequence[Request], tags: Sequence[str]) -> npt.NDArray[np.bool_]:
    """(request, cap) -> whether the request counts against the cap."""
    out = np.zeros((len(requests), len(tags)), dtype=bool)
    for k, request in enumerate(requests):
        own = set(request.tags)
        for j, tag in enumerate(tags):
            out[k, j] = tag in own
    return out


class CapLedger:
    """Shifts used per cap by the requests added so far."""

    def __init__(self, caps: Iterable[Cap]) -> None:
        self.limit = {cap.tag: cap.max_shifts for cap in caps}
        self.used = dict.fromkeys(self.limit, 0)

    def blocking(self, request: Request) -> str | None:
        """The first cap that adding the request would exceed, if any."""
        for tag in charged(request, self.limit):
            if self.used[tag] + request.shifts > self.limit[tag]:
                return tag
        return None

    def add(self, request: Request) -> None:
        for tag in charged(request, self.limit):
            self.used[tag] += request.shifts

    def remove(self, request: Request) -> None:
        for tag in charged(request, self.limit):
            self.used[tag] -= request.shifts

    def exceeded(self) -> list[str]:
        return [tag for tag, limit in self.limit.items() if self.used[tag] > limit]


def split(
    caps: Sequence[Cap], groups: Sequence[Sequence[Request]], placed: Collection[str]
) -> list[dict[str, float]]:
    """Split each cap over groups of requests solved apart: what the placed requests of a group use, plus
    the cap's slack shared out by the tagged demand still unmet in each group. The budgets add up to at most
    the cap, so schedules that keep within their group's budgets keep within the cap."""
    budgets: list[dict[str, float]] = [{} for _ in groups]
    for cap in caps:
        used = [sum(r.shifts for r in g if charged(r, (cap.tag,)) and r.id in placed) for g in groups]
        wanted = [sum(r.shifts for r in g if charged(r, (cap.tag,)) and r.id not in placed) for g in groups]
        slack = max(0.0, cap.max_shifts - sum(used))
        total_wanted = sum(wanted)
        for k, group in enumerate(groups):
            if any(charged(r, (cap.tag,)) for r in group):
                budgets[k][cap.tag] = used[k] + (slack * wanted[k] / total_wanted if total_wanted else 0.0)
    return budgets
