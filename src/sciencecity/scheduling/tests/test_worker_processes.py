"""Real `sciencecity worker` processes solve runs on the database backend and on RQ (this machine's Redis);
a worker killed mid-solve (SIGKILL) leaves its run to be marked failed, nothing published or half-written.

These tests commit (transactional_db): the worker is another process and reads only what is committed.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import connection

from sciencecity.allocation import check, problem_from_dict, problem_to_dict, solution_from_dict
from sciencecity.allocation.generate import generate
from sciencecity.proposals.models import Proposal
from sciencecity.scheduling import runs
from sciencecity.scheduling.models import Allocation, AllocationRun

REDIS_URL = os.environ.get("SCHEDULING_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
WAIT_S = 120  # the longest a test waits for a worker to reach a state (a bound, not a measurement)


def database_url() -> str:
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{s['NAME']}"
    auth = s["USER"] + (f":{s['PASSWORD']}" if s.get("PASSWORD") else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def worker(queue: str, backend: str, *args: str) -> subprocess.Popen[str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "sciencecity.config.settings",
        "DATABASE_URL": database_url(),
        "TASKS_BACKEND": backend,
        "TASKS_QUEUE": queue,
        **({"REDIS_URL": REDIS_URL} if backend == "rq" else {}),
    }
    env.pop("PYTEST_CURRENT_TEST", None)
    return subprocess.Popen(  # noqa: S603 - our own interpreter running our own command
        [sys.executable, "-m", "sciencecity.manage", "worker", *args],
        env=env,
        cwd=Path(__file__).resolve().parents[4],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )


@pytest.fixture
def queue() -> str:
    return f"sched-core-test-{uuid.uuid4().hex[:12]}"


@pytest.fixture
def on_database(settings, queue) -> str:
    settings.TASKS_QUEUE = queue
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": []}}
    return queue


@pytest.fixture
def on_rq(settings, queue) -> Iterator[str]:
    redis = pytest.importorskip("redis")
    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.exceptions.ConnectionError:
        pytest.skip(f"no Redis at {REDIS_URL}")
    settings.TASKS_QUEUE = queue
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": []}}
    own = {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 600}
    settings.RQ_QUEUES = {"default": own, queue: own}
    yield queue
    for key in client.scan_iter(match=f"*{queue}*"):
        client.delete(key)


def finished(process: subprocess.Popen[str]) -> str:
    output, _ = process.communicate(timeout=WAIT_S)
    assert process.returncode == 0, output
    return output


def assert_done_and_checked(run: AllocationRun) -> None:
    run.refresh_from_db()
    assert run.status == "done", run.error
    assert run.solution is not None
    assert check(problem_from_dict(run.problem), solution_from_dict(run.solution)).feasible


@pytest.mark.django_db(transaction=True)
def test_a_database_worker_process_solves_a_queued_run(decided, on_database):
    run = runs.run_start(actor=decided.officer, call=decided.call, method="best", time_limit=10)
    run.refresh_from_db()
    assert run.status == "queued" and run.task_id  # queued on commit, in the database
    finished(worker(on_database, "database", "--once"))
    assert_done_and_checked(run)


@pytest.mark.django_db(transaction=True)
def test_an_rq_worker_process_solves_a_queued_run_on_redis(decided, on_rq):
    run = runs.run_start(actor=decided.officer, call=decided.call, method="best", time_limit=10)
    run.refresh_from_db()
    assert run.status == "queued" and run.task_id
    output = finished(worker(on_rq, "rq", "--once"))
    run.refresh_from_db()
    assert run.status == "done", output
    assert_done_and_checked(run)


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_solve_leaves_its_run_to_be_marked_failed_and_nothing_half_written(
    decided, on_database
):
    # A cycle-sized problem with a minute to use keeps the worker busy long after it reports its first stage.
    busy = problem_to_dict(generate("medium", seed=3))
    run = AllocationRun.objects.create(
        cycle=decided.call.cycle, call=decided.call, method="best", time_limit_s=60, problem=busy
    )
    runs._enqueue(run.pk)
    process = worker(on_database, "database")
    try:
        deadline = time.monotonic() + WAIT_S
        while time.monotonic() < deadline:
            run.refresh_from_db()
            if run.status == "running" and run.stage not in ("", "start"):
                break
            assert process.poll() is None, process.communicate()[0]
            time.sleep(0.2)
        assert run.status == "running", "the worker never started the run"
    finally:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate(timeout=WAIT_S)
    assert process.returncode == -signal.SIGKILL
    run.refresh_from_db()
    assert (run.status, run.solution, run.published_at) == (
        "running",
        None,
        None,
    )  # only progress was written
    last_beat = run.heartbeat_at
    assert last_beat is not None
    assert runs.runs_fail_stale(now=last_beat + dt.timedelta(seconds=30)) == []
    assert runs.runs_fail_stale(now=last_beat + dt.timedelta(seconds=61)) == [run.pk]
    run.refresh_from_db()
    assert run.status == "failed" and "no heartbeat" in run.error and run.solution is None
    assert not Allocation.objects.exists()
    assert set(Proposal.objects.filter(call=decided.call).values_list("status", flat=True)) == {"ranked"}
