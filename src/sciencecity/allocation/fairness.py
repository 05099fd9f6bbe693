"""Fairness and use figures: who among the best-ranked was served, and how full the stations are."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sciencecity.allocation.calendar import Calendar
from sciencecity.allocation.caps import CapLedger
from sciencecity.allocation.model import Assignment, Problem


def top_ids(problem: Problem, fraction: float) -> list[str]:
    """The best-ranked `fraction` of requests (at least one when the fraction is positive)."""
    if fraction <= 0 or not problem.requests:
        return []
    count = max(1, round(fraction * len(problem.requests)))
    return [r.id for r in problem.ranked()[:count]]


def rank_inversions(problem: Problem, served: set[str]) -> int:
    """Pairs where a lower-ranked request is served and a higher-ranked one sharing an instrument is not."""
    rank = {r.id: k for k, r in enumerate(problem.ranked())}
    on_instrument: dict[str, list[str]] = defaultdict(list)
    for request in problem.requests:
        for instrument in request.instruments:
            on_instrument[instrument].append(request.id)
    pairs: set[tuple[str, str]] = set()
    for ids in on_instrument.values():
        ids.sort(key=rank.__getitem__)
        unserved_above: list[str] = []
        for rid in ids:
            if rid in served:
                pairs.update((above, rid) for above in unserved_above)
            else:
                unserved_above.append(rid)
    return len(pairs)


def figures(problem: Problem, assignments: tuple[Assignment, ...], calendar: Calendar) -> dict[str, Any]:
    served = {a.request for a in assignments}
    lengths = {r.id: r.shifts for r in problem.requests}
    scheduled_shifts = sum(lengths[rid] for rid in served)
    open_shifts = sum(calendar.open_shifts(inst.id) for inst in problem.instruments)
    caps = CapLedger(problem.caps)
    for request in problem.requests:
        if request.id in served:
            caps.add(request)
    out: dict[str, Any] = {
        "served": len(served),
        "requests": len(problem.requests),
        "top10_served": _share(top_ids(problem, 0.10), served),
        "top20_served": _share(top_ids(problem, 0.20), served),
        "rank_inversions": rank_inversions(problem, served),
        "utilisation": scheduled_shifts / open_shifts if open_shifts else 0.0,
        "cap_shares": {
            cap.tag: caps.used[cap.tag] / scheduled_shifts if scheduled_shifts else 0.0
            for cap in problem.caps
        },
    }
    return out


def _share(ids: list[str], served: set[str]) -> float:
    return sum(1 for rid in ids if rid in served) / len(ids) if ids else 1.0
