"""The machine calendar page: the officer adds and removes blocks; the next run's problem sees them."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from sciencecity.core.models import AuditEvent
from sciencecity.scheduling.models import CalendarBlock

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def url(cycle) -> str:
    return f"/allocation/cycles/{cycle.pk}/calendar/"


def block(**changes):
    data = {
        "instrument": "",
        "kind": "maintenance",
        "start_day": "2026-10-05",
        "start_time": "08:00",
        "end_day": "2026-10-06",
        "end_time": "00:00",
        "note": "Cryo-cooler service",
    }
    return {**data, **changes}


def test_the_officer_adds_a_facility_wide_block_in_the_facilitys_time(officer, decided):
    cycle = decided.call.cycle
    response = officer.post(url(cycle), block())
    assert response.status_code == 302
    added = CalendarBlock.objects.get(cycle=cycle)
    assert added.instrument is None and added.kind == "maintenance"
    assert added.starts_at == dt.datetime(2026, 10, 5, 8, tzinfo=SHANGHAI)
    assert (added.first_shift, added.last_shift) == (34 * 3 + 1, 34 * 3 + 2)
    page = officer.get(url(cycle)).content.decode()
    assert "Cryo-cooler service" in page and "Whole facility" in page
    assert 'data-instrument="*"' in page  # the chart draws it on every instrument
    assert list(
        AuditEvent.objects.filter(action__startswith="calendar.").values_list("action", flat=True)
    ) == ["calendar.save"]


def test_a_block_on_one_instrument_is_drawn_on_its_row(officer, decided):
    cycle = decided.call.cycle
    bl01 = decided.beamlines[0]
    officer.post(url(cycle), block(instrument=str(bl01.pk), kind="machine_development"))
    page = officer.get(url(cycle)).content.decode()
    assert f'data-instrument="{bl01.code}" data-kind="down"' in page
    assert "machine development" in page


def test_a_block_that_ends_before_it_starts_is_refused_and_nothing_is_written(officer, decided):
    cycle = decided.call.cycle
    response = officer.post(url(cycle), block(end_day="2026-10-04"))
    assert response.status_code == 422
    assert "A block ends after it starts." in response.content.decode()
    assert not CalendarBlock.objects.exists()


def test_a_block_outside_the_cycle_is_refused_with_the_reason(officer, decided):
    cycle = decided.call.cycle
    response = officer.post(url(cycle), block(start_day="2027-03-01", end_day="2027-03-02"))
    assert response.status_code == 422
    assert not CalendarBlock.objects.exists()


def test_the_officer_removes_a_block(officer, decided):
    cycle = decided.call.cycle
    officer.post(url(cycle), block())
    added = CalendarBlock.objects.get()
    response = officer.post(f"{url(cycle)}{added.pk}/remove/")
    assert response.status_code == 302
    assert not CalendarBlock.objects.exists()
    actions = AuditEvent.objects.filter(action__startswith="calendar.").order_by("pk")
    assert list(actions.values_list("action", flat=True)) == ["calendar.save", "calendar.delete"]


def test_nobody_else_sees_or_edits_the_calendar(client, outsiders, decided):
    cycle = decided.call.cycle
    anonymous = client.get(url(cycle))
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    for who, other in outsiders.items():
        assert other.get(url(cycle)).status_code == 404, who
        assert other.post(url(cycle), block()).status_code == 404, who
    assert not CalendarBlock.objects.exists()


def test_an_empty_calendar_can_start_from_a_typical_one_and_only_once(officer, decided):
    cycle = decided.call.cycle
    assert "Start from a typical calendar" in officer.get(url(cycle)).content.decode()
    response = officer.post(f"{url(cycle)}typical/")
    assert response.status_code == 302
    kinds = set(CalendarBlock.objects.filter(cycle=cycle).values_list("kind", flat=True))
    assert kinds == {"shutdown", "machine_development", "maintenance", "in_house"}
    count = CalendarBlock.objects.count()
    page = officer.get(url(cycle)).content.decode()
    assert "Start from a typical calendar" not in page
    officer.post(f"{url(cycle)}typical/")
    assert CalendarBlock.objects.count() == count
