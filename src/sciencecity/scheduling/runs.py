"""Allocation runs: frozen at the start, solved by a task with live progress, cancelled, failed when stale.

Each write a worker makes is one UPDATE guarded by `status = running`: a run that was cancelled or marked
failed meanwhile takes none of them, the solver is stopped at its next progress report, and the solution is
stored in the same single UPDATE that marks the run done. A worker killed mid-solve leaves its last progress
and nothing else; its heartbeat stops, and `runs_fail_stale` marks the run failed.
"""

from __future__ import annotations

import datetime as dt
import math
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, connections, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sciencecity.accounts.models import User
from sciencecity.allocation import METHODS, ProblemError, Progress, check, problem_from_dict, solution_to_dict
from sciencecity.allocation import solve as allocation_solve
from sciencecity.core.audit import audit_record
from sciencecity.core.errors import PermissionDenied, StateConflict
from sciencecity.proposals.models import Call, Cycle, Proposal
from sciencecity.scheduling.models import AllocationRun
from sciencecity.scheduling.permissions import can_allocate
from sciencecity.scheduling.problem import frozen_problem

RUNNING = AllocationRun.Status.RUNNING
PROGRESS_INTERVAL_S = 0.5  # at most two progress writes a second
HEARTBEAT_S = 5.0  # a thread beats this often while the solver is inside one long stage
CHOICES = (*METHODS, "best")


class RunStopped(Exception):
    """The run was cancelled or marked failed while it was solving: the worker stops and writes nothing."""


def call_of_cycle(cycle: Cycle) -> Call:
    """The call a cycle's run allocates: its latest call with decided proposals (StateConflict if none)."""
    decided = (Proposal.Status.RANKED, Proposal.Status.ALLOCATED, Proposal.Status.NOT_ALLOCATED)
    call = cycle.calls.filter(proposals__status__in=decided).distinct().order_by("-closes_at", "-pk").first()
    if call is None:
        raise StateConflict(_("No call of this cycle has ranked proposals to allocate yet."))
    return call


@transaction.atomic
def run_start(
    *,
    actor: User | None,
    call: Call,
    method: str = "best",
    time_limit: float = 60.0,
    industry_share: float | None = None,
) -> AllocationRun:
    """Freeze the call's problem (ranked requests, the cycle's calendar and pins) and queue its solve.

    The task is queued when the transaction commits, so a worker never meets a run it cannot read."""
    cycle = call.cycle
    if actor is not None and not can_allocate(actor, cycle):
        raise PermissionDenied(_("Only the facility's user office allocates its cycles."))
    problems = {}
    if method not in CHOICES:
        problems["method"] = _("Choose one of: %(methods)s.") % {"methods": ", ".join(CHOICES)}
    limit = settings.SCHEDULING_MAX_TIME_LIMIT_S
    if not (isinstance(time_limit, int | float) and math.isfinite(time_limit) and 1 <= time_limit <= limit):
        problems["time_limit"] = _("Give a time limit between 1 and %(max)d seconds.") % {"max": limit}
    if industry_share is not None and not 0 <= industry_share <= 1:
        problems["industry_share"] = _("The industry share is a fraction between 0 and 1.")
    if problems:
        raise ValidationError(problems)
    handover = frozen_problem(call, industry_share=industry_share)
    if not handover.problem["requests"]:
        raise StateConflict(_("The call has no ranked request with recommended shifts to allocate."))
    try:
        problem_from_dict(handover.problem)
    except ProblemError as exc:  # e.g. a pin the calendar has since closed
        raise StateConflict(_("The problem cannot be solved as it stands: %(why)s") % {"why": exc}) from exc
    run = AllocationRun.objects.create(
        cycle=cycle,
        call=call,
        method=method,
        time_limit_s=float(time_limit),
        created_by=actor,
        problem=handover.problem,
        left_out=[list(pair) for pair in handover.left_out],
    )
    audit_record(actor=actor, target=run, action="run.start", to_state=run.status, reason=method)
    transaction.on_commit(lambda: _enqueue(run.pk))
    return run


def _enqueue(run_id: int) -> None:
    from sciencecity.scheduling.tasks import solve_run  # the task module imports this one

    try:
        result = solve_run.using(queue_name=settings.TASKS_QUEUE).enqueue(run_id)
    except Exception as exc:  # the queue is down: the run cannot start, and says why
        _finish_failed(run_id, _("The run could not be queued: %(why)s") % {"why": exc}, statuses=("queued",))
        return
    AllocationRun.objects.filter(pk=run_id, task_id="").update(task_id=str(result.id)[:64])


def run_execute(*, run_id: int) -> str:
    """The task's body: claim a queued run, solve its frozen problem with progress, store the solution.

    Returns the run's final status. Any exception marks the run failed with the error and is raised again,
    so the task backend records the failure too; nothing but the run's own row is written."""
    now = timezone.now()
    claimed = AllocationRun.objects.filter(pk=run_id, status=AllocationRun.Status.QUEUED).update(
        status=RUNNING, started_at=now, heartbeat_at=now, stage="start"
    )
    if not claimed:  # cancelled before it started, or already taken
        return str(AllocationRun.objects.filter(pk=run_id).values_list("status", flat=True).first() or "")
    run = AllocationRun.objects.get(pk=run_id)
    try:
        problem = problem_from_dict(run.problem)
        with _heartbeat(run_id):
            solution = allocation_solve(
                problem, method=run.method, time_limit=run.time_limit_s, progress=_Reporter(run_id)
            )
        report = check(problem, solution)
        if not report.feasible:
            raise RuntimeError("the solution fails the check: " + "; ".join(report.violations[:5]))
    except RunStopped:
        return str(AllocationRun.objects.values_list("status", flat=True).get(pk=run_id))
    except BaseException as exc:
        _finish_failed(run_id, f"{type(exc).__name__}: {exc}")
        raise
    now = timezone.now()
    stored = AllocationRun.objects.filter(pk=run_id, status=RUNNING).update(
        status=AllocationRun.Status.DONE,
        solution=solution_to_dict(solution),
        objective=solution.objective,
        bound=solution.bound,
        gap=solution.gap,
        elapsed_s=solution.runtime_s,
        stage="done",
        finished_at=now,
        heartbeat_at=now,
    )
    return "done" if stored else str(AllocationRun.objects.values_list("status", flat=True).get(pk=run_id))


class _Reporter:
    """The solver's progress callback: writes progress and heartbeat (throttled) and stops a run that is no
    longer running."""

    def __init__(self, run_id: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.run_id = run_id
        self.clock = clock
        self.last = -math.inf

    def __call__(self, progress: Progress) -> None:
        now = self.clock()
        if now - self.last < PROGRESS_INTERVAL_S:
            return
        self.last = now
        bound = progress.bound
        gap = (
            None if bound is None else (0.0 if bound <= 0 else max(0.0, (bound - progress.objective) / bound))
        )
        alive = AllocationRun.objects.filter(pk=self.run_id, status=RUNNING).update(
            objective=progress.objective,
            bound=bound,
            gap=gap,
            elapsed_s=progress.elapsed_s,
            stage=progress.stage[:20],
            heartbeat_at=timezone.now(),
        )
        if not alive:
            raise RunStopped(self.run_id)


@contextmanager
def _heartbeat(run_id: int) -> Iterator[None]:
    """Beat every HEARTBEAT_S seconds from a thread while the solver works inside one long stage.

    Inside an open transaction (a task run in process, as in the tests) a second connection would wait on
    it, so no thread is started there; the progress reports beat alone."""
    if connection.in_atomic_block:
        yield
        return
    stop = threading.Event()

    def beat() -> None:
        try:
            while not stop.wait(HEARTBEAT_S):
                AllocationRun.objects.filter(pk=run_id, status=RUNNING).update(heartbeat_at=timezone.now())
        finally:
            connections.close_all()  # this thread's own connections

    thread = threading.Thread(target=beat, name=f"heartbeat-run-{run_id}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def _finish_failed(run_id: int, error: str, statuses: tuple[str, ...] = (RUNNING,)) -> int:
    return AllocationRun.objects.filter(pk=run_id, status__in=statuses).update(
        status=AllocationRun.Status.FAILED, error=error[:4000], finished_at=timezone.now()
    )


@transaction.atomic
def run_cancel(*, actor: User | None, run: AllocationRun) -> AllocationRun:
    """Stop a queued or running run: a queued one never starts, a running one stops at its next report."""
    if actor is not None and not can_allocate(actor, run.cycle):
        raise PermissionDenied(_("Only the facility's user office cancels its runs."))
    before = run.status
    stopped = AllocationRun.objects.filter(
        pk=run.pk, status__in=(AllocationRun.Status.QUEUED, RUNNING)
    ).update(status=AllocationRun.Status.CANCELLED, finished_at=timezone.now())
    if not stopped:
        raise StateConflict(_("Only a queued or running run can be cancelled."))
    run.refresh_from_db()
    audit_record(actor=actor, target=run, action="run.cancel", from_state=before, to_state=run.status)
    return run


def stale_before(now: dt.datetime | None = None) -> dt.datetime:
    return (now or timezone.now()) - dt.timedelta(seconds=settings.SCHEDULING_STALE_AFTER_S)


@transaction.atomic
def runs_fail_stale(*, now: dt.datetime | None = None, run: AllocationRun | None = None) -> list[int]:
    """Mark failed every running run (or just `run`) whose worker has not beaten since the threshold
    (SCHEDULING_STALE_AFTER_S): its worker died or lost the database. Returns their ids."""
    limit = stale_before(now)
    stale = AllocationRun.objects.select_for_update().filter(status=RUNNING, heartbeat_at__lt=limit)
    if run is not None:
        stale = stale.filter(pk=run.pk)
    ids: list[int] = []
    for found in stale:
        error = _("The worker stopped answering: no heartbeat since %(at)s.") % {
            "at": found.heartbeat_at.isoformat() if found.heartbeat_at else "-"
        }
        if _finish_failed(found.pk, error):
            audit_record(actor=None, target=found, action="run.stale", from_state=RUNNING, to_state="failed")
            ids.append(found.pk)
    return ids


def run_progress(run: AllocationRun) -> dict[str, Any]:
    """The figures a progress bar shows: objective, bound, gap, elapsed, stage and the share of time used."""
    share = None
    if run.status == RUNNING and run.elapsed_s is not None:
        share = min(1.0, run.elapsed_s / run.time_limit_s)
    elif run.status == AllocationRun.Status.DONE:
        share = 1.0
    return {
        "status": run.status,
        "stage": run.stage,
        "objective": run.objective,
        "bound": run.bound,
        "gap": run.gap,
        "elapsed_s": run.elapsed_s,
        "time_limit_s": run.time_limit_s,
        "share": share,
    }
