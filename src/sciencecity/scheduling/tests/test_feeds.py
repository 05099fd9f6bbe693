"""iCalendar feeds of the published schedule: valid RFC 5545 with time zones, read back by a second parser
(vobject), public for instruments and facilities, by secret token for a person."""

import datetime as dt

import pytest
import vobject

from sciencecity.proposals.tests.conftest import user
from sciencecity.scheduling import services
from sciencecity.scheduling.models import Allocation


@pytest.fixture
def published(decided, solve):
    services.calendar_block_save(
        actor=decided.officer,
        cycle=decided.call.cycle,
        kind="machine_development",
        starts_at=dt.datetime(2026, 9, 7, tzinfo=dt.timezone(dt.timedelta(hours=8))),
        ends_at=dt.datetime(2026, 9, 8, tzinfo=dt.timezone(dt.timedelta(hours=8))),
    )
    run = solve()
    services.run_publish(actor=decided.officer, run=run)
    return run


def events_of(data: bytes) -> list:
    """The VEVENTs, as vobject reads them (the CATEGORIES of each as `e.tags`, a set)."""
    calendar = vobject.readOne(data.decode())
    events = list(getattr(calendar, "vevent_list", []))
    for event in events:
        event.tags = {tag for c in event.contents.get("categories", []) for tag in c.value}
    return events


def strictly_rfc5545(data: bytes) -> list[str]:
    """The parts of RFC 5545 a client trips over, checked by hand: CRLF lines of at most 75 octets, balanced
    components, the required properties, and a VTIMEZONE for every TZID used."""
    problems = []
    if not data.endswith(b"\r\n") or b"\n" in data.replace(b"\r\n", b""):
        problems.append("lines must end in CRLF")
    lines = data.split(b"\r\n")[:-1]
    problems += [f"line over 75 octets: {line[:30]!r}" for line in lines if len(line) > 75]
    unfolded: list[str] = []
    for line in lines:
        if line[:1] in (b" ", b"\t"):
            unfolded[-1] += line[1:].decode()
        else:
            unfolded.append(line.decode())
    stack: list[str] = []
    events: list[set[str]] = []
    tzids, zones = set(), set()
    for text in unfolded:
        name, _, value = text.partition(":")
        key = name.split(";")[0]
        if key == "BEGIN":
            stack.append(value)
            if value == "VEVENT":
                events.append(set())
        elif key == "END":
            if not stack or stack.pop() != value:
                problems.append(f"unbalanced END:{value}")
        elif stack and stack[-1] == "VEVENT":
            events[-1].add(key)
            if "TZID=" in name:
                tzids.add(name.split("TZID=")[1].split(";")[0])
        elif stack and stack[-1] == "VTIMEZONE" and key == "TZID":
            zones.add(value)
    if stack:
        problems.append(f"unclosed {stack}")
    if not {"VERSION:2.0", "PRODID:-//Science City//Schedules//EN"} <= set(unfolded):
        problems.append("VERSION and PRODID are required")
    problems += [
        f"event lacks {sorted({'UID', 'DTSTAMP', 'DTSTART'} - e)}"
        for e in events
        if not {"UID", "DTSTAMP", "DTSTART"} <= e
    ]
    problems += [f"TZID {z} has no VTIMEZONE" for z in tzids - zones]
    return problems


def test_the_instrument_feed_is_public_valid_and_lists_its_allocations_and_machine_days(
    client, decided, published
):
    first = Allocation.objects.filter(run=published).first()
    assert first is not None
    instrument = first.instrument
    response = client.get(f"/calendars/instruments/{instrument.slug}.ics")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    assert strictly_rfc5545(response.content) == []
    events = events_of(response.content)
    mine = Allocation.objects.filter(run=published, instrument=instrument)
    beam = {e.uid.value: e for e in events if "beam time" in e.tags}
    assert len(beam) == mine.count()
    for a in mine:
        event = beam[f"request-{a.request_id}@sciencecity"]
        assert event.dtstart.value == a.starts_at and event.dtend.value == a.ends_at
        assert event.dtstart.value.utcoffset() == dt.timedelta(hours=8)
        assert event.summary.value == f"{instrument.code}: {a.proposal.reference}"  # reference only, no title
        assert a.proposal.title not in response.content.decode()
    machine = [e for e in events if "machine_development" in e.tags]
    assert len(machine) == 1 and machine[0].dtstart.value.isoformat() == "2026-09-07T00:00:00+08:00"


def test_the_facility_feed_holds_every_published_allocation(client, decided, published):
    response = client.get(f"/calendars/facilities/{decided.call.cycle.facility.slug}.ics")
    assert strictly_rfc5545(response.content) == []
    events = events_of(response.content)
    assert len([e for e in events if "beam time" in e.tags]) == published.allocations.count()
    assert client.get("/calendars/facilities/no-such-place.ics").status_code == 404


def test_a_persons_feed_has_their_own_dates_with_titles_and_only_theirs(client, decided, published):
    a = decided.proposals["A"]
    pi = a.members.get(role="pi").user
    token = services.feed_for(user=pi).token
    response = client.get(f"/calendars/feed/{token}.ics")
    assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"
    assert strictly_rfc5545(response.content) == []
    events = events_of(response.content)
    own = Allocation.objects.filter(run=published, proposal=a)
    assert {e.uid.value for e in events} == {f"request-{x.request_id}@sciencecity" for x in own}
    assert all(a.title in e.summary.value for e in events)
    stranger = services.feed_for(user=user("stranger")).token
    assert events_of(client.get(f"/calendars/feed/{stranger}.ics").content) == []


def test_a_rotated_or_unknown_token_reads_nothing(client, decided, published):
    pi = decided.proposals["A"].members.get(role="pi").user
    old = services.feed_for(user=pi).token
    new = services.feed_rotate(user=pi).token
    assert old != new
    assert client.get(f"/calendars/feed/{old}.ics").status_code == 404
    assert client.get("/calendars/feed/guess.ics").status_code == 404
    assert client.get(f"/calendars/feed/{new}.ics").status_code == 200
