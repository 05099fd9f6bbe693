"""The scheduling API: the officer starts, follows, reads and publishes runs; others are refused."""

import pytest

from sciencecity.allocation import check, problem_from_dict, solution_from_dict
from sciencecity.proposals.tests.conftest import user
from sciencecity.scheduling.models import AllocationRun


def start(client, decided, django_capture_on_commit_callbacks, **body):
    client.force_login(decided.officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/api/cycles/{decided.call.cycle.pk}/runs",
            {"method": "best", "time_limit": 10, **body},
            content_type="application/json",
        )
    return response


def test_cycles_are_listed_with_their_facility_name_and_dates(client, decided):
    client.force_login(user("someone"))
    rows = client.get("/api/cycles").json()
    cycle = decided.call.cycle
    assert {"id": cycle.pk, "facility": "LS", "name": "2026-II"}.items() <= rows[0].items()
    assert (rows[0]["starts_on"], rows[0]["ends_on"]) == ("2026-09-01", "2027-01-31")
    assert rows[0]["starts_at"] == "2026-09-01T00:00:00+08:00"
    assert rows[0]["ends_at"] == "2027-02-01T00:00:00+08:00"


def test_the_officer_starts_a_run_gets_202_and_reads_it_done_with_assignments_and_reasons(
    client, decided, django_capture_on_commit_callbacks
):
    response = start(client, decided, django_capture_on_commit_callbacks)
    assert response.status_code == 202
    run_id = response.json()["id"]
    assert response.json()["url"] == f"/api/runs/{run_id}"
    body = client.get(f"/api/runs/{run_id}").json()
    assert body["status"] == "done"
    for key in ("objective", "bound", "gap", "elapsed_s"):
        assert isinstance(body[key], float)
    placed = {a["request"] for a in body["assignments"]}
    left = {u["request"] for u in body["unscheduled"]}
    problem = client.get(f"/api/runs/{run_id}/problem").json()
    assert placed | left == {r["id"] for r in problem["requests"]} and not placed & left
    assert all(a["starts_at"].endswith("+08:00") for a in body["assignments"])
    solution = client.get(f"/api/runs/{run_id}/solution").json()
    assert solution["format"] == "sciencecity-allocation-solution/1"
    assert check(problem_from_dict(problem), solution_from_dict(solution)).feasible


def test_a_bad_method_or_time_limit_is_a_422(client, decided):
    client.force_login(decided.officer)
    url = f"/api/cycles/{decided.call.cycle.pk}/runs"
    for body in ({"method": "magic", "time_limit": 5}, {"method": "best", "time_limit": 0}):
        response = client.post(url, body, content_type="application/json")
        assert response.status_code == 422, body
    assert not AllocationRun.objects.exists()


def test_others_cannot_start_read_or_publish_runs(
    client, decided, other_officer, django_capture_on_commit_callbacks
):
    run_id = start(client, decided, django_capture_on_commit_callbacks).json()["id"]
    pi = decided.proposals["A"].members.get(role="pi").user
    for person in (other_officer, pi, decided.chair):
        client.force_login(person)
        assert (
            client.post(
                f"/api/cycles/{decided.call.cycle.pk}/runs",
                {"method": "greedy", "time_limit": 5},
                content_type="application/json",
            ).status_code
            == 403
        )
        for path in ("", "/problem", "/solution"):
            assert client.get(f"/api/runs/{run_id}{path}").status_code == 404
        assert client.post(f"/api/runs/{run_id}/publish").status_code == 404
    client.logout()
    assert client.get(f"/api/runs/{run_id}").status_code == 401
    assert client.get("/api/cycles").status_code == 401


def test_publish_then_the_schedule_shows_all_to_the_officer_and_own_dates_to_a_team(
    client, decided, django_capture_on_commit_callbacks
):
    run_id = start(client, decided, django_capture_on_commit_callbacks).json()["id"]
    response = client.post(f"/api/runs/{run_id}/publish")
    assert response.status_code == 200
    body = response.json()
    assert sorted(body["allocated"] + body["not_allocated"]) == sorted(
        p.reference for p in decided.proposals.values()
    )
    assert client.post(f"/api/runs/{run_id}/publish").status_code == 409
    everything = client.get(f"/api/cycles/{decided.call.cycle.pk}/schedule").json()
    assert len(everything) == len(client.get(f"/api/runs/{run_id}").json()["assignments"])
    a = decided.proposals["A"]
    client.force_login(a.members.get(role="pi").user)
    mine = client.get(f"/api/cycles/{decided.call.cycle.pk}/schedule").json()
    assert mine and {row["proposal"] for row in mine} == {a.reference}
    client.force_login(user("stranger"))
    assert client.get(f"/api/cycles/{decided.call.cycle.pk}/schedule").json() == []
    assert client.get("/api/cycles/999999/schedule").status_code == 404


def test_a_queued_run_has_no_solution_yet_and_can_be_cancelled_once(client, decided):
    client.force_login(decided.officer)
    response = client.post(
        f"/api/cycles/{decided.call.cycle.pk}/runs",
        {"method": "greedy", "time_limit": 5},
        content_type="application/json",
    )  # no commit in this test: the task is never queued, the run waits
    run_id = response.json()["id"]
    assert client.get(f"/api/runs/{run_id}").json()["status"] == "queued"
    assert client.get(f"/api/runs/{run_id}/solution").status_code == 409
    assert client.post(f"/api/runs/{run_id}/publish").status_code == 409
    assert client.post(f"/api/runs/{run_id}/cancel").json()["status"] == "cancelled"
    assert client.post(f"/api/runs/{run_id}/cancel").status_code == 409


def test_a_cycle_without_ranked_requests_is_a_409(client, scenario):
    client.force_login(scenario.officer)
    response = client.post(
        f"/api/cycles/{scenario.call.cycle.pk}/runs",
        {"method": "greedy", "time_limit": 5},
        content_type="application/json",
    )
    assert response.status_code == 409


@pytest.mark.parametrize("signed_in", [True, False])
def test_me_gives_a_private_calendar_address_that_rotates(client, decided, signed_in):
    if not signed_in:
        assert client.get("/api/me").status_code == 401
        return
    client.force_login(decided.officer)
    url = client.get("/api/me").json()["calendar_url"]
    assert url.startswith("http://testserver/calendars/feed/") and url.endswith(".ics")
    assert client.get("/api/me").json()["calendar_url"] == url
    rotated = client.post("/api/me/calendar-feed").json()["calendar_url"]
    assert rotated != url and client.get("/api/me").json()["calendar_url"] == rotated
    assert client.get(url.removeprefix("http://testserver")).status_code == 404
    assert client.get(rotated.removeprefix("http://testserver")).status_code == 200


def test_the_officer_checks_a_placement_pins_a_request_and_removes_the_pin(
    client, decided, django_capture_on_commit_callbacks
):
    run_id = start(client, decided, django_capture_on_commit_callbacks).json()["id"]
    body = client.get(f"/api/runs/{run_id}").json()
    placed = body["assignments"][0]
    slug = {"BL01": "ins-bl01", "BL02": "ins-bl02"}[placed["instrument"]]
    here = {"request": placed["request"], "instrument": slug, "start": placed["start"]}
    url = f"/api/runs/{run_id}"
    assert client.post(f"{url}/placement-check", here, content_type="application/json").json() == {
        "ok": True,
        "code": "",
        "reason": "",
    }
    nowhere = {**here, "instrument": "ins-bl03"}
    verdict = client.post(f"{url}/placement-check", nowhere, content_type="application/json").json()
    assert verdict["ok"] is False and verdict["code"] == "unknown_instrument"
    refused = client.post(f"{url}/pins", nowhere, content_type="application/json")
    assert refused.status_code == 409 and "BL03" in refused.json()["detail"]
    pinned = client.post(f"{url}/pins", here, content_type="application/json")
    assert pinned.status_code == 201 and pinned.json()["starts_at"] == placed["starts_at"]
    pin_id = pinned.json()["id"]
    client.force_login(user("someone"))
    assert client.delete(f"/api/pins/{pin_id}").status_code == 404
    assert client.post(f"{url}/pins", here, content_type="application/json").status_code == 404
    client.force_login(decided.officer)
    assert client.delete(f"/api/pins/{pin_id}").status_code == 204
    assert client.delete(f"/api/pins/{pin_id}").status_code == 404


def test_an_industry_share_caps_proprietary_requests_and_says_so(
    client, decided, django_capture_on_commit_callbacks
):
    run_id = start(client, decided, django_capture_on_commit_callbacks, industry_share=0).json()["id"]
    problem = client.get(f"/api/runs/{run_id}/problem").json()
    assert problem["caps"] == [{"tag": "route:industry", "max_shifts": 0}]
    body = client.get(f"/api/runs/{run_id}").json()
    industry = {f"{decided.proposals['C'].reference}-R{n}" for n in (1, 2)}
    reasons = {u["request"]: u for u in body["unscheduled"] if u["request"] in industry}
    assert set(reasons) == industry
    assert all(u["reason_code"] == "cap:route:industry" for u in reasons.values())
    assert all(u["reason"].startswith("Industry share cap reached") for u in reasons.values())
