"""The scheduling admin shows a facility's officer that facility's calendar, runs and pins, no one else's."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from sciencecity.scheduling.models import CalendarBlock
from sciencecity.scheduling.tests.pages.conftest import signed_in

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def _block(cycle) -> CalendarBlock:
    return CalendarBlock.objects.create(
        cycle=cycle,
        kind="shutdown",
        starts_at=dt.datetime(2026, 12, 24, tzinfo=SHANGHAI),
        ends_at=dt.datetime(2026, 12, 27, tzinfo=SHANGHAI),
        note="Winter shutdown",
    )


def test_the_officer_lists_changes_and_deletes_his_facilitys_blocks(officer, decided):
    block = _block(decided.call.cycle)
    listing = officer.get("/admin/scheduling/calendarblock/")
    assert listing.status_code == 200 and "Winter shutdown" in listing.content.decode()
    assert officer.get(f"/admin/scheduling/calendarblock/{block.pk}/change/").status_code == 200
    response = officer.post(f"/admin/scheduling/calendarblock/{block.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302 and not CalendarBlock.objects.exists()


def test_another_facilitys_officer_sees_no_block_and_cannot_open_one(decided, other_officer):
    block = _block(decided.call.cycle)
    other = signed_in(other_officer)
    listing = other.get("/admin/scheduling/calendarblock/")  # his own facility's: none
    assert listing.status_code == 200 and "Winter shutdown" not in listing.content.decode()
    # The admin answers a record outside the queryset as one that does not exist: back to the index.
    assert other.get(f"/admin/scheduling/calendarblock/{block.pk}/change/").status_code == 302
    assert (
        other.post(f"/admin/scheduling/calendarblock/{block.pk}/delete/", {"post": "yes"}).status_code == 302
    )
    assert CalendarBlock.objects.filter(pk=block.pk).exists()


def test_runs_are_read_only_in_the_admin(officer):
    assert officer.get("/admin/scheduling/allocationrun/add/").status_code == 403


def test_a_proposer_has_no_scheduling_admin(decided):
    proposer = signed_in(decided.proposals["A"].members.get(role="pi").user)
    assert proposer.get("/admin/scheduling/calendarblock/").status_code == 302  # to the admin's login
