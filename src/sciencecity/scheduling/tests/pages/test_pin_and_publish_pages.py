"""Adjust and publish: the officer pins a request from its row (the check answers at once, saying why
not), removes a pin, re-runs with the pins kept, and publishes after confirming."""

from __future__ import annotations

import zoneinfo

from sciencecity.proposals.models import Proposal
from sciencecity.scheduling import runs, shifts
from sciencecity.scheduling.models import AllocationRun, Pin

HTMX = {"HX-Request": "true"}


def _done(decided, capture, method: str = "greedy") -> AllocationRun:
    with capture(execute=True):
        run = runs.run_start(actor=decided.officer, call=decided.call, method=method, time_limit=5)
    run.refresh_from_db()
    assert run.status == "done", run.error
    return run


def _place(run: AllocationRun, key: str) -> tuple[str, int]:
    spot = next(a for a in (run.solution or {})["assignments"] if a["request"] == key)
    return spot["instrument"], spot["start"]


def _form(run: AllocationRun, key: str, instrument_code: str, shift: int) -> dict[str, str]:
    at = shifts.shift_start(run.cycle, shift).astimezone(zoneinfo.ZoneInfo(run.cycle.time_zone))
    return {"request": key, "instrument": instrument_code, "day": f"{at:%Y-%m-%d}", "time": f"{at:%H:%M}"}


def _pin_url(run: AllocationRun) -> str:
    return f"/allocation/cycles/{run.cycle_id}/pins/new/?run={run.pk}"


def test_a_pin_where_the_request_fits_is_taken_and_answered_in_its_row(
    officer, decided, django_capture_on_commit_callbacks
):
    run = _done(decided, django_capture_on_commit_callbacks)
    key = f"{decided.proposals['A'].reference}-R1"
    slug, start = _place(run, key)
    code = next(b.code for b in decided.beamlines if b.slug == slug)
    response = officer.post(_pin_url(run), _form(run, key, code, start), headers=HTMX)
    assert response.status_code == 200
    assert (
        f'id="pin-answer-{key}"' in response.content.decode()
        and f"Pinned to {code}" in response.content.decode()
    )
    pin = Pin.objects.get()
    assert (pin.request_key, pin.instrument.slug, pin.start_shift) == (key, slug, start)


def test_a_pin_onto_another_requests_place_is_refused_with_what_is_in_the_way(
    officer, decided, django_capture_on_commit_callbacks
):
    run = _done(decided, django_capture_on_commit_callbacks)
    placed = {a["request"]: a for a in (run.solution or {})["assignments"]}
    by_instrument: dict[str, list[str]] = {}
    for key, a in sorted(placed.items()):
        by_instrument.setdefault(a["instrument"], []).append(key)
    mover, holder = next(keys[:2] for keys in by_instrument.values() if len(keys) >= 2)
    code = next(b.code for b in decided.beamlines if b.slug == placed[holder]["instrument"])
    response = officer.post(_pin_url(run), _form(run, mover, code, placed[holder]["start"]), headers=HTMX)
    assert response.status_code == 409
    answer = response.content.decode()
    assert 'class="refusal"' in answer and f"{holder} already holds the instrument" in answer
    assert not Pin.objects.exists()


def test_a_pin_without_its_day_is_bad_input(officer, decided, django_capture_on_commit_callbacks):
    run = _done(decided, django_capture_on_commit_callbacks)
    key = f"{decided.proposals['A'].reference}-R1"
    response = officer.post(
        _pin_url(run), {"request": key, "instrument": "BL01", "time": "00:00"}, headers=HTMX
    )
    assert response.status_code == 422 and "This field is required." in response.content.decode()
    assert not Pin.objects.exists()


def test_a_re_run_keeps_the_pin_and_the_pin_can_be_removed(
    officer, decided, django_capture_on_commit_callbacks
):
    run = _done(decided, django_capture_on_commit_callbacks)
    key = f"{decided.proposals['B'].reference}-R1"
    slug, start = _place(run, key)
    code = next(b.code for b in decided.beamlines if b.slug == slug)
    officer.post(_pin_url(run), _form(run, key, code, start))  # without htmx: back to the schedule
    pin = Pin.objects.get()
    again = _done(decided, django_capture_on_commit_callbacks, "best")
    assert again.problem["pins"] == [pin.as_problem_pin()] and _place(again, key) == (slug, start)
    schedule = officer.get(f"/allocation/runs/{again.pk}/schedule/").content.decode()
    assert 'data-kind="pinned"' in schedule and f'data-label="{key}"' in schedule
    pins_page = officer.get(f"/allocation/cycles/{run.cycle_id}/pins/").content.decode()
    assert key in pins_page
    response = officer.post(f"/allocation/cycles/{run.cycle_id}/pins/{pin.pk}/remove/")
    assert response.status_code == 302 and not Pin.objects.exists()


def test_publishing_needs_the_confirmation_then_decides_every_proposal(
    officer, decided, django_capture_on_commit_callbacks
):
    run = _done(decided, django_capture_on_commit_callbacks)
    url = f"/allocation/runs/{run.pk}/publish/"
    refused = officer.post(url)
    assert refused.status_code == 422 and "Tick the box" in refused.content.decode()
    run.refresh_from_db()
    assert run.published_at is None
    assert officer.post(url, {"confirm": "yes"}).status_code == 302
    run.refresh_from_db()
    assert run.published_at is not None
    statuses = set(Proposal.objects.filter(call=decided.call).values_list("status", flat=True))
    assert statuses <= {"allocated", "not_allocated"}
    page = officer.get(f"/allocation/runs/{run.pk}/").content.decode()
    assert "published schedule" in page and "Publish the schedule" not in page
    assert officer.post(url, {"confirm": "yes"}).status_code == 409  # already the published one
    again = officer.get(f"/allocation/cycles/{run.cycle_id}/").content.decode()
    assert "(5 requests)" in again and "Start the run" in again  # a published cycle can be planned again


def test_nobody_else_pins_or_publishes(client, outsiders, decided, django_capture_on_commit_callbacks):
    run = _done(decided, django_capture_on_commit_callbacks)
    key = f"{decided.proposals['A'].reference}-R1"
    slug, start = _place(run, key)
    code = next(b.code for b in decided.beamlines if b.slug == slug)
    assert client.post(_pin_url(run), _form(run, key, code, start)).status_code == 302  # to the login
    for who, other in outsiders.items():
        assert other.post(_pin_url(run), _form(run, key, code, start)).status_code == 404, who
        assert other.post(f"/allocation/runs/{run.pk}/publish/", {"confirm": "yes"}).status_code == 404, who
        assert other.get(f"/allocation/cycles/{run.cycle_id}/pins/").status_code == 404, who
    run.refresh_from_db()
    assert not Pin.objects.exists() and run.published_at is None
