"""The bars of a run's Gantt chart: its placements (pinned ones marked) and the machine calendar's down time.

Read from what the run froze (its problem: instruments, down ranges, pins) and what it found (its solution),
so the chart shows the schedule the run computed even after the calendar has been edited since. Shift
numbers become aware instants with `shifts`, the same arithmetic as the problem's windows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sciencecity.proposals.models import Proposal
from sciencecity.registry.models import Instrument
from sciencecity.scheduling import shifts
from sciencecity.scheduling.models import AllocationRun

BOOKED, PINNED, DOWN = "booked", "pinned", "down"


@dataclass(frozen=True)
class Bar:
    instrument: str  # the instrument's code, as people call it
    kind: str  # booked | pinned | down
    starts_at: dt.datetime
    ends_at: dt.datetime
    label: str = ""  # the request id
    title: str = ""
    score: float | None = None
    request: str | None = None


def reference_of(request_id: str) -> str:
    """SSRF-2026-I-003-R1 -> SSRF-2026-I-003."""
    return request_id.rsplit("-R", 1)[0]


def instrument_codes(slugs: list[str]) -> dict[str, str]:
    return dict(Instrument.objects.filter(slug__in=slugs).values_list("slug", "code"))


def run_bars(run: AllocationRun) -> list[Bar]:
    """Down ranges first (grey), then every placement of a finished run in instrument and time order."""
    cycle = run.cycle
    problem = run.problem or {}
    solution = run.solution or {}
    slugs = [i["id"] for i in problem.get("instruments", [])]
    codes = instrument_codes(slugs)
    bars = [
        Bar(codes.get(i["id"], i["id"]), DOWN, shifts.shift_start(cycle, a), shifts.shift_start(cycle, b + 1))
        for i in problem.get("instruments", [])
        for a, b in i.get("down", [])
    ]
    requests = {r["id"]: r for r in problem.get("requests", [])}
    pinned = {(p["request"], p["instrument"], p["start"]) for p in problem.get("pins", [])}
    titles = dict(
        Proposal.objects.filter(
            call=run.call, reference__in={reference_of(a["request"]) for a in solution.get("assignments", [])}
        ).values_list("reference", "title")
    )
    for a in sorted(solution.get("assignments", []), key=lambda a: (a["instrument"], a["start"])):
        request = requests.get(a["request"])
        if request is None:
            continue
        bars.append(
            Bar(
                instrument=codes.get(a["instrument"], a["instrument"]),
                kind=PINNED if (a["request"], a["instrument"], a["start"]) in pinned else BOOKED,
                starts_at=shifts.shift_start(cycle, a["start"]),
                ends_at=shifts.shift_start(cycle, a["start"] + request["shifts"]),
                label=a["request"],
                title=titles.get(reference_of(a["request"]), ""),
                score=request.get("score"),
                request=a["request"],
            )
        )
    return bars


def run_instruments(run: AllocationRun) -> list[str]:
    """The codes of the run's instruments, in the problem's order (the chart's rows)."""
    slugs = [i["id"] for i in (run.problem or {}).get("instruments", [])]
    codes = instrument_codes(slugs)
    return [codes.get(s, s) for s in slugs]


@dataclass(frozen=True)
class Row:
    """One request of the run, best ranked first: where it went, or why it did not."""

    key: str
    title: str
    score: float | None
    shifts: int
    instruments: list[str]  # the codes of its alternative instruments, in the applicant's order
    instrument: str | None = None
    starts_at: dt.datetime | None = None
    ends_at: dt.datetime | None = None
    pinned: bool = False
    reason: str = ""

    @property
    def assigned(self) -> bool:
        return self.instrument is not None


def request_rows(run: AllocationRun, reasons: dict[str, str] | None = None) -> list[Row]:
    """Every request of the run's problem in rank order; `reasons` gives the words for those left out."""
    cycle = run.cycle
    problem = run.problem or {}
    solution = run.solution or {}
    slugs = [i["id"] for i in problem.get("instruments", [])]
    codes = instrument_codes(slugs)
    placed = {a["request"]: a for a in solution.get("assignments", [])}
    why = {u["request"]: u["reason"] for u in solution.get("unscheduled", [])}
    pinned = {p["request"] for p in problem.get("pins", [])}
    requests = list(problem.get("requests", []))
    titles = dict(
        Proposal.objects.filter(
            call=run.call, reference__in={reference_of(r["id"]) for r in requests}
        ).values_list("reference", "title")
    )
    order = sorted(range(len(requests)), key=lambda k: (-(requests[k].get("score") or 0.0), k))
    rows = []
    for k in order:
        r = requests[k]
        a = placed.get(r["id"])
        rows.append(
            Row(
                key=r["id"],
                title=titles.get(reference_of(r["id"]), ""),
                score=r.get("score"),
                shifts=r["shifts"],
                instruments=[codes.get(s, s) for s in r["instruments"]],
                instrument=codes.get(a["instrument"], a["instrument"]) if a else None,
                starts_at=shifts.shift_start(cycle, a["start"]) if a else None,
                ends_at=shifts.shift_start(cycle, a["start"] + r["shifts"]) if a else None,
                pinned=r["id"] in pinned,
                reason="" if a else (reasons or {}).get(r["id"], why.get(r["id"], "")),
            )
        )
    return rows


@dataclass(frozen=True)
class Change:
    """A request placed differently by two runs: (instrument, start) in each, None where not placed."""

    key: str
    title: str
    score: float | None
    before: Row
    after: Row

    @property
    def kind(self) -> str:
        if self.before.assigned and self.after.assigned:
            return "moved"
        return "added" if self.after.assigned else "dropped"


def compare_rows(run: AllocationRun, other: AllocationRun) -> dict[str, object]:
    """What changed from `other` to `run`: the requests that moved, came in or dropped out, and the merit
    (objective) difference."""
    mine = {r.key: r for r in request_rows(run)}
    theirs = {r.key: r for r in request_rows(other)}
    changes = []
    for key, row in mine.items():
        before = theirs.get(key)
        if before is None:
            continue
        if (row.instrument, row.starts_at) != (before.instrument, before.starts_at):
            changes.append(Change(key, row.title, row.score, before, row))
    return {
        "changes": changes,
        "same": sum(
            1 for k, r in mine.items() if k in theirs and r.assigned and not any(c.key == k for c in changes)
        ),
        "merit_difference": (run.objective or 0.0) - (other.objective or 0.0),
        "served": (
            sum(1 for r in mine.values() if r.assigned),
            sum(1 for r in theirs.values() if r.assigned),
        ),
    }
