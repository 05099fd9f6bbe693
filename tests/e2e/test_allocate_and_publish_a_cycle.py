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
from django.utils import timezone
from icalendar import Calendar
from playwright.sync_api import Browser, Page, expect

from sciencecity.accounts.models import User
from sciencecity.demo.calls import calls_load
from sciencecity.proposals.models import Call, Cycle, Proposal
from sciencecity.registry.models import Instrument
from sciencecity.scheduling import shifts
from sciencecity.scheduling.models import Allocation, AllocationRun
from tests.e2e.proposal_pages import sign_in

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


def _shot(page: Page, url: str, name: str, *, full_page: bool = True, hover: str = "") -> None:
    """The page in English, then in Chinese (the language cookie), as docs/screenshots/<name>[-zh].png."""
    out = Path(SCREENSHOTS)
    for language, suffix in (("en", ""), ("zh-hans", "-zh")):
        page.context.add_cookies([{"name": "django_language", "value": language, "url": url}])
        page.goto(url)
        page.wait_for_timeout(500)  # the charts draw after DOMContentLoaded
        if hover:  # show the tooltip of this request's bar
            page.locator("#gantt").scroll_into_view_if_needed()
            page.mouse.move(*page.evaluate(_BAR_AT, [hover, None]))
            page.wait_for_timeout(300)
        page.screenshot(path=out / f"{name}{suffix}.png", full_page=full_page)


def _screenshots(browser: Browser, site: str, dan: User, run: AllocationRun) -> None:
    """The run page with its live bar (a run a worker is solving), the Gantt, a proposer's "why not"."""
    now = timezone.now()
    running = AllocationRun.objects.create(
        cycle=run.cycle,
        call=run.call,
        method="best",
        time_limit_s=120,
        status="running",
        created_by=dan,
        started_at=now,
        heartbeat_at=now,
        problem=run.problem,
        objective=(run.objective or 0) * 0.94,
        bound=(run.objective or 0) * 1.02,
        gap=1 - 0.94 / 1.02,
        elapsed_s=47.3,
        stage="model",
    )
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    sign_in(context, dan, site)
    page = context.new_page()
    _shot(page, f"{site}/allocation/runs/{running.pk}/", "run-live-bar")
    pinned = run.problem["pins"][0]["request"]
    _shot(page, f"{site}/allocation/runs/{run.pk}/schedule/", "gantt", full_page=False, hover=pinned)
    context.close()
    AllocationRun.objects.filter(pk=running.pk).update(status="cancelled")
    left_out = Proposal.objects.filter(call=run.call, status="not_allocated").order_by("reference").first()
    assert left_out is not None
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    sign_in(context, left_out.members.get(role="pi").user, site)  # type: ignore[arg-type]
    _shot(context.new_page(), f"{site}/proposals/{left_out.pk}/", "why-not-scheduled")
    context.close()


def test_dan_allocates_the_ranked_call_pins_reruns_publishes_and_alice_sees_her_dates(
    browser: Browser, live_server, demo_map, personas
):
    site = live_server.url
    calls_load(personas)
    call = Call.objects.get(cycle__facility__slug="fac-ssrf", cycle__name="2026-I")
    cycle = call.cycle
    alices = Proposal.objects.get(call=call, members__user=personas["alice"], members__role="pi")

    # 1. Dan goes from the calls he runs to the allocation of cycle 2026-I, adds a maintenance day to its
    # machine calendar (the demo seeded a typical one) and starts a run.
    page = _signed_in(browser, site, "dan")
    page.goto(site + "/calls/manage/")
    page.get_by_role("link", name="Allocate 2026-I", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Allocation of SSRF 2026-I")
    page.get_by_role("link", name="Machine calendar").click()
    typical = cycle.calendar_blocks.count()
    assert typical > 0
    expect(page.locator('#blocks-table tr[data-kind="down"]')).to_have_count(typical)
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
    mover, holder = _mover_and_holder(placed, alice_key, first.problem)
    at = shifts.shift_start(cycle, placed[holder]["start"]).astimezone(_zone(cycle))
    mover_row = page.locator(f"#request-{mover}")
    mover_row.get_by_text("Pin…").click()
    mover_row.get_by_label("Instrument").select_option(label=_code(placed[holder]["instrument"]))
    mover_row.get_by_label("First day").fill(f"{at:%Y-%m-%d}")
    mover_row.get_by_label("First shift").select_option(f"{at:%H:%M}")
    mover_row.get_by_role("button", name=re.compile("^Pin")).click()
    expect(page.locator(f"#pin-answer-{mover} .refusal")).to_contain_text(holder)
    assert not cycle.pins.exists()
    # A bar dragged to the cycle's first day (outside the team's dates, or else in the demo calendar's
    # start-up shutdown) is refused the same way, its answer under the chart.
    page.locator("#gantt").scroll_into_view_if_needed()
    start = page.evaluate(_BAR_AT, [mover, None])
    target = page.evaluate(_BAR_AT, [mover, shifts.shift_start(cycle, 3).timestamp() * 1000])
    page.mouse.move(*start)
    page.mouse.down()
    page.mouse.move(target[0], start[1], steps=8)
    page.mouse.up()
    expect(page.locator("#gantt-answer .refusal")).to_contain_text(
        re.compile("Outside the team's dates|The instrument is closed")
    )
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

    if SCREENSHOTS:
        _screenshots(browser, site, personas["dan"], second)

    # 6. Nobody else reaches the allocation: sid (SHINE's user office) and alice get a 404.
    for name in ("sid", "alice"):
        page = _signed_in(browser, site, name)
        _expect_not_found(page, f"{site}/allocation/cycles/{cycle.pk}/")
        _expect_not_found(page, f"{site}/allocation/runs/{second.pk}/schedule/")
        page.context.close()


# The page position of a request's bar in the Gantt (its middle, or at instant `at`, ms since the epoch).
_BAR_AT = """([key, at]) => {
    const box = document.getElementById("gantt");
    const chart = echarts.getInstanceByDom(box);
    const row = document.querySelector(`#gantt-table tr[data-request="${key}"]`);
    const index = chart.getOption().yAxis[0].data.indexOf(row.dataset.instrument);
    const when = at === null ? (Date.parse(row.dataset.start) + Date.parse(row.dataset.end)) / 2 : at;
    const [x, y] = chart.convertToPixel({seriesIndex: 0}, [when, index]);
    const frame = box.getBoundingClientRect();
    return [frame.left + box.clientLeft + x, frame.top + box.clientTop + y];
}"""


def _zone(cycle: Cycle) -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(cycle.time_zone)


def _code(slug: str) -> str:
    return Instrument.objects.get(slug=slug).code


def _mover_and_holder(placed: dict[str, dict], besides: str, problem: dict) -> tuple[str, str]:
    """Two placed requests (neither `besides`) on one instrument, the mover fitting the team's dates and the
    calendar at the holder's start, so that only the holder is in the way; the longest such mover (its bar
    is easy to grab)."""
    requests = {r["id"]: r for r in problem["requests"]}
    down = {i["id"]: i["down"] for i in problem["instruments"]}

    def fits(mover: dict, start: int, instrument: str) -> bool:
        end = start + mover["shifts"] - 1
        inside = mover["earliest"] <= start and end <= mover["latest"]
        closed = [*mover.get("blocked", []), *down[instrument]]
        return inside and not any(a <= end and start <= b for a, b in closed)

    def in_the_way(mover: str, start: int, instrument: str) -> set[str]:
        """The other placements the mover would overlap, put at `start` on `instrument`."""
        end = start + requests[mover]["shifts"] - 1
        return {
            k
            for k, a in placed.items()
            if k != mover
            and a["instrument"] == instrument
            and a["start"] <= end
            and start <= a["start"] + requests[k]["shifts"] - 1
        }

    pairs = [
        (m, h)
        for m, at in placed.items()
        for h, other in placed.items()
        if besides not in (m, h) and m != h and at["instrument"] == other["instrument"]
        if fits(requests[m], other["start"], other["instrument"])
        # only the holder: a longer mover would also reach the next placement, and the refusal names one
        if in_the_way(m, other["start"], other["instrument"]) == {h}
    ]
    return max(pairs, key=lambda pair: (requests[pair[0]]["shifts"], pair))
