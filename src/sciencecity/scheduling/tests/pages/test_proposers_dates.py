"""The proposer's side: once a schedule is published, the team sees its dates on the proposal page, or why
a request got none, in its language, and its calendar feed; nothing before, and nobody else."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django.utils import translation

from sciencecity.scheduling import runs, selectors, services
from sciencecity.scheduling.models import Allocation, CalendarFeed
from sciencecity.scheduling.tests.pages.conftest import signed_in

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def _published(decided, capture):
    """Every first request (1 Oct - 1 Dec) falls in a two-month shutdown; the short second ones fit."""
    services.calendar_block_save(
        actor=decided.officer,
        cycle=decided.call.cycle,
        kind="shutdown",
        starts_at=dt.datetime(2026, 9, 30, tzinfo=SHANGHAI),
        ends_at=dt.datetime(2026, 12, 3, tzinfo=SHANGHAI),
    )
    with capture(execute=True):
        run = runs.run_start(actor=decided.officer, call=decided.call, method="greedy", time_limit=5)
    run.refresh_from_db()
    services.run_publish(actor=decided.officer, run=run)
    return run


def _pi(decided, name: str = "A"):
    return decided.proposals[name].members.get(role="pi").user


def test_the_team_sees_nothing_before_the_schedule_is_published(decided):
    page = signed_in(_pi(decided)).get(f"/proposals/{decided.proposals['A'].pk}/").content.decode()
    assert 'id="schedule"' not in page and not CalendarFeed.objects.exists()


def test_after_publication_the_pi_sees_the_dates_the_reason_and_the_feed(
    decided, django_capture_on_commit_callbacks
):
    _published(decided, django_capture_on_commit_callbacks)
    proposal = decided.proposals["A"]
    given = Allocation.objects.get(proposal=proposal)
    client = signed_in(_pi(decided))
    page = client.get(f"/proposals/{proposal.pk}/").content.decode()
    local = given.starts_at.astimezone(SHANGHAI)
    assert "Your beamtime" in page and f"{given.instrument.code}</strong>: {local:%Y-%m-%d %H:%M}" in page
    assert (
        f"{proposal.reference}-R1</strong>: No free 6-shift block between 1 Oct and 1 Dec on BL01 or BL02"
        in page
    )
    feed = CalendarFeed.objects.get(user=_pi(decided))
    assert f'value="http://testserver/calendars/feed/{feed.token}.ics"' in page
    assert f'href="webcal://testserver/calendars/feed/{feed.token}.ics"' in page
    mine = client.get("/proposals/").content.decode()
    assert "Your beamtime in your calendar" in mine and feed.token in mine


def test_the_reason_is_in_the_readers_language(decided, django_capture_on_commit_callbacks):
    _published(decided, django_capture_on_commit_callbacks)
    proposal = decided.proposals["A"]
    client = signed_in(_pi(decided))
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    page = client.get(f"/proposals/{proposal.pk}/").content.decode()
    with translation.override("zh-hans"):
        reason = selectors.proposal_outcome(proposal).unscheduled[0][1]
    assert "您的机时" in page and "申请未被排入的原因" in page and reason in page


def test_the_officer_reading_the_proposal_sees_no_team_feed(
    officer, decided, django_capture_on_commit_callbacks
):
    _published(decided, django_capture_on_commit_callbacks)
    page = officer.get(f"/proposals/{decided.proposals['A'].pk}/").content.decode()
    assert 'id="schedule"' not in page and not CalendarFeed.objects.filter(user=decided.officer).exists()


def test_the_calls_page_links_the_officer_to_the_allocation_and_nobody_else(officer, decided, manager):
    cycle = decided.call.cycle
    link = f'href="/allocation/cycles/{cycle.pk}/"'
    assert link in officer.get("/calls/manage/").content.decode()
    assert link in officer.get(f"/calls/{decided.call.pk}/dashboard/").content.decode()
    assert (
        link not in signed_in(manager).get("/calls/manage/").content.decode()
    )  # runs calls, not the allocation


def test_a_new_feed_address_replaces_the_old_one(decided, django_capture_on_commit_callbacks):
    _published(decided, django_capture_on_commit_callbacks)
    proposal = decided.proposals["A"]
    client = signed_in(_pi(decided))
    client.get(f"/proposals/{proposal.pk}/")
    old = CalendarFeed.objects.get(user=_pi(decided)).token
    assert client.get(f"/calendars/feed/{old}.ics").status_code == 200
    response = client.post("/allocation/calendar/new-address/", {"next": f"/proposals/{proposal.pk}/"})
    assert response.status_code == 302 and response["Location"] == f"/proposals/{proposal.pk}/"
    new = CalendarFeed.objects.get(user=_pi(decided)).token
    assert new != old and new in client.get(f"/proposals/{proposal.pk}/").content.decode()
    assert client.get(f"/calendars/feed/{old}.ics").status_code == 404
    away = client.post("/allocation/calendar/new-address/", {"next": "https://elsewhere.example/"})
    assert away["Location"] == "/proposals/"  # never sent off the site
