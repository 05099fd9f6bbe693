"""GET /api/instruments/{slug}/slots: free and taken slots within the opening hours, the caller's marked."""

import datetime as dt

import pytest
from django.test import Client

from sciencecity.booking import services
from sciencecity.booking.tests.conftest import coming_monday, on


@pytest.fixture
def day():
    return coming_monday()


def slots(client, platform, start, end, slug=None):
    return client.get(
        f"/api/instruments/{slug or platform.cryo.slug}/slots",
        {"from": start.isoformat(), "to": end.isoformat()},
    )


def test_a_day_lists_its_opening_hours_in_slots_with_the_taken_ones_marked(platform, day):
    services.booking_create(actor=platform.erin, instrument=platform.cryo, start=on(day, 9), end=on(day, 10))
    response = slots(Client(), platform, on(day, 0), on(day + dt.timedelta(days=1), 0))
    assert response.status_code == 200
    data = response.json()
    assert data["time_zone"] == "Asia/Shanghai" and data["slot_minutes"] == 30
    assert len(data["slots"]) == 24  # 08:00-20:00 in 30-minute slots
    assert data["slots"][0]["start"] == on(day, 8).isoformat()
    states = {s["start"][11:16]: s["state"] for s in data["slots"]}
    assert states["09:00"] == states["09:30"] == "taken" and states["10:00"] == "free"
    assert not any(s["mine"] for s in data["slots"])  # anonymous: nobody's


def test_the_callers_own_bookings_are_marked_as_theirs(platform, day):
    services.booking_create(actor=platform.erin, instrument=platform.cryo, start=on(day, 9), end=on(day, 10))
    client = Client()
    client.force_login(platform.erin)
    mine = [
        s["start"][11:16]
        for s in slots(client, platform, on(day, 0), on(day, 23)).json()["slots"]
        if s["mine"]
    ]
    assert mine == ["09:00", "09:30"]


def test_a_blackout_makes_its_slots_unavailable(platform, day):
    services.booking_rule_update(
        actor=platform.scientist,
        instrument=platform.cryo,
        changes={},
        blackouts=[services.BlackoutInput(start=on(day, 12), end=on(day, 13))],
    )
    states = {
        s["start"][11:16]: s["state"]
        for s in slots(Client(), platform, on(day, 0), on(day, 23)).json()["slots"]
    }
    assert (
        states["11:30"] == "free"
        and states["12:00"] == states["12:30"] == "unavailable"
        and states["13:00"] == "free"
    )


@pytest.mark.parametrize(
    "query",
    [
        {"from": "2027-03-08T00:00:00", "to": "2027-03-09T00:00:00+08:00"},  # naive
        {"from": "2027-03-09T00:00:00+08:00", "to": "2027-03-08T00:00:00+08:00"},  # backwards
        {"from": "2027-03-01T00:00:00+08:00", "to": "2027-04-08T00:00:00+08:00"},  # too long
        {"from": "2027-03-01T00:00:00+08:00"},  # missing
    ],
)
def test_a_bad_range_is_a_422(platform, query):
    assert Client().get(f"/api/instruments/{platform.cryo.slug}/slots", query).status_code == 422


def test_an_unknown_or_proposal_instrument_is_a_404(platform, day):
    for slug in ("no-such", platform.proposal_beamline.slug):
        assert slots(Client(), platform, on(day, 0), on(day, 23), slug=slug).status_code == 404
