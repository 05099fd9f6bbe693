"""The scheduling API: cycles, allocation runs, their problems and solutions, publication, the schedule.

Every endpoint needs a signed-in caller (401). Runs belong to their facility's user office: anyone else
gets a 404 for a run (its existence is not revealed) and a 403 when starting one in a cycle they can see.
A run's state forbids some actions (409: publishing a run that is not done, cancelling a finished one); bad
input is a 422 listing every problem. Times are ISO 8601 in the cycle's time zone, with the offset.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal, overload

from django.http import HttpRequest
from ninja import Field, Path, Router, Schema, Status
from ninja.errors import HttpError

from sciencecity.accounts.api_auth import api_auth
from sciencecity.accounts.models import User
from sciencecity.core.api import CONFLICT, FORBIDDEN, INVALID_INPUT, NOT_FOUND, UNAUTHORISED, ErrorOut
from sciencecity.proposals.models import Cycle
from sciencecity.proposals.schemas import ObjectIn
from sciencecity.scheduling import selectors, services, shifts
from sciencecity.scheduling.models import Allocation, AllocationRun
from sciencecity.scheduling.permissions import can_allocate

router = Router(tags=["scheduling"], auth=api_auth)

SIGNED_IN: dict[int, Any] = {**UNAUTHORISED, 500: ErrorOut}
WRITE: dict[int, Any] = {**SIGNED_IN, 400: ErrorOut, **FORBIDDEN, **INVALID_INPUT}
CYCLE_ID = Path(..., ge=1, le=2**53, description="the cycle's id")
RUN_ID = Path(..., ge=1, le=2**53, description="the allocation run's id")
Method = Literal["best", "ti-milp", "greedy", "greedy+repair", "bound"]
RunStatus = Literal["queued", "running", "done", "failed", "cancelled"]


class SignedInRequest(HttpRequest):
    auth: User


class CycleOut(Schema):
    id: int
    facility: str = Field(description="the facility's code, e.g. SSRF")
    name: str = Field(description="e.g. 2026-I")
    starts_on: dt.date = Field(description="the cycle's first day")
    ends_on: dt.date = Field(description="the cycle's last day")
    starts_at: dt.datetime = Field(description="the first shift's start, in the cycle's time zone")
    ends_at: dt.datetime = Field(description="the last shift's end, in the cycle's time zone")
    time_zone: str
    shift_hours: int


class RunIn(ObjectIn):
    method: Method = Field(description="`best` (the certified HiGHS method), `greedy`, `greedy+repair`, …")
    time_limit: float = Field(
        ge=1, le=3600, strict=True, description="seconds the solver may use (at most an hour)"
    )
    industry_share: float | None = Field(
        None,
        ge=0,
        le=1,
        strict=True,
        description="cap proprietary industry requests at this share of the open shifts",
    )


class RunCreatedOut(Schema):
    id: int
    status: RunStatus
    url: str = Field(description="where to follow the run")


class AssignmentOut(Schema):
    request: str = Field(description="the request's id, `<reference>-R<n>`")
    instrument: str = Field(description="the instrument's code")
    start: int = Field(description="the first shift's number in the cycle")
    shifts: int
    starts_at: dt.datetime
    ends_at: dt.datetime
    pinned: bool


class UnscheduledOut(Schema):
    request: str
    reason_code: str = Field(description="no_feasible_start | displaced | not_chosen | cap:<tag> | left_out")
    reason: str = Field(description="why, in the caller's language, in words a proposer understands")


class RunOut(Schema):
    id: int
    cycle: int
    call: int
    method: str
    time_limit: float
    status: RunStatus
    stage: str = Field(description="the solver's latest stage: greedy, repair, bound, rounding, model, fill")
    objective: float | None = Field(description="the best schedule's merit so far")
    bound: float | None = Field(description="a proven upper bound on the merit")
    gap: float | None = Field(description="(bound - objective) / bound")
    elapsed_s: float | None
    created_at: dt.datetime
    started_at: dt.datetime | None
    finished_at: dt.datetime | None
    published_at: dt.datetime | None
    error: str
    assignments: list[AssignmentOut] | None = Field(description="when done: every placed request")
    unscheduled: list[UnscheduledOut] | None = Field(description="when done: every request left out, and why")
    fairness: dict[str, Any] | None = Field(description="when done: top-10/20 % served, rank inversions, …")


class PublicationOut(Schema):
    run: int
    published_at: dt.datetime
    allocated: list[str] = Field(description="references of the proposals given time")
    not_allocated: list[str]
    notified: list[str] = Field(description="the proposals whose teams were told (dates new or changed)")


class AllocationOut(Schema):
    request: str
    proposal: str = Field(description="the proposal's reference")
    title: str
    instrument: str
    starts_at: dt.datetime
    ends_at: dt.datetime


def _cycle(pk: int) -> Cycle:
    cycle = selectors.cycles_listed().filter(pk=pk).first()
    if cycle is None:
        raise HttpError(404, "No such cycle.")
    return cycle


def _run(request: SignedInRequest, pk: int) -> AllocationRun:
    run = selectors.run_get(pk)
    if run is None or not can_allocate(request.auth, run.cycle):
        raise HttpError(404, "No such run.")
    services.runs_fail_stale(run=run)  # a dead worker's run reads as failed
    run.refresh_from_db()
    return run


@overload
def _local(cycle: Cycle, moment: dt.datetime) -> dt.datetime: ...
@overload
def _local(cycle: Cycle, moment: dt.datetime | None) -> dt.datetime | None: ...
def _local(cycle: Cycle, moment: dt.datetime | None) -> dt.datetime | None:
    return None if moment is None else moment.astimezone(shifts.zone(cycle))


def _cycle_out(cycle: Cycle) -> CycleOut:
    return CycleOut(
        id=cycle.pk,
        facility=cycle.facility.code,
        name=cycle.name,
        starts_on=cycle.starts_on,
        ends_on=cycle.ends_on,
        starts_at=shifts.shift_start(cycle, 0),
        ends_at=shifts.shift_start(cycle, cycle.shifts),
        time_zone=cycle.time_zone,
        shift_hours=cycle.shift_hours,
    )


def _run_out(run: AllocationRun) -> RunOut:
    cycle = run.cycle
    assignments = unscheduled = fairness = None
    if run.status == AllocationRun.Status.DONE:
        rows = selectors.run_request_rows(run)
        view = selectors.run_view(run)
        assignments = [
            AssignmentOut(
                request=r.key,
                instrument=r.instrument or "",
                start=view.placed[r.key][1],
                shifts=r.shifts,
                starts_at=_local(cycle, view.span(r.key)[0]),
                ends_at=_local(cycle, view.span(r.key)[1]),
                pinned=r.pinned,
            )
            for r in rows
            if r.placed
        ]
        unscheduled = [
            UnscheduledOut(request=r.key, reason_code=r.reason_code, reason=r.reason)
            for r in rows
            if not r.placed
        ]
        fairness = selectors.run_fairness(run)
    return RunOut(
        id=run.pk,
        cycle=run.cycle_id,
        call=run.call_id,
        method=run.method,
        time_limit=run.time_limit_s,
        status=run.status,  # type: ignore[arg-type]
        stage=run.stage,
        objective=run.objective,
        bound=run.bound,
        gap=run.gap,
        elapsed_s=run.elapsed_s,
        created_at=_local(cycle, run.created_at),
        started_at=_local(cycle, run.started_at),
        finished_at=_local(cycle, run.finished_at),
        published_at=_local(cycle, run.published_at),
        error=run.error,
        assignments=assignments,
        unscheduled=unscheduled,
        fairness=fairness,
    )


def _allocation_out(a: Allocation) -> AllocationOut:
    cycle = a.run.cycle
    return AllocationOut(
        request=a.request_key,
        proposal=a.proposal.reference,
        title=a.proposal.title,
        instrument=a.instrument.code,
        starts_at=_local(cycle, a.starts_at),
        ends_at=_local(cycle, a.ends_at),
    )


@router.get("/cycles", response={200: list[CycleOut], **SIGNED_IN})
def list_cycles(request: SignedInRequest) -> Any:
    """Every facility's cycles with their dates (the newest first within each facility)."""
    return [_cycle_out(c) for c in selectors.cycles_listed()]


@router.get(
    "/cycles/{cycle_id}/runs",
    response={200: list[RunOut], **SIGNED_IN, **FORBIDDEN, **NOT_FOUND, **INVALID_INPUT},
)
def list_runs(request: SignedInRequest, cycle_id: int = CYCLE_ID) -> Any:
    """The cycle's allocation runs, newest first (its user office only: 403 for anyone else)."""
    cycle = _cycle(cycle_id)
    if not can_allocate(request.auth, cycle):
        raise HttpError(403, "Only the facility's user office reads its runs.")
    services.runs_fail_stale()
    return [_run_out(run) for run in selectors.runs_of_cycle(cycle).defer(None)[:50]]


@router.post("/cycles/{cycle_id}/runs", response={202: RunCreatedOut, **WRITE, **NOT_FOUND, **CONFLICT})
def start_run(request: SignedInRequest, payload: RunIn, cycle_id: int = CYCLE_ID) -> Any:
    """Start an allocation run of the cycle's ranked call: the problem is frozen now and solved by a worker
    (202; follow `url`). 403 for anyone but the facility's user office, 409 when no call of the cycle has
    ranked requests (or a pin no longer fits the calendar)."""
    cycle = _cycle(cycle_id)
    if not can_allocate(request.auth, cycle):
        raise HttpError(403, "Only the facility's user office allocates its cycles.")
    run = services.run_start(
        actor=request.auth,
        call=services.call_of_cycle(cycle),
        method=payload.method,
        time_limit=payload.time_limit,
        industry_share=payload.industry_share,
    )
    run.refresh_from_db()
    return Status(202, RunCreatedOut(id=run.pk, status=run.status, url=f"/api/runs/{run.pk}"))  # type: ignore[arg-type]


@router.get("/runs/{run_id}", response={200: RunOut, **SIGNED_IN, **NOT_FOUND, **INVALID_INPUT})
def get_run(request: SignedInRequest, run_id: int = RUN_ID) -> Any:
    """A run's status and live progress; when done, its assignments and, for every request left out, why."""
    return _run_out(_run(request, run_id))


@router.get(
    "/runs/{run_id}/problem", response={200: dict[str, Any], **SIGNED_IN, **NOT_FOUND, **INVALID_INPUT}
)
def get_problem(request: SignedInRequest, run_id: int = RUN_ID) -> Any:
    """The frozen `sciencecity-allocation/1` problem the run solves (pins included)."""
    return _run(request, run_id).problem


@router.get(
    "/runs/{run_id}/solution",
    response={200: dict[str, Any], **SIGNED_IN, **NOT_FOUND, **CONFLICT, **INVALID_INPUT},
)
def get_solution(request: SignedInRequest, run_id: int = RUN_ID) -> Any:
    """The run's `sciencecity-allocation-solution/1` (409 until the run is done)."""
    run = _run(request, run_id)
    if run.solution is None:
        raise HttpError(409, f"The run is {run.status}: it has no solution.")
    return run.solution


@router.post("/runs/{run_id}/cancel", response={200: RunOut, **WRITE, **NOT_FOUND, **CONFLICT})
def cancel_run(request: SignedInRequest, run_id: int = RUN_ID) -> Any:
    """Stop a queued or running run (409 when it has finished)."""
    run = services.run_cancel(actor=request.auth, run=_run(request, run_id))
    return _run_out(run)


@router.post("/runs/{run_id}/publish", response={200: PublicationOut, **WRITE, **NOT_FOUND, **CONFLICT})
def publish_run(request: SignedInRequest, run_id: int = RUN_ID) -> Any:
    """Make the run the cycle's schedule, in one transaction: proposals become allocated or not allocated
    and each team is told its dates (on a re-publication, only the teams whose dates changed). 409 when the
    run is not done or is already published."""
    publication = services.run_publish(actor=request.auth, run=_run(request, run_id))
    run = publication.run
    return PublicationOut(
        run=run.pk,
        published_at=_local(run.cycle, run.published_at or run.updated_at),
        allocated=[p.reference for p in publication.allocated],
        not_allocated=[p.reference for p in publication.not_allocated],
        notified=[p.reference for p in publication.notified],
    )


@router.get(
    "/cycles/{cycle_id}/schedule",
    response={200: list[AllocationOut], **SIGNED_IN, **NOT_FOUND, **INVALID_INPUT},
)
def cycle_schedule(request: SignedInRequest, cycle_id: int = CYCLE_ID) -> Any:
    """The cycle's published schedule as far as the caller may read it: all of it for its user office, the
    rows of their instruments for instrument scientists, a team's own dates for its members (else empty)."""
    cycle = _cycle(cycle_id)
    return [_allocation_out(a) for a in selectors.cycle_schedule(cycle, request.auth)]


class FeedOut(Schema):
    calendar_url: str = Field(
        description="the caller's new private iCalendar feed; the old one stops working"
    )


@router.post("/me/calendar-feed", response={200: FeedOut, **SIGNED_IN, 400: ErrorOut, **FORBIDDEN})
def rotate_feed(request: SignedInRequest) -> Any:
    """A new secret address for the caller's calendar feed (when the old one was shared by mistake)."""
    from django.urls import reverse

    feed = services.feed_rotate(user=request.auth)
    return FeedOut(
        calendar_url=request.build_absolute_uri(reverse("scheduling-feeds:user", args=[feed.token]))
    )


class PlacementIn(ObjectIn):
    request: str = Field(min_length=1, max_length=60, description="the request's id, `<reference>-R<n>`")
    instrument: str = Field(min_length=1, max_length=100, description="the instrument's slug")
    start: int = Field(ge=0, le=100_000, strict=True, description="the first shift's number in the cycle")


class VerdictOut(Schema):
    ok: bool
    code: str = Field(description="why not, as a code (overlap, down, blocked, outside_window, cap, …)")
    reason: str = Field(description="why not, in the caller's language")


class PinOut(Schema):
    id: int
    request: str
    instrument: str
    start: int
    starts_at: dt.datetime


@router.post("/runs/{run_id}/placement-check", response={200: VerdictOut, **WRITE, **NOT_FOUND})
def check_placement(request: SignedInRequest, payload: PlacementIn, run_id: int = RUN_ID) -> Any:
    """Could the request go on that instrument from that shift, next to the run's other placements, the
    cycle's pins and the caps? (Nothing is changed.)"""
    run = _run(request, run_id)
    verdict = services.placement_check(
        run=run, request_key=payload.request, instrument=payload.instrument, start=payload.start
    )
    return VerdictOut(ok=verdict.ok, code=verdict.code, reason=verdict.reason)


@router.post("/runs/{run_id}/pins", response={201: PinOut, **WRITE, **NOT_FOUND, **CONFLICT})
def create_pin(request: SignedInRequest, payload: PlacementIn, run_id: int = RUN_ID) -> Any:
    """Pin a request of the run to an instrument and a first shift (or move its pin); the next runs of the
    cycle keep it. 409 with the reason when it cannot go there."""
    run = _run(request, run_id)
    pin = services.pin_set(
        actor=request.auth,
        run=run,
        request_key=payload.request,
        instrument=payload.instrument,
        start=payload.start,
    )
    return Status(
        201,
        PinOut(
            id=pin.pk,
            request=pin.request_key,
            instrument=pin.instrument.slug,
            start=pin.start_shift,
            starts_at=_local(run.cycle, pin.starts_at),
        ),
    )


@router.delete("/pins/{pin_id}", response={204: None, **WRITE, **NOT_FOUND})
def delete_pin(
    request: SignedInRequest, pin_id: int = Path(..., ge=1, le=2**53, description="the pin's id")
) -> Any:
    """Remove a pin: the next run may place the request anywhere again."""
    pin = selectors.pin_get(pin_id)
    if pin is None or not can_allocate(request.auth, pin.cycle):
        raise HttpError(404, "No such pin.")
    services.pin_delete(actor=request.auth, pin=pin)
    return Status(204, None)
