"""The usage API answers as the conventions say: 401, 404, 403, 409 and 422, and the figures themselves."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from sciencecity.accounting import services
from sciencecity.accounting.models import UsageRecord
from sciencecity.accounting.tests.conftest import Site, at
from sciencecity.accounts.models import User

JSON = "application/json"


def _this_hour() -> dt.datetime:
    """The current hour: bookings around it let the API judge the windows at the real time."""
    return timezone.now().replace(minute=0, second=0, microsecond=0)


def _client(person: User | None) -> Client:
    client = Client()
    if person is not None:
        client.force_login(person)
    return client


def _post(person: User | None, path: str, body: dict[str, Any] | None = None) -> Any:
    return _client(person).post(path, body or {}, content_type=JSON)


def test_anonymous_callers_get_401(site: Site) -> None:
    booking = site.book(site.erin, at(0, 9))
    assert _post(None, f"/api/bookings/{booking.pk}/check-in").status_code == 401
    assert (
        _client(None)
        .get("/api/usage", {"from": "2027-03-08T00:00+08:00", "to": "2027-03-15T00:00+08:00"})
        .status_code
        == 401
    )


def test_a_booking_the_caller_may_not_read_is_404(site: Site) -> None:
    booking = site.book(site.erin, at(0, 9))
    for path in ("check-in", "check-out", "no-show"):
        response = _post(site.insider, f"/api/bookings/{booking.pk}/{path}")
        assert response.status_code == 404, path
        assert response.json() == {"detail": "No such booking."}
    assert _post(site.scientist, "/api/bookings/999999/check-in").status_code == 404


def test_the_user_checks_in_and_out_at_the_instrument_and_the_record_comes_back(site: Site) -> None:
    booking = site.book(site.erin, _this_hour())
    response = _post(site.erin, f"/api/bookings/{booking.pk}/check-in")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert (
        body["state"] == "checked_in" and body["organisation"] == "org-firm" and body["booking"] == booking.pk
    )
    assert dt.datetime.fromisoformat(body["actual_start"]) <= timezone.now()
    response = _post(site.erin, f"/api/bookings/{booking.pk}/check-out")
    assert response.status_code == 200
    assert response.json()["state"] == "checked_out" and response.json()["hours"] >= 0


def test_the_user_outside_the_window_gets_409_and_a_no_show_of_their_own_403(site: Site) -> None:
    later = site.book(site.erin, _this_hour() + dt.timedelta(hours=2))
    early = _post(site.erin, f"/api/bookings/{later.pk}/check-in")
    assert early.status_code == 409 and "15 minutes" in early.json()["detail"]
    now = site.book(site.erin, _this_hour() - dt.timedelta(hours=1), hours=2)
    assert _post(site.erin, f"/api/bookings/{now.pk}/no-show").status_code == 403


def test_staff_record_the_time_it_happened_and_a_naive_time_is_422(site: Site) -> None:
    start = _this_hour() - dt.timedelta(hours=5)
    booking = site.book(site.erin, start)
    path = f"/api/bookings/{booking.pk}/check-in"
    naive = _post(site.scientist, path, {"at": timezone.localtime(start).replace(tzinfo=None).isoformat()})
    assert naive.status_code == 422
    done = _post(site.scientist, path, {"at": (start + dt.timedelta(minutes=10)).isoformat()})
    assert done.status_code == 200
    assert dt.datetime.fromisoformat(done.json()["actual_start"]) == start + dt.timedelta(minutes=10)
    again = _post(site.scientist, path)
    assert again.status_code == 409 and again.json()["detail"] == "This booking is already checked in."
    by_user = _post(
        site.erin,
        f"/api/bookings/{booking.pk}/check-out",
        {"at": (start + dt.timedelta(hours=2)).isoformat()},
    )
    assert by_user.status_code == 403
    future = _post(
        site.scientist,
        f"/api/bookings/{booking.pk}/check-out",
        {"at": (timezone.now() + dt.timedelta(hours=1)).isoformat()},
    )
    assert future.status_code == 422


def test_usage_figures_for_staff_split_internal_and_external(site: Site) -> None:
    for user, day in ((site.insider, 0), (site.erin, 1)):
        booking = site.book(user, at(day, 9), hours=2)
        services.usage_check_in(actor=site.scientist, booking=booking, now=at(day, 9))
        services.usage_check_out(actor=site.scientist, booking=booking, now=at(day, 11))
    response = _client(site.manager).get(
        "/api/usage", {"from": at(0, 0).isoformat(), "to": at(7, 0).isoformat()}
    )
    assert response.status_code == 200
    body = response.json()
    rows = {r["instrument"]: r for r in body["instruments"]}
    assert set(rows) == {"ins-usage-cryo", "ins-usage-nmr"}
    cryo = rows["ins-usage-cryo"]
    assert (cryo["hours"], cryo["internal_hours"], cryo["external_hours"], cryo["owner"]) == (
        4,
        2,
        2,
        "org-owner",
    )
    assert body["total"]["hours"] == 4
    only = _client(site.scientist).get(
        "/api/usage",
        {"from": at(0, 0).isoformat(), "to": at(7, 0).isoformat(), "instrument": "ins-usage-cryo"},
    )
    assert [r["instrument"] for r in only.json()["instruments"]] == ["ins-usage-cryo"]


def test_usage_refusals(site: Site) -> None:
    period = {"from": at(0, 0).isoformat(), "to": at(7, 0).isoformat()}
    assert _client(site.erin).get("/api/usage", period).status_code == 403
    other = _client(site.nmr_scientist).get("/api/usage", {**period, "instrument": "ins-usage-cryo"})
    assert other.status_code == 404
    naive = _client(site.scientist).get("/api/usage", {"from": "2027-03-08T00:00:00", "to": period["to"]})
    assert naive.status_code == 422
    backwards = _client(site.scientist).get("/api/usage", {"from": period["to"], "to": period["from"]})
    assert backwards.status_code == 422


@pytest.mark.parametrize("body", [b"[null, null]", b"7", b'"now"', b'{"at": 0}', b'{"at": "yesterday"}'])
def test_a_body_that_is_not_an_object_with_a_time_is_a_422(site: Site, body: bytes) -> None:
    booking = site.book(site.erin, _this_hour())
    response = _client(site.scientist).generic(
        "POST", f"/api/bookings/{booking.pk}/check-in", body, content_type=JSON
    )
    assert response.status_code == 422
    assert not UsageRecord.objects.exists()
