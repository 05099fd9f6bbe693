"""A run freezes its problem, is solved as a task with progress, keeps a solution that passes the check."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from sciencecity.allocation import check, problem_from_dict, solution_from_dict
from sciencecity.core.audit import audit_trail
from sciencecity.core.errors import PermissionDenied, StateConflict
from sciencecity.proposals.tests.conftest import user
from sciencecity.scheduling import runs
from sciencecity.scheduling.models import AllocationRun


def started(decided, django_capture_on_commit_callbacks, **kw):
    with django_capture_on_commit_callbacks(execute=True):
        run = runs.run_start(actor=decided.officer, call=decided.call, **kw)
    run.refresh_from_db()
    return run


def test_a_run_solves_its_frozen_problem_and_the_solution_passes_the_check(
    decided, django_capture_on_commit_callbacks
):
    run = started(decided, django_capture_on_commit_callbacks, method="best", time_limit=10)
    assert run.status == "done", run.error
    problem, solution = problem_from_dict(run.problem), solution_from_dict(run.solution)
    assert check(problem, solution).feasible
    assert run.objective == solution.objective and run.gap == solution.gap and run.bound is not None
    assert {r["id"] for r in run.problem["requests"]} == {
        f"{decided.proposals[n].reference}-R{k}"
        for n, k in (("A", 1), ("A", 2), ("B", 1), ("C", 1), ("C", 2))
    }
    assert run.task_id and run.started_at <= run.finished_at and run.stage == "done"
    assert [e.action for e in audit_trail(run)] == ["run.start"]


def test_the_problem_is_frozen_when_the_run_starts(decided, django_capture_on_commit_callbacks):
    run = runs.run_start(actor=decided.officer, call=decided.call, method="greedy", time_limit=5)
    frozen = dict(run.problem)
    first = decided.proposals["A"].requests.order_by("pk").first()
    first.recommended_shifts = 1
    first.save(update_fields=["recommended_shifts"])
    runs.run_execute(run_id=run.pk)
    run.refresh_from_db()
    assert run.problem == frozen and run.status == "done"


def test_only_the_facilitys_user_office_starts_a_run(decided, other_officer):
    with pytest.raises(PermissionDenied):
        runs.run_start(actor=other_officer, call=decided.call)
    with pytest.raises(PermissionDenied):
        runs.run_start(actor=user("nobody"), call=decided.call)
    assert not AllocationRun.objects.exists()


def test_a_bad_method_or_time_limit_is_refused_with_every_problem_named(decided):
    with pytest.raises(ValidationError) as refused:
        runs.run_start(actor=decided.officer, call=decided.call, method="magic", time_limit=0)
    assert set(refused.value.message_dict) == {"method", "time_limit"}


def test_a_call_without_ranked_requests_cannot_be_run(scenario):
    with pytest.raises(StateConflict):
        runs.run_start(actor=scenario.officer, call=scenario.call)


def test_a_solve_that_raises_marks_the_run_failed_and_stores_no_solution(decided, monkeypatch):
    run = runs.run_start(actor=decided.officer, call=decided.call, method="greedy", time_limit=5)

    def broken(*args, **kwargs):
        raise MemoryError("out of memory in the LP")

    monkeypatch.setattr(runs, "allocation_solve", broken)
    with pytest.raises(MemoryError):
        runs.run_execute(run_id=run.pk)
    run.refresh_from_db()
    assert (run.status, run.solution, run.published_at) == ("failed", None, None)
    assert run.error == "MemoryError: out of memory in the LP"


def test_a_run_cancelled_while_solving_stops_at_its_next_report_and_keeps_no_solution(decided, monkeypatch):
    run = runs.run_start(actor=decided.officer, call=decided.call, method="best", time_limit=5)
    real = runs.allocation_solve

    def cancel_midway(problem, **kwargs):
        report = kwargs["progress"]

        def relay(progress):
            if progress.stage == "repair":
                runs.run_cancel(actor=decided.officer, run=AllocationRun.objects.get(pk=run.pk))
                report.last = float("-inf")  # the next report is not throttled away
            report(progress)

        return real(problem, **{**kwargs, "progress": relay})

    monkeypatch.setattr(runs, "allocation_solve", cancel_midway)
    assert runs.run_execute(run_id=run.pk) == "cancelled"
    run.refresh_from_db()
    assert (run.status, run.solution) == ("cancelled", None)


def test_a_queued_run_cancelled_never_starts(decided):
    run = runs.run_start(actor=decided.officer, call=decided.call, method="greedy", time_limit=5)
    runs.run_cancel(actor=decided.officer, run=run)
    assert runs.run_execute(run_id=run.pk) == "cancelled"
    run.refresh_from_db()
    assert run.started_at is None and run.solution is None
    with pytest.raises(StateConflict):
        runs.run_cancel(actor=decided.officer, run=run)


def test_progress_is_written_at_most_twice_a_second(decided, monkeypatch):
    run = runs.run_start(actor=decided.officer, call=decided.call, method="greedy", time_limit=5)
    AllocationRun.objects.filter(pk=run.pk).update(status="running")
    clock = iter([100.0, 100.1, 100.2, 100.6, 100.7])
    writes = []

    def recorded(**kw):
        writes.append(kw)
        return AllocationRun.objects.none()

    monkeypatch.setattr(runs.AllocationRun.objects, "filter", recorded)
    reporter = runs._Reporter(run.pk, clock=lambda: next(clock))
    from sciencecity.allocation import Progress

    with pytest.raises(runs.RunStopped):  # the stubbed update touches no row: the run looks stopped
        reporter(Progress(1.0, None, 0.0, "greedy"))
    for _ in range(2):
        reporter(Progress(1.0, None, 0.1, "greedy"))
    with pytest.raises(runs.RunStopped):
        reporter(Progress(2.0, 3.0, 0.6, "bound"))
    assert len(writes) == 2


def test_a_running_run_without_a_recent_heartbeat_is_marked_failed(decided):
    run = runs.run_start(actor=decided.officer, call=decided.call, method="greedy", time_limit=5)
    beat = timezone.now()
    AllocationRun.objects.filter(pk=run.pk).update(status="running", heartbeat_at=beat)
    assert runs.runs_fail_stale(now=beat + dt.timedelta(seconds=59)) == []
    assert runs.runs_fail_stale(now=beat + dt.timedelta(seconds=61)) == [run.pk]
    run.refresh_from_db()
    assert run.status == "failed" and "no heartbeat since" in run.error
    assert runs.run_execute(run_id=run.pk) == "failed"  # a late worker does not revive it


def test_the_stored_solution_passes_the_allocation_packages_check_command(decided, solve, tmp_path):
    import json
    import subprocess
    import sys

    run = solve()
    (tmp_path / "problem.json").write_text(json.dumps(run.problem))
    (tmp_path / "solution.json").write_text(json.dumps(run.solution))
    done = subprocess.run(
        [sys.executable, "-m", "sciencecity.allocation", "check", "problem.json", "solution.json"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    broken = {**run.solution, "objective": run.solution["objective"] + 1}
    (tmp_path / "solution.json").write_text(json.dumps(broken))
    refused = subprocess.run(
        [sys.executable, "-m", "sciencecity.allocation", "check", "problem.json", "solution.json"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert refused.returncode == 1
