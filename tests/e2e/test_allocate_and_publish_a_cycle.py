"""Issue 8's walk through an allocation, in the browser, on the demo's ranked SSRF call of cycle 2026-I.

Dan signs in, goes from his calls to the cycle's allocation, starts a run and watches it to its end (tasks
run at once in tests, so the bar he sees is the final one; the live bar's polling is tested on its own in
scheduling/tests/pages), opens the Gantt, pins one request (a refused pin first, with its reason), runs
again (the new run keeps the pin) and publishes. Alice then sees her dates and her calendar feed's
address on her proposal, and the feed parses as iCalendar with her dates in it.

SCIENCECITY_SCREENSHOTS=docs/screenshots also saves the pages' screenshots in English and Chinese.
"""

from __future__ import annotations

import os
import re
import zoneinfo
from pathlib import Path

import pytest
from icalendar import Calendar
from playwright.sync_api import Browser, Page, expect

from sciencecity.demo.calls import calls_load
from sciencecity.proposals.models import Call, Cycle, Proposal
from sciencecity.registry.models import Instrument
from sciencecity.scheduling import shifts
from sciencecity.scheduling.models import Allocation, AllocationRun

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery"
SCREENSHOTS = os.environ.get("SCIENCECITY_SCREENSHOTS", "")


def _signed_in(browser: Browser, site: str, username: str, width: int = 1280) -> Page:
    page = browser.new_context(viewport={"width": width, "height": 900}).new_page()
    page.goto(site + "/accounts/login/")
    page.locator("input[name=login]").fill(username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page).to_have_url(re.compile(r"/accounts/profile/$"))
    return page


def _expect_not_found(page: Page, url: str) -> None:
    response = page.goto(url)
    assert response is not None and response.status == 404, url


def _shot(page: Page, name: str) -> None:
    """The page in English, then in Chinese (the language cookie), as docs/screenshots/<name>[-zh].png."""
    if not SCREENSHOTS:
        return
    out = Path(SCREENSHOTS)
    page.screenshot(path=out / f"{name}.png", full_page=True)
    page.context.add_cookies([{"name": "django_language", "value": "zh-hans", "url": page.url}])
    page.reload()
    page.wait_for_load_state("networkidle")
    page.screenshot(path=out / f"{name}-zh.png", full_page=True)
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": page.url}])
    page.reload()


def test_dan_allocates_the_ranked_call_pins_reruns_publishes_and_alice_sees_her_dates(
    browser: Browser, live_server, demo_map, personas
):
    site = live_server.url
    calls_load(personas)
    call = Call.objects.get(cycle__facility__slug="fac-ssrf", cycle__name="2026-I")
    cycle = call.cycle
    alices = Proposal.objects.get(call=call, members__user=personas["alice"], members__role="pi")

    # 1. Dan goes from the calls he runs to the allocation of cycle 2026-I, sets up its machine calendar
    # (a typical one, plus a maintenance day of his own) and starts a run.
    page = _signed_in(browser, site, "dan")
    page.goto(site + "/calls/manage/")
    page.get_by_role("link", name="Allocate 2026-I", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Allocation of SSRF 2026-I")
    page.get_by_role("link", name="Machine calendar").click()
    page.get_by_role("button", name="Start from a typical calendar").click()
    expect(page.get_by_role("status").first).to_contain_text("blocks added")
    typical = cycle.calendar_blocks.count()
    form = page.locator("form", has=page.get_by_role("button", name="Add the block"))
    form.get_by_label("Instrument").select_option(label="BL09U")
    form.get_by_label("Kind").select_option("maintenance")
    form.get_by_label("From (day)").fill("2026-06-10")
    form.get_by_label("From (shift start)").select_option("08:00")
    form.get_by_label("Until (day)").fill("2026-06-11")
    form.get_by_label("Until (shift start)").select_option("08:00")
    form.get_by_label("Note").fill("Undulator gap drive")
    form.get_by_role("button", name="Add the block").click()
    expect(page.locator("#blocks-table")).to_contain_text("Undulator gap drive")
    assert cycle.calendar_blocks.count() == typical + 1
    expect(page.locator("#calendar-gantt svg")).to_be_visible()
    page.get_by_role("link", name="Runs").click()
    page.get_by_label("Method").select_option("greedy+repair")
    page.get_by_label("Time limit (seconds)").fill("20")
    page.get_by_role("button", name="Start the run").click()
    first = AllocationRun.objects.get()
    expect(page).to_have_url(f"{site}/allocation/runs/{first.pk}/")
    progress = page.locator("#run-progress")
    expect(progress).to_have_attribute("data-status", "done")
    expect(progress.get_by_role("status")).to_contain_text("done")
    expect(page.locator("#run-bar")).to_have_attribute("value", "1.000")
    expect(progress.locator("[data-figure=objective]")).to_have_text(f"{first.objective:.2f}")
    expect(page.locator("#figures-chart svg")).to_be_visible()
    expect(page.locator("#figures-table")).to_contain_text("Top 10 per cent of the ranking served")

    # 2. The Gantt: a bar per placement, drawn from the table below it; the requests table beside.
    page.get_by_role("link", name=re.compile("Inspect the schedule")).click()
    expect(page.locator("#gantt svg")).to_be_visible()
    placed = {a["request"]: a for a in (first.solution or {})["assignments"]}
    expect(page.locator('#gantt-table tr[data-kind="booked"]')).to_have_count(len(placed))
    alice_key = next(k for k in placed if k.startswith(alices.reference))
    row = page.locator(f"#request-{alice_key}")
    expect(row).to_contain_text("BL19U2")

    # 3. A pin onto another request's place is refused at once, saying what is in the way; then Dan pins
    # Alice's request where it is, and the pin is listed.
    mover, holder = _two_on_one_instrument(placed, alice_key)
    at = shifts.shift_start(cycle, placed[holder]["start"]).astimezone(_zone(cycle))
    mover_row = page.locator(f"#request-{mover}")
    mover_row.get_by_text("Pin…").click()
    mover_row.get_by_label("Instrument").select_option(label=_code(placed[holder]["instrument"]))
    mover_row.get_by_label("First day").fill(f"{at:%Y-%m-%d}")
    mover_row.get_by_label("First shift").select_option(f"{at:%H:%M}")
    mover_row.get_by_role("button", name=re.compile("^Pin")).click()
    expect(page.locator(f"#pin-answer-{mover} .refusal")).to_contain_text(holder)
    assert not cycle.pins.exists()
    row.get_by_text("Pin…").click()
    row.get_by_role("button", name=re.compile("^Pin")).click()
    expect(page.locator(f"#pin-answer-{alice_key} .accepted")).to_contain_text("Pinned to BL19U2")
    pin = cycle.pins.get()
    assert (pin.request_key, pin.start_shift) == (alice_key, placed[alice_key]["start"])
    page.goto(f"{site}/allocation/cycles/{cycle.pk}/pins/")
    expect(page.locator("#pins-table")).to_contain_text(alice_key)

    # 4. A second run keeps the pin; Dan publishes it, confirming first.
    page.goto(f"{site}/allocation/cycles/{cycle.pk}/")
    page.get_by_label("Method").select_option("greedy")
    page.get_by_label("Time limit (seconds)").fill("10")
    page.get_by_role("button", name="Start the run").click()
    second = AllocationRun.objects.exclude(pk=first.pk).get()
    expect(page.locator("#run-progress")).to_have_attribute("data-status", "done")
    assert second.problem["pins"] == [pin.as_problem_pin()]
    kept = next(a for a in (second.solution or {})["assignments"] if a["request"] == alice_key)
    assert kept["start"] == pin.start_shift
    page.get_by_label("I have checked the schedule and want to publish it.").check()
    page.get_by_role("button", name="Publish the schedule").click()
    expect(page.get_by_role("status").first).to_contain_text("published")
    second.refresh_from_db()
    assert second.published_at is not None
    mine = Allocation.objects.get(run=second, request_key=alice_key)
    page.context.close()

    # 5. Alice sees her dates on her proposal, in the facility's time, and her feed, which parses back.
    page = _signed_in(browser, site, "alice")
    page.goto(f"{site}/proposals/{alices.pk}/")
    dates = page.locator("#schedule")
    expect(dates).to_contain_text("BL19U2")
    expect(dates).to_contain_text(f"{mine.starts_at.astimezone(_zone(cycle)):%Y-%m-%d %H:%M}")
    feed_url = page.locator("#feed-url").input_value()
    feed = page.request.get(feed_url)
    assert feed.ok and feed.headers["content-type"].startswith("text/calendar")
    events = [e for e in Calendar.from_ical(feed.body()).walk("VEVENT")]
    assert any(e.decoded("dtstart") == mine.starts_at for e in events)
    page.context.close()

    # 6. Nobody else reaches the allocation: sid (SHINE's user office) and alice get a 404.
    for name in ("sid", "alice"):
        page = _signed_in(browser, site, name)
        _expect_not_found(page, f"{site}/allocation/cycles/{cycle.pk}/")
        _expect_not_found(page, f"{site}/allocation/runs/{second.pk}/schedule/")
        page.context.close()


def _zone(cycle: Cycle) -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(cycle.time_zone)


def _code(slug: str) -> str:
    return Instrument.objects.get(slug=slug).code


def _two_on_one_instrument(placed: dict[str, dict], besides: str) -> tuple[str, str]:
    """Two placed requests (neither `besides`) that the same instrument serves: the first may move onto it."""
    by_instrument: dict[str, list[str]] = {}
    for key, a in sorted(placed.items()):
        if key != besides:
            by_instrument.setdefault(a["instrument"], []).append(key)
    mover, holder = next(keys[:2] for keys in by_instrument.values() if len(keys) >= 2)
    return mover, holder
