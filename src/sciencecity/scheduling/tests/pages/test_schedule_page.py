"""The schedule of a finished run: its Gantt (drawn from the table of bars), the requests, the comparison."""

from __future__ import annotations

import re

from sciencecity.scheduling import runs
from sciencecity.scheduling.models import AllocationRun


def _done(decided, capture, method: str = "greedy") -> AllocationRun:
    with capture(execute=True):
        run = runs.run_start(actor=decided.officer, call=decided.call, method=method, time_limit=5)
    run.refresh_from_db()
    assert run.status == "done", run.error
    return run


def test_the_gantt_has_one_bar_per_placement_and_the_calendars_down_time(
    officer, decided, django_capture_on_commit_callbacks
):
    run = _done(decided, django_capture_on_commit_callbacks)
    page = officer.get(f"/allocation/runs/{run.pk}/schedule/").content.decode()
    booked = re.findall(r'<tr data-instrument="(\w+)" data-kind="booked" data-start="([^"]+)"', page)
    assert len(booked) == len((run.solution or {})["assignments"]) > 0
    assert all(start.endswith("+08:00") for _code, start in booked)  # the facility's time, with its offset
    assert {code for code, _start in booked} <= {b.code for b in decided.beamlines}
    down = sum(len(i["down"]) for i in run.problem["instruments"])
    assert page.count('data-kind="down"') == down
    assert 'data-gantt-for="gantt-table"' in page and 'role="img"' in page


def test_the_requests_table_lists_every_request_best_first_with_its_place_or_why_not(
    officer, decided, django_capture_on_commit_callbacks
):
    run = _done(decided, django_capture_on_commit_callbacks)
    page = officer.get(f"/allocation/runs/{run.pk}/schedule/").content.decode()
    keys = re.findall(r'<tr id="request-([\w-]+)">', page)
    assert sorted(keys) == sorted(r["id"] for r in run.problem["requests"])
    a = decided.proposals["A"].reference
    assert keys.index(f"{a}-R1") < keys.index(f"{decided.proposals['C'].reference}-R1")  # A ranks above C
    placed = {x["request"] for x in (run.solution or {})["assignments"]}
    for key in keys:
        row = page.split(f'<tr id="request-{key}">', 1)[1].split("</tr>", 1)[0]
        assert ("not scheduled" in row) == (key not in placed), key


def test_two_runs_side_by_side_name_what_moved_and_the_merit_difference(
    officer, decided, django_capture_on_commit_callbacks
):
    first = _done(decided, django_capture_on_commit_callbacks, "greedy")
    second = _done(decided, django_capture_on_commit_callbacks, "best")
    page = officer.get(f"/allocation/runs/{second.pk}/compare/{first.pk}/").content.decode()
    assert f"{(second.objective or 0) - (first.objective or 0):.2f}" in page
    assert "What moved" in page
    assert (
        officer.get(f"/allocation/runs/{first.pk}/")
        .content.decode()
        .count(f"/allocation/runs/{first.pk}/compare/{second.pk}/")
    )


def test_a_run_without_a_schedule_has_no_schedule_page(officer, decided):
    run = AllocationRun.objects.create(
        cycle=decided.call.cycle, call=decided.call, method="best", time_limit_s=5, problem={}
    )
    assert officer.get(f"/allocation/runs/{run.pk}/schedule/").status_code == 404


def test_nobody_else_sees_the_schedule(client, outsiders, decided, django_capture_on_commit_callbacks):
    run = _done(decided, django_capture_on_commit_callbacks)
    url = f"/allocation/runs/{run.pk}/schedule/"
    assert client.get(url).status_code == 302
    for who, other in outsiders.items():
        assert other.get(url).status_code == 404, who
        assert other.get(f"/allocation/runs/{run.pk}/compare/{run.pk}/").status_code == 404, who
