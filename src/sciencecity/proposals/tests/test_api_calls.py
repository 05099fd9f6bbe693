"""GET /api/calls: open and closed calls are public announcements; a draft call is its officers' only."""

import datetime as dt

import pytest
from django.utils import timezone

from sciencecity.proposals import services
from sciencecity.proposals.models import Call
from sciencecity.proposals.tests.api_support import client_of, officer_of
from sciencecity.registry import services as registry

SRC = "https://example.org/source"


@pytest.fixture
def draft_call(call, beamlines):
    now = timezone.now()
    return services.call_create(
        actor=None,
        cycle=call.cycle,
        title_en="Rapid access 2026-II",
        title_zh="快速通道 2026-II",
        opens_at=now + dt.timedelta(days=20),
        closes_at=now + dt.timedelta(days=40),
        instruments=beamlines[:1],
        access_routes=["rapid", "standard"],
    )


@pytest.fixture
def closed_call(call, beamlines):
    now = timezone.now()
    closed = services.call_create(
        actor=None,
        cycle=call.cycle,
        title_en="Call 2026-I",
        opens_at=now - dt.timedelta(days=60),
        closes_at=now - dt.timedelta(days=30),
        instruments=beamlines[1:2],
    )
    return services.call_close(actor=None, call=closed)


def ids(response):
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["items"]]


def test_anyone_lists_the_open_calls_with_facility_deadline_and_instruments(client, call):
    response = client.get("/api/calls", {"status": "open"})
    [item] = response.json()["items"]
    assert item["id"] == call.pk
    assert item["facility"] == "fac-light"
    assert item["instruments"] == ["ins-bl01", "ins-bl02"]
    assert item["cycle"] == "2026-II" and item["title_en"] == "Call 2026-II"
    assert item["access_routes"] == ["standard"] and item["time_zone"] == "Asia/Shanghai"


def test_call_times_are_iso_8601_with_the_offset_of_the_calls_time_zone(client, call):
    in_five_days = dt.datetime.now(dt.UTC).date() + dt.timedelta(days=5)  # the call stays open
    closing = dt.datetime.combine(in_five_days, dt.time(9, 30), tzinfo=dt.UTC)
    Call.objects.filter(pk=call.pk).update(closes_at=closing)
    [item] = client.get("/api/calls", {"status": "open"}).json()["items"]
    closes_at = dt.datetime.fromisoformat(item["closes_at"])
    assert item["closes_at"] == f"{in_five_days.isoformat()}T17:30:00+08:00"  # 09:30 UTC in Shanghai
    assert closes_at == closing
    assert item["opens_at"].endswith("+08:00")


def test_a_draft_call_is_listed_to_its_facilitys_officers_only(client, call, draft_call, facility):
    other = registry.facility_upsert(slug="fac-other", code="OTH", name_en="Other", source=SRC).record
    ours, theirs = officer_of(facility, "ours"), officer_of(other, "theirs")
    assert ids(client.get("/api/calls", {"status": "draft"})) == []
    assert ids(client_of(theirs).get("/api/calls", {"status": "draft"})) == []
    assert ids(client_of(ours).get("/api/calls", {"status": "draft"})) == [draft_call.pk]
    assert draft_call.pk not in ids(client.get("/api/calls"))
    [item] = client_of(ours).get("/api/calls", {"status": "draft"}).json()["items"]
    assert item["title_zh"] == "快速通道 2026-II" and item["access_routes"] == ["rapid", "standard"]


def test_the_status_filter_picks_open_or_closed_calls(client, call, closed_call):
    assert ids(client.get("/api/calls", {"status": "open"})) == [call.pk]
    assert ids(client.get("/api/calls", {"status": "closed"})) == [closed_call.pk]
    assert ids(client.get("/api/calls")) == [call.pk, closed_call.pk]  # the latest deadline first


def test_an_unknown_status_is_a_422_naming_it(client, call):
    response = client.get("/api/calls", {"status": "secret"})
    assert response.status_code == 422
    assert [p["loc"] for p in response.json()["detail"]] == [["query", "status"]]
