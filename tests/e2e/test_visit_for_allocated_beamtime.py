"""Issue 9 part 3 in the browser: the team member opens the visit from the proposal page, registers, declares
a sample, completes the safety form and submits; the SSRF safety officer (sara) is refused approval because
the member lacks the radiation-safety course; carol (SSRF's facility manager) records the course on the
training staff page; sara approves; the day's site-access list shows the member.

The experiment is the allocation scene's published schedule; both sign in by session (the login page is
tested elsewhere).
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from sciencecity.accounts.models import User
from sciencecity.sitevisits.models import Visit
from tests.e2e.review_scene import session_cookie
from tests.e2e.visit_scene import visit_scene

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# Set to a folder (e.g. docs/screenshots) to save the site-access list in both languages.
SCREENSHOTS = os.environ.get("SCIENCECITY_SCREENSHOTS", "")


def _as(browser: Browser, site: str, user: User) -> Page:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_cookies([session_cookie(user, site)])  # type: ignore[list-item]
    return context.new_page()


def test_a_team_member_registers_is_trained_and_the_safety_officer_approves(
    browser: Browser, live_server, demo_map, personas
):
    site = live_server.url
    scene = visit_scene()
    allocation, pi = scene.allocation, scene.pi
    zone = timezone.get_current_timezone()
    start, end = timezone.localtime(allocation.starts_at, zone), timezone.localtime(allocation.ends_at, zone)
    name = pi.display_name or pi.username

    # 1. The PI follows the link beside the allocated dates and registers the visit.
    page = _as(browser, site, pi)
    page.goto(f"{site}/proposals/{allocation.proposal_id}/")
    page.get_by_role("link", name="Your visit: who comes, samples, safety form").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(allocation.instrument.code)
    page.get_by_role("button", name="Register the visit").click()
    form = page.locator("#register-form")
    form.get_by_label("Arrival").fill(start.strftime("%Y-%m-%dT%H:%M"))
    form.get_by_label("Departure").fill(end.strftime("%Y-%m-%dT%H:%M"))
    form.get_by_role("button", name="Register").click()
    expect(page.locator(f'#visitors tr[data-user="{pi.username}"]')).to_contain_text("missing")

    # 2. ... declares a sample with its hazard class, completes the safety form and submits.
    samples = page.locator("#sample-form")
    samples.get_by_label("Sample").fill("Lysozyme crystals in PEG")
    samples.get_by_label("Hazard class").select_option("chemical")
    samples.get_by_role("button", name="Declare").click()
    expect(page.locator("#samples")).to_contain_text("Lysozyme crystals in PEG")
    safety = page.locator("#safety-form")
    safety.get_by_label("Hazards acknowledged").check()
    safety.get_by_label("Sample handling and protective equipment").fill(
        "Nitrile gloves; capillaries sealed."
    )
    safety.get_by_label("Waste and what leaves with the team").fill("Crystals and PEG leave with the team.")
    safety.get_by_label(re.compile(r"^Emergency contact:?$")).fill("Lab head")
    safety.get_by_label("Emergency contact's telephone").fill("+86 21 5555 0100")
    safety.get_by_role("button", name="Save the safety form").click()
    page.get_by_role("button", name="Submit to the safety officer").click()
    expect(page.locator(".status")).to_contain_text("submitted")

    # 3. Sara finds it in her queue; approval is refused, naming the person and the course.
    officer = _as(browser, site, personas["sara"])
    officer.goto(site + "/site-visits/queue/")
    officer.get_by_role("link", name=allocation.proposal.reference).click()
    officer.get_by_role("button", name="Approve").click()
    expect(officer.get_by_role("alert")).to_contain_text(name)
    expect(officer.get_by_role("alert")).to_contain_text("SSRF radiation safety (example course)")
    assert Visit.objects.get().status == Visit.Status.SUBMITTED

    # 4. Carol, SSRF's facility manager, records the course on the training staff page.
    staff = _as(browser, site, personas["carol"])
    staff.goto(site + "/training/staff/")
    staff.get_by_label("Person").fill(pi.username)
    staff.get_by_role("combobox", name="Course").select_option(label="SSRF radiation safety (example course)")
    taken = start - dt.timedelta(days=30)  # before the stay: a record covers the days after it
    staff.get_by_label("Completed").fill(taken.strftime("%Y-%m-%dT%H:%M"))
    staff.get_by_role("button", name="Enter the record").click()
    expect(staff.locator(f'#records tr[data-user="{pi.username}"]')).to_be_visible()

    # 5. Sara approves; the team sees it; the site-access list of the first day shows the member.
    officer.goto(f"{site}/site-visits/visits/{Visit.objects.get().pk}/review/")
    officer.get_by_role("button", name="Approve").click()
    expect(officer.get_by_role("alert")).to_have_count(0)
    expect(officer.locator(".status").first).to_contain_text("approved")
    page.goto(f"{site}/site-visits/experiments/{allocation.pk}/")
    expect(page.locator(".status").first).to_contain_text("approved")
    day = start.date().isoformat()
    officer.goto(f"{site}/site-visits/facilities/fac-ssrf/site-access/?day={day}")
    row = officer.locator(f'#site-access tr[data-user="{pi.username}"]')
    expect(row).to_contain_text(allocation.proposal.reference)
    expect(row).to_contain_text(allocation.instrument.code)
    expect(row).to_contain_text("OK")
    if SCREENSHOTS:
        out = Path(SCREENSHOTS)
        officer.screenshot(path=out / "site-access-list.png", full_page=True)
        officer.context.add_cookies([{"name": "django_language", "value": "zh-hans", "url": site}])
        officer.reload()
        expect(officer.get_by_role("heading", level=1)).to_contain_text("入场名单")
        officer.screenshot(path=out / "site-access-list-zh.png", full_page=True)
    assert re.search(r"\d", officer.locator("#list-caption").inner_text())
