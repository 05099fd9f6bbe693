"""Issue 9's walk in the browser: Erin finds NFPS's cryo-EM, sees she lacks its training and is refused,
Ivan (its staff) records the course, Erin books 4 h, is refused a slot that overlaps Hao's booking, checks in
and out at the instrument, and Ivan sees her usage counted as external (UIH is not the owner, NCPSS).

Everyone signs in on the site's login page. The demo's open sharing (instruments, courses, a week of usage)
is built through the services first; off-stage, Ivan lets the cryo-EM be booked from the next quarter hour
on (so Erin's booking starts within the check-in window and she can check in now) and Hao books it later.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from sciencecity.accounting.models import UsageRecord
from sciencecity.accounts.models import User
from sciencecity.booking import services as booking
from sciencecity.booking.models import Booking
from sciencecity.demo.sharing import sharing_load
from sciencecity.registry.models import Instrument
from sciencecity.visits.models import TrainingRecord

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery"
CRYO = "ins-nfps-cryoem"
# Set to a folder (e.g. docs/screenshots) to save the qualification and usage pages in both languages.
SCREENSHOTS = os.environ.get("SCIENCECITY_SCREENSHOTS", "")


def _signed_in(browser: Browser, site: str, username: str) -> Page:
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.goto(site + "/accounts/login/")
    page.locator("input[name=login]").fill(username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page).to_have_url(re.compile(r"/accounts/profile/$"))
    return page


def _screenshots(page: Page, site: str, path: str, name: str) -> None:
    if not SCREENSHOTS:
        return
    out = Path(SCREENSHOTS)
    page.goto(site + path)
    page.screenshot(path=out / f"{name}.png", full_page=True)
    page.context.add_cookies([{"name": "django_language", "value": "zh-hans", "url": site}])
    page.goto(site + path)
    page.screenshot(path=out / f"{name}-zh.png", full_page=True)
    page.context.clear_cookies(name="django_language")


def _book_first_free_slot(page: Page, site: str, day: dt.date) -> None:
    """The first free slot of that day (the day of the next quarter hour: after 23:45 that is tomorrow)."""
    page.goto(f"{site}/instruments/{CRYO}/booking/?view=day&date={day:%Y-%m-%d}")
    page.locator("a.slot-link", has_text="free").first.click()
    page.get_by_label("Length").select_option(label="4 h")
    page.get_by_role("button", name="Book", exact=True).click()


def test_erin_is_trained_books_four_hours_on_the_cryo_em_and_checks_in_and_out(
    browser: Browser, live_server, demo_map, personas
):
    site = live_server.url
    erin, ivan = personas["erin"], personas["ivan"]
    sharing_load(personas)
    cryo = Instrument.objects.get(slug=CRYO)
    booking.booking_rule_update(
        actor=ivan,
        instrument=cryo,
        changes={"slot_minutes": 15, "min_minutes": 60, "max_minutes": 480, "lead_minutes": 0},
        periods=[],  # around the clock: the test runs at any hour
    )
    # Hao Chen (an example user trained on it) holds the cryo-EM from five to seven hours after the next
    # quarter hour, where Erin's 4 h will start.
    now = timezone.now()
    quarter = now.replace(second=0, microsecond=0) + dt.timedelta(minutes=15 - now.minute % 15)
    day = timezone.localtime(quarter).date()
    hao = User.objects.get(username="example-hao-chen")
    booking.booking_create(
        actor=hao, instrument=cryo, start=quarter + dt.timedelta(hours=5), end=quarter + dt.timedelta(hours=7)
    )

    # 1. Erin finds the cryo-EM on NFPS's page and opens its booking calendar: she lacks its induction.
    page = _signed_in(browser, site, "erin")
    page.goto(site + "/search/?q=cryo")
    page.get_by_role("link", name=re.compile("NFPS")).first.click()
    row = page.get_by_role("row", name=re.compile("EM-CRYO-1"))
    row.get_by_role("link", name="Booking calendar").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Cryo-electron microscope")
    needs = page.locator("#training-needs")
    expect(needs.locator('[data-course="course-nfps-cryoem"]')).to_contain_text("you lack it")
    expect(needs.locator('[data-course="course-nfps-lab-safety"]')).to_contain_text("held")
    needs.get_by_role("link", name="My qualifications").click()
    card = page.locator(f'[data-instrument="{CRYO}"]')
    expect(card.locator('[data-course="course-nfps-cryoem"]')).to_be_visible()
    expect(page.locator("#held")).to_contain_text("High-field NMR safety and operation")
    _screenshots(page, site, f"/training/?instrument={CRYO}", "qualifications")

    # ... and booking is refused, naming the course.
    _book_first_free_slot(page, site, day)
    expect(page.get_by_role("alert")).to_contain_text("Cryo-EM user induction")
    assert not Booking.objects.filter(instrument=cryo, user=erin).exists()

    # 2. Ivan, the cryo-EM's instrument scientist, records that Erin took the induction an hour ago.
    staff = _signed_in(browser, site, "ivan")
    staff.goto(site + "/training/staff/")
    taken = timezone.localtime(timezone.now() - dt.timedelta(hours=1))
    staff.get_by_label("Person").fill("erin")
    staff.get_by_role("combobox", name="Course").select_option(
        label="Cryo-EM user induction (example course)"
    )
    staff.get_by_label("Completed").fill(taken.strftime("%Y-%m-%dT%H:%M"))
    staff.get_by_role("button", name="Enter the record").click()
    expect(staff.locator('#records tr[data-user="erin"][data-course="course-nfps-cryoem"]')).to_be_visible()
    record = TrainingRecord.objects.get(user=erin, course__slug="course-nfps-cryoem")
    assert record.entered_by == ivan and record.expires_at == record.completed_at + dt.timedelta(days=365)

    # 3. Erin now holds it, books 4 h from the next free quarter hour, and is refused an overlapping slot.
    page.goto(f"{site}/instruments/{CRYO}/booking/")
    expect(page.locator('#training-needs [data-course="course-nfps-cryoem"]')).to_contain_text("held")
    _book_first_free_slot(page, site, day)
    expect(page.locator(".messages")).to_contain_text("Booked.")
    mine = Booking.objects.get(instrument=cryo, user=erin)
    assert mine.status == "confirmed" and mine.end - mine.start == dt.timedelta(hours=4)
    assert mine.start == quarter or mine.start == quarter + dt.timedelta(minutes=15)  # the clock may tick
    # The first free slot after hers is the end of her booking; four hours from there run into Hao's.
    after = timezone.localtime(mine.end)
    page.goto(f"{site}/instruments/{CRYO}/booking/?view=day&date={after:%Y-%m-%d}")
    page.locator("a.slot-link", has_text="free").first.click()
    expect(page.locator(".lead")).to_contain_text(f"{after:%Y-%m-%d %H:%M}")
    page.get_by_label("Length").select_option(label="4 h")
    page.get_by_role("button", name="Book", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text("already booked for part of that time")
    assert Booking.objects.filter(instrument=cryo, user=erin).count() == 1
    assert Booking.objects.filter(instrument=cryo, start__gte=quarter, status="confirmed").count() == 2

    # 4. At the instrument, Erin checks in, then out.
    page.goto(site + "/usage/mine/")
    row = page.locator(f'#current tr[data-booking="{mine.pk}"]')
    row.get_by_role("button", name="Check in").click()
    expect(page.locator(".messages")).to_contain_text("Checked in.")
    page.locator(f'#current tr[data-booking="{mine.pk}"]').get_by_role("button", name="Check out").click()
    expect(page.locator(".messages")).to_contain_text("Checked out.")
    used = UsageRecord.objects.get(booking=mine)
    assert used.actual_start and used.actual_end and used.actual_end > used.actual_start
    assert used.organisation is not None and used.organisation.slug == "org-uih"

    # 5. Ivan sees her session on the cryo-EM's usage page, counted as external service.
    staff.goto(f"{site}/usage/?instrument={CRYO}")
    expect(staff.get_by_role("heading", level=1)).to_have_text("Instrument usage")
    session = staff.locator('#sessions tr[data-user="erin"]')
    expect(session).to_have_attribute("data-side", "external")
    expect(session).to_contain_text("United Imaging")
    expect(staff.locator("#usage-chart svg")).to_be_visible()
    expect(staff.locator('#usage-table tr[data-code="EM-CRYO-1"]')).to_be_visible()
    _screenshots(staff, site, "/usage/", "usage")
    page.context.close()
    staff.context.close()
