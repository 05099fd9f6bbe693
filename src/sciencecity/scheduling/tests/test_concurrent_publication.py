"""Officers publishing several runs of one cycle at once (double clicks included) leave exactly one published
run and only its allocations."""

import threading

import pytest
from django.db import connection

from sciencecity.core.errors import StateConflict
from sciencecity.core.tests.threads import BARRIER_TIMEOUT_S
from sciencecity.scheduling import services
from sciencecity.scheduling.models import Allocation, AllocationRun
from sciencecity.scheduling.tests.conftest import solved

RUNS = 4


@pytest.mark.many_connections
@pytest.mark.django_db(transaction=True)
def test_concurrent_publications_of_one_cycle_leave_one_published_run_and_only_its_allocations(
    decided, django_capture_on_commit_callbacks
):
    made = [
        solved(decided, django_capture_on_commit_callbacks, method="greedy", time_limit=5)
        for _ in range(RUNS)
    ]
    start = threading.Barrier(2 * RUNS, timeout=BARRIER_TIMEOUT_S)
    outcomes: list[tuple[int, str]] = []

    def publish(run: AllocationRun) -> None:
        try:
            start.wait()
            services.run_publish(actor=decided.officer, run=run)
            outcomes.append((run.pk, "published"))
        except StateConflict:
            outcomes.append((run.pk, "refused"))  # this run is the published one at that moment
        except Exception as exc:
            outcomes.append((run.pk, f"error: {exc!r}"))
        finally:
            connection.close()

    threads = [threading.Thread(target=publish, args=(run,)) for run in made for _click in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert {what for _run, what in outcomes} <= {"published", "refused"}, outcomes
    # A second click is refused while its run is still the published one, or publishes it again after another.
    assert {run for run, what in outcomes if what == "published"} == {run.pk for run in made}
    published = AllocationRun.objects.filter(cycle=decided.call.cycle, published_at__isnull=False)
    assert published.count() == 1
    winner = published.get()
    assert set(Allocation.objects.values_list("run_id", flat=True)) == {winner.pk}
    assert winner.solution is not None
    assert Allocation.objects.count() == len(winner.solution["assignments"])
