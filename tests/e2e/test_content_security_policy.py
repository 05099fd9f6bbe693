"""The site and the admin work under the Content-Security-Policy: no page trips it in a real browser."""

import pytest
from playwright.sync_api import Page, expect

from sciencecity.registry.models import Facility

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def violations(page: Page) -> list[str]:
    seen: list[str] = []
    page.on("console", lambda m: seen.append(m.text) if "Content Security Policy" in m.text else None)
    return seen


@pytest.fixture
def site(live_server, demo_map, personas) -> str:
    return live_server.url


def test_the_public_pages_and_live_search_run_without_violations(page: Page, site: str, violations):
    for path in ("/", "/facilities/fac-ssrf/", "/achievements/", "/api/docs"):
        page.goto(site + path)
        page.wait_for_load_state("networkidle")
    page.goto(site + "/search/")
    page.get_by_label("Search", exact=True).press_sequentially("BioSAXS", delay=20)
    expect(page.locator("#results")).to_contain_text("BL19U2")
    assert violations == []


def test_the_admin_runs_without_violations(page: Page, site: str, violations):
    page.goto(site + "/admin/login/")
    page.get_by_label("Username").fill("olga")
    page.get_by_label("Password").fill("correct-horse-battery")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Site administration")).to_be_visible()
    ssrf = Facility.objects.get(slug="fac-ssrf").pk
    for path in (
        "/admin/registry/facility/",
        f"/admin/registry/facility/{ssrf}/change/",
        "/admin/registry/achievement/add/",
        "/admin/registry/instrument/add/",
        "/admin/registry/facility/import/",
        "/admin/registry/facility/export/",
        f"/admin/registry/facility/{ssrf}/delete/",
    ):
        page.goto(site + path)
        page.wait_for_load_state("networkidle")
    assert violations == []
