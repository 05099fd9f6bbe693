"""The officer starts a run from the cycle's page, watches its progress fragment, cancels, reads failures."""

from __future__ import annotations

from django.utils import timezone

from sciencecity.scheduling.models import AllocationRun


def _cycle_url(decided) -> str:
    return f"/allocation/cycles/{decided.call.cycle.pk}/"


def _running(decided, **figures) -> AllocationRun:
    """A run a worker is solving now: half its time limit used (what the progress reports write)."""
    now = timezone.now()
    return AllocationRun.objects.create(
        cycle=decided.call.cycle,
        call=decided.call,
        method="best",
        time_limit_s=60,
        status="running",
        started_at=now,
        heartbeat_at=now,
        problem={},
        **{"objective": 31.5, "bound": 35.0, "gap": 0.1, "elapsed_s": 30.0, "stage": "model", **figures},
    )


def test_the_officer_starts_a_run_and_lands_on_its_page_with_the_final_figures(
    officer, decided, django_capture_on_commit_callbacks
):
    page = officer.get(_cycle_url(decided)).content.decode()
    assert "Start the run" in page and decided.call.title_en in page
    with django_capture_on_commit_callbacks(execute=True):
        response = officer.post(f"{_cycle_url(decided)}runs/", {"method": "greedy", "time_limit": "5"})
    run = AllocationRun.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/allocation/runs/{run.pk}/"
    run.refresh_from_db()
    assert run.status == "done", run.error
    page = officer.get(response["Location"]).content.decode()
    assert 'data-status="done"' in page and "hx-trigger" not in page  # finished: no more polling
    assert '<progress id="run-bar" max="1" value="1.000">' in page  # the bar shows the final state
    assert "Fairness and use" in page and 'id="figures-table"' in page
    assert "Publish the schedule" in page


def test_a_bad_time_limit_is_refused_with_the_forms_error_and_starts_nothing(officer, decided):
    response = officer.post(f"{_cycle_url(decided)}runs/", {"method": "greedy", "time_limit": "0"})
    assert response.status_code == 422
    assert "Ensure this value is greater than or equal to 1." in response.content.decode()
    assert not AllocationRun.objects.exists()


def test_the_progress_fragment_of_a_running_run_keeps_polling_and_shows_its_figures(officer, decided):
    run = _running(decided)
    response = officer.get(f"/allocation/runs/{run.pk}/progress/", headers={"HX-Request": "true"})
    fragment = response.content.decode()
    assert response.status_code == 200 and "HX-Refresh" not in response
    assert f'hx-get="/allocation/runs/{run.pk}/progress/" hx-trigger="every 1s"' in fragment
    assert '<progress id="run-bar" max="1" value="0.500">' in fragment  # 30 s of 60
    assert "31.50" in fragment and "35.00" in fragment and "10.0 %" in fragment and "30.0 s" in fragment
    assert "MILP" in fragment and "Cancel the run" in fragment


def test_the_fragment_of_a_run_that_just_finished_reloads_the_page_and_stops_polling(officer, decided):
    run = _running(decided)
    AllocationRun.objects.filter(pk=run.pk).update(status="done", elapsed_s=41.0, finished_at=timezone.now())
    response = officer.get(f"/allocation/runs/{run.pk}/progress/", headers={"HX-Request": "true"})
    assert response["HX-Refresh"] == "true"
    assert "hx-trigger" not in response.content.decode()


def test_the_officer_cancels_a_running_run(officer, decided):
    run = _running(decided)
    response = officer.post(f"/allocation/runs/{run.pk}/cancel/")
    assert response.status_code == 302
    run.refresh_from_db()
    assert run.status == "cancelled"
    page = officer.get(f"/allocation/runs/{run.pk}/").content.decode()
    assert "The run was cancelled; nothing was changed." in page and "Cancel the run" not in page


def test_cancelling_a_finished_run_is_a_conflict(officer, decided):
    run = _running(decided, error="")
    AllocationRun.objects.filter(pk=run.pk).update(status="done")
    response = officer.post(f"/allocation/runs/{run.pk}/cancel/")
    assert response.status_code == 409
    assert "Only a queued or running run can be cancelled." in response.content.decode()


def test_a_failed_run_shows_its_error(officer, decided):
    run = _running(decided)
    AllocationRun.objects.filter(pk=run.pk).update(
        status="failed", error="MemoryError: out of memory in the LP"
    )
    page = officer.get(f"/allocation/runs/{run.pk}/").content.decode()
    assert "The run failed; nothing was changed." in page and "MemoryError: out of memory in the LP" in page
    assert "Publish the schedule" not in page


def test_nobody_else_sees_the_runs_or_starts_one(client, outsiders, decided):
    run = _running(decided)
    urls = [_cycle_url(decided), f"/allocation/runs/{run.pk}/", f"/allocation/runs/{run.pk}/progress/"]
    for url in urls:
        anonymous = client.get(url)
        assert anonymous.status_code == 302 and anonymous["Location"].startswith("/accounts/login/"), url
    for who, other in outsiders.items():
        for url in urls:
            assert other.get(url).status_code == 404, (who, url)
        assert (
            other.post(f"{_cycle_url(decided)}runs/", {"method": "greedy", "time_limit": "5"}).status_code
            == 404
        )
        assert other.post(f"/allocation/runs/{run.pk}/cancel/").status_code == 404
    assert AllocationRun.objects.get().status == "running"
