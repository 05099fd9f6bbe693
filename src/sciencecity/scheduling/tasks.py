"""Background tasks (Django's Tasks API): each allocation run is one task, on whichever backend is set."""

from __future__ import annotations

from django_tasks import task

from sciencecity.scheduling.runs import run_execute


@task()
def solve_run(run_id: int) -> str:
    """Solve one allocation run; its row holds everything, so the task needs only the id."""
    return run_execute(run_id=run_id)
