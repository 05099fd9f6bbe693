"""Erin books a free slot from the cryo-EM's week view in the browser and sees it highlighted as hers, is
refused a booking that runs into it, joins the waiting list for a taken slot, and pages through the weeks
(htmx: the address follows).

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
    page.get_by_role("row", name=re.compile("CRYO-1")).get_by_role("link", name="Booking calendar").click()
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

    # Friday 09:00 is free, but three hours from it run into her own booking: refused, with the reason.
    page.get_by_role("link", name=re.compile(f"book {friday} 09:00")).click()
    page.get_by_label("Length").select_option(label="3 h")
    page.get_by_role("button", name="Book", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text("already booked")
    assert Booking.objects.filter(user=personas["erin"]).count() == 2

    # A taken slot offers the waiting list instead.
    page.goto(calendar)
    wednesday = scene.monday + dt.timedelta(days=2)
    page.get_by_role("link", name=re.compile(f"waiting list for {wednesday} 10:00")).click()
    page.get_by_role("button", name="Join the waiting list").click()
    expect(page.get_by_role("status")).to_contain_text("You are on the waiting list")

    # Paging is htmx: the calendar swaps and the address follows.
    page.goto(calendar)
    page.get_by_role("link", name=re.compile("Next week")).click()
    following = scene.monday + dt.timedelta(days=7)
    expect(page).to_have_url(re.compile(f"date={following}"))
    expect(page.locator("#cal-h")).to_contain_text(str(following))

    if folder := os.environ.get("BOOKING_SCREENSHOTS"):
        for language, name in (("en", "booking-calendar-en"), ("zh-hans", "booking-calendar-zh")):
            context.add_cookies([{"name": "django_language", "value": language, "url": site}])
            page.goto(calendar)
            page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)
        page.set_viewport_size({"width": 390, "height": 844})
        tuesday = scene.monday + dt.timedelta(days=1)
        page.goto(f"{site}/instruments/{scene.instrument.slug}/booking/?view=day&date={tuesday}")
        page.screenshot(path=str(Path(folder) / "booking-day-phone-zh.png"), full_page=True)
    context.close()
