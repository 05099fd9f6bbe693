"""Reads of the scheduling app, shaped for the pages and the API.

Every run selector reads the run's *frozen* problem and its solution, so a page shows what the run solved,
whatever changed since. Rights are checked by the caller (scheduling/permissions.py); before showing a
running run, call `runs.runs_fail_stale(run=run)` so a dead worker's run reads as failed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from sciencecity.proposals.models import Cycle, Proposal, Request
from sciencecity.registry.models import Instrument
from sciencecity.scheduling import shifts
from sciencecity.scheduling.models import Allocation, AllocationRun, CalendarBlock, Pin
from sciencecity.scheduling.permissions import schedule_filter
from sciencecity.scheduling.problem import requests_by_key
from sciencecity.scheduling.reasons import unscheduled_reason

# --- cycles, runs -------------------------------------------------------------------------------------------


def cycles_listed() -> QuerySet[Cycle]:
    """Every cycle, newest first within each facility (cycles are public: dates of a facility's year)."""
    return Cycle.objects.select_related("facility").order_by("facility__code", "-starts_on", "pk")


def runs_of_cycle(cycle: Cycle) -> QuerySet[AllocationRun]:
    """A cycle's runs, newest first (the run list page)."""
    return (
        AllocationRun.objects.filter(cycle=cycle)
        .select_related("call", "created_by", "published_by")
        .defer("problem", "solution")
        .order_by("-created_at", "-pk")
    )


def run_get(run_id: int) -> AllocationRun | None:
    return AllocationRun.objects.select_related("cycle__facility", "call").filter(pk=run_id).first()


def published_run(cycle: Cycle) -> AllocationRun | None:
    return AllocationRun.objects.filter(cycle=cycle, published_at__isnull=False).first()


def calendar_of_cycle(cycle: Cycle) -> QuerySet[CalendarBlock]:
    return CalendarBlock.objects.filter(cycle=cycle).select_related("instrument").order_by("starts_at", "pk")


def pin_get(pin_id: int) -> Pin | None:
    return Pin.objects.select_related("cycle__facility", "instrument").filter(pk=pin_id).first()


def pins_of_cycle(cycle: Cycle) -> QuerySet[Pin]:
    return Pin.objects.filter(cycle=cycle).select_related("instrument", "request__proposal", "created_by")


# --- one run, read from its frozen problem and solution -----------------------------------------------------


@dataclass(frozen=True)
class RunView:
    """A run's problem and solution as lookups (request ids are `<reference>-R<n>`)."""

    run: AllocationRun
    requests: dict[str, dict[str, Any]]  # id -> the request's entry in the problem, in rank order
    codes: dict[str, str]  # instrument slug -> code
    placed: dict[str, tuple[str, int]]  # id -> (instrument slug, first shift)
    reasons: dict[str, str]  # id -> unscheduled reason code
    pinned: frozenset[str]
    stats: dict[str, Any] = field(default_factory=dict)

    def span(self, rid: str) -> tuple[dt.datetime, dt.datetime]:
        _slug, start = self.placed[rid]
        cycle = self.run.cycle
        return shifts.shift_start(cycle, start), shifts.shift_end(
            cycle, start + self.requests[rid]["shifts"] - 1
        )


def run_view(run: AllocationRun) -> RunView:
    problem = run.problem or {}
    solution = run.solution or {}
    requests = {r["id"]: r for r in problem.get("requests", [])}
    slugs = [i["id"] for i in problem.get("instruments", [])]
    codes = dict(Instrument.objects.filter(slug__in=slugs).values_list("slug", "code"))
    return RunView(
        run=run,
        requests=requests,
        codes={slug: codes.get(slug, slug) for slug in slugs},
        placed={a["request"]: (a["instrument"], a["start"]) for a in solution.get("assignments", [])},
        reasons={u["request"]: u["reason"] for u in solution.get("unscheduled", [])},
        pinned=frozenset(p["request"] for p in problem.get("pins", [])),
        stats=dict(solution.get("stats") or {}),
    )


@dataclass(frozen=True)
class RequestRow:
    """One line of the run's request table."""

    key: str
    rank: int
    proposal: Proposal | None
    request: Request | None
    score: float | None
    weight: float
    requested_shifts: int | None  # what the team asked for
    shifts: int  # what the panel recommended (what the problem holds)
    instruments: list[str]  # codes, the team's order
    instrument: str | None  # code of the instrument given
    starts_at: dt.datetime | None
    ends_at: dt.datetime | None
    pinned: bool
    reason_code: str  # "" when placed
    reason: str  # in the active language

    @property
    def placed(self) -> bool:
        return self.instrument is not None


def run_request_rows(run: AllocationRun) -> list[RequestRow]:
    """Every request of the run in rank order: score, requested shifts, and its dates or why not; then the
    requests the hand-over left out. Reasons are only known once the run is done."""
    view = run_view(run)
    by_key = requests_by_key(run.call)
    rows = []
    for rank, (rid, entry) in enumerate(view.requests.items(), start=1):
        request = by_key.get(rid)
        spot = view.placed.get(rid)
        starts_at = ends_at = None
        if spot is not None:
            starts_at, ends_at = view.span(rid)
        code = "" if spot is not None else view.reasons.get(rid, "")
        rows.append(
            RequestRow(
                key=rid,
                rank=rank,
                proposal=request.proposal if request else None,
                request=request,
                score=entry.get("score"),
                weight=float(entry["weight"]),
                requested_shifts=request.shifts if request else None,
                shifts=int(entry["shifts"]),
                instruments=[view.codes.get(i, i) for i in entry["instruments"]],
                instrument=view.codes.get(spot[0], spot[0]) if spot else None,
                starts_at=starts_at,
                ends_at=ends_at,
                pinned=rid in view.pinned,
                reason_code=code,
                reason=unscheduled_reason(code, entry, run.cycle, view.codes) if code else "",
            )
        )
    for rid, _why in run.left_out or []:
        request = by_key.get(rid)
        rows.append(
            RequestRow(
                key=rid,
                rank=len(rows) + 1,
                proposal=request.proposal if request else None,
                request=request,
                score=None,
                weight=0.0,
                requested_shifts=request.shifts if request else None,
                shifts=int(request.recommended_shifts or 0) if request else 0,
                instruments=[i.code for i in request.instruments.all()] if request else [],
                instrument=None,
                starts_at=None,
                ends_at=None,
                pinned=False,
                reason_code="left_out",
                reason=unscheduled_reason("left_out", {}, run.cycle, view.codes),
            )
        )
    return rows


@dataclass(frozen=True)
class GanttBar:
    request: str
    proposal_id: int | None
    reference: str
    title: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    first_shift: int
    shifts: int
    pinned: bool
    score: float | None


@dataclass(frozen=True)
class GanttDown:
    starts_at: dt.datetime
    ends_at: dt.datetime
    kind: str  # a CalendarBlock kind, or "closed" (a cycle without a calendar)
    first_shift: int
    last_shift: int


@dataclass(frozen=True)
class GanttRow:
    slug: str
    code: str
    bars: list[GanttBar]
    down: list[GanttDown]


@dataclass(frozen=True)
class Gantt:
    starts_at: dt.datetime
    ends_at: dt.datetime
    shift_hours: int
    rows: list[GanttRow]


def run_gantt(run: AllocationRun) -> Gantt:
    """Per instrument of the run: its bars (placed requests, pinned flagged) and its closed blocks."""
    view = run_view(run)
    cycle = run.cycle
    by_key = requests_by_key(run.call)
    blocks = list(calendar_of_cycle(cycle))
    rows = []
    for instrument in (run.problem or {}).get("instruments", []):
        slug = instrument["id"]
        bars = []
        for rid, (where, start) in sorted(view.placed.items(), key=lambda kv: kv[1][1]):
            if where != slug:
                continue
            request = by_key.get(rid)
            starts_at, ends_at = view.span(rid)
            bars.append(
                GanttBar(
                    request=rid,
                    proposal_id=request.proposal_id if request else None,
                    reference=request.proposal.reference if request else rid.rsplit("-R", 1)[0],
                    title=request.proposal.title if request else "",
                    starts_at=starts_at,
                    ends_at=ends_at,
                    first_shift=start,
                    shifts=int(view.requests[rid]["shifts"]),
                    pinned=rid in view.pinned,
                    score=view.requests[rid].get("score"),
                )
            )
        down = [
            GanttDown(
                starts_at=shifts.shift_start(cycle, first),
                ends_at=shifts.shift_end(cycle, last),
                kind=_kind(blocks, slug, first, last),
                first_shift=first,
                last_shift=last,
            )
            for first, last in instrument.get("down", [])
        ]
        rows.append(GanttRow(slug=slug, code=view.codes.get(slug, slug), bars=bars, down=down))
    return Gantt(
        starts_at=shifts.shift_start(cycle, 0),
        ends_at=shifts.shift_start(cycle, cycle.shifts),
        shift_hours=cycle.shift_hours,
        rows=rows,
    )


def _kind(blocks: list[CalendarBlock], slug: str, first: int, last: int) -> str:
    """The kind of the calendar block behind a down range (the first one overlapping it)."""
    for block in blocks:
        if block.instrument is not None and block.instrument.slug != slug:
            continue
        if block.first_shift <= last and first <= block.last_shift:
            return str(block.kind)
    return "closed"


def run_fairness(run: AllocationRun) -> dict[str, Any]:
    """The run's fairness and use figures (allocation/fairness.py), from its solution's stats."""
    stats = run_view(run).stats
    keys = ("served", "requests", "top10_served", "top20_served", "rank_inversions", "utilisation")
    out: dict[str, Any] = {key: stats.get(key) for key in keys}
    out["cap_shares"] = dict(stats.get("cap_shares") or {})
    out["greedy_objective"] = stats.get("greedy_objective")
    return out


# --- two runs side by side ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Placement:
    instrument: str  # code
    starts_at: dt.datetime
    first_shift: int


@dataclass(frozen=True)
class CompareRow:
    request: str
    before: Placement | None
    after: Placement | None

    @property
    def change(self) -> str:
        """same | moved | placed (only in the second run) | unplaced (only in the first) | neither."""
        if self.before is None and self.after is None:
            return "neither"
        if self.before is None:
            return "placed"
        if self.after is None:
            return "unplaced"
        same = (self.before.instrument, self.before.first_shift) == (
            self.after.instrument,
            self.after.first_shift,
        )
        return "same" if same else "moved"


@dataclass(frozen=True)
class Comparison:
    first: AllocationRun
    second: AllocationRun
    rows: list[CompareRow]
    merit_difference: float  # second objective - first objective

    @property
    def changed(self) -> list[CompareRow]:
        return [r for r in self.rows if r.change not in ("same", "neither")]


def runs_compare(first: AllocationRun, second: AllocationRun) -> Comparison:
    """What moved between two runs: each request's placement before and after, and the merit difference."""
    views = run_view(first), run_view(second)

    def placement(view: RunView, rid: str) -> Placement | None:
        spot = view.placed.get(rid)
        if spot is None:
            return None
        return Placement(
            view.codes.get(spot[0], spot[0]), shifts.shift_start(view.run.cycle, spot[1]), spot[1]
        )

    ids = list(dict.fromkeys([*views[0].requests, *views[1].requests]))
    rows = [CompareRow(rid, placement(views[0], rid), placement(views[1], rid)) for rid in ids]
    return Comparison(first, second, rows, float(second.objective or 0.0) - float(first.objective or 0.0))


# --- published dates ----------------------------------------------------------------------------------------


def allocations_visible_to(user: Any) -> QuerySet[Allocation]:
    """Published allocations this user may read (the officer all, a scientist their instruments', a team
    its own)."""
    return (
        Allocation.objects.filter(run__published_at__isnull=False)
        .filter(pk__in=Allocation.objects.filter(schedule_filter(user)).values("pk"))
        .select_related("instrument", "proposal", "run__cycle__facility")
        .order_by("starts_at", "instrument__code", "pk")
    )


def cycle_schedule(cycle: Cycle, user: Any) -> QuerySet[Allocation]:
    """The cycle's published schedule as far as this user may read it."""
    return allocations_visible_to(user).filter(run__cycle=cycle)


def my_allocations(user: Any) -> QuerySet[Allocation]:
    """The published dates of the proposals this user is an accepted member of (the proposer's calendar)."""
    if not getattr(user, "is_authenticated", False):
        return Allocation.objects.none()
    return (
        Allocation.objects.filter(
            run__published_at__isnull=False,
            proposal__members__user=user,
            proposal__members__status="accepted",
        )
        .distinct()
        .select_related("instrument", "proposal", "run__cycle__facility")
        .order_by("starts_at", "pk")
    )


def instrument_allocations(instrument: Instrument) -> QuerySet[Allocation]:
    return (
        Allocation.objects.filter(run__published_at__isnull=False, instrument=instrument)
        .select_related("instrument", "proposal", "run__cycle__facility")
        .order_by("starts_at", "pk")
    )


@dataclass(frozen=True)
class ProposalOutcome:
    """A proposal's share of its cycle's published schedule: dates it got, and why any request got none."""

    run: AllocationRun | None
    allocations: list[Allocation]
    unscheduled: list[tuple[str, str]]  # (request id, reason in the active language)


def proposal_outcome(proposal: Proposal) -> ProposalOutcome:
    run = published_run(proposal.call.cycle)
    if run is None:
        return ProposalOutcome(None, [], [])
    allocations = list(
        Allocation.objects.filter(run=run, proposal=proposal)
        .select_related("instrument")
        .order_by("starts_at")
    )
    prefix = f"{proposal.reference}-R"
    rows = [r for r in run_request_rows(run) if r.key.startswith(prefix) and not r.placed]
    return ProposalOutcome(run, allocations, [(r.key, r.reason) for r in rows])
