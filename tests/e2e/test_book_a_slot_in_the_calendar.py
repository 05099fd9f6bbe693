"""Erin books a free slot from the cryo-EM's week view in the browser, sees it highlighted as hers, pages
through the weeks (htmx, the address follows), and is refused a slot that overlaps her booking.

With BOOKING_SCREENSHOTS=<folder> the week view is also saved there in English and Chinese.
"""

import datetime as dt
import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from sciencecity.booking.models import Booking
from tests.e2e.booking_scene import booking_scene, on
from tests.e2e.proposal_pages import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_erin_books_a_free_slot_of_the_week_view_and_sees_it_as_hers(
    browser: Browser, live_server, demo_map, personas
):
    scene = booking_scene(personas)
    site = live_server.url
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    sign_in(context, personas["erin"], site)
    page = context.new_page()
    calendar = f"{site}/instruments/{scene.instrument.slug}/booking/?date={scene.monday}"

    # From the facility page to the calendar.
    page.goto(f"{site}/facilities/fac-ssrf/")
    page.get_by_role("link", name="Booking calendar").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Example cryo-electron microscope")
    page.goto(calendar)
    friday = scene.monday + dt.timedelta(days=4)
    page.get_by_role("link", name=re.compile(f"book {friday} 10:00")).click()
    page.get_by_label("Length").select_option(label="4 h")
    page.get_by_role("button", name="Book", exact=True).click()
    expect(page).to_have_url(re.compile(r"/booking/mine/$"))
    expect(page.get_by_role("status")).to_contain_text("Booking requested")
    booking = Booking.objects.get(user=personas["erin"], start=on(friday, 10))
    assert booking.end == on(friday, 14) and booking.status == Booking.Status.REQUESTED  # approval is needed

    page.goto(calendar)
    expect(page.locator("td.slot-mine")).to_have_count(8)  # Tuesday 09-13 and Friday 10-14, hour slots

    # An overlapping slot: her own Tuesday booking is marked hers, another's is taken; taking one is refused.
    page.goto(
        f"{site}/instruments/{scene.instrument.slug}/booking/book/?start={on(friday, 12).isoformat().replace('+', '%2B')}"
    )
    page.get_by_role("button", name=re.compile("Book|Join")).click()
    expect(page.get_by_role("alert")).to_contain_text("already booked")

    # Paging is htmx: the calendar swaps and the address follows.
    page.goto(calendar)
    page.get_by_role("link", name="Next week ›").click()
    following = scene.monday + dt.timedelta(days=7)
    expect(page).to_have_url(re.compile(f"date={following}"))
    expect(page.locator("#cal-h")).to_contain_text(str(following))

    if folder := os.environ.get("BOOKING_SCREENSHOTS"):
        for language, name in (("en", "booking-calendar-en"), ("zh-hans", "booking-calendar-zh")):
            context.add_cookies([{"name": "django_language", "value": language, "url": site}])
            page.goto(calendar)
            page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)
        page.set_viewport_size({"width": 390, "height": 844})
        page.goto(
            f"{site}/instruments/{scene.instrument.slug}/booking/?view=day&date={scene.monday + dt.timedelta(days=1)}"
        )
        page.screenshot(path=str(Path(folder) / "booking-day-phone-zh.png"), full_page=True)
    context.close()
