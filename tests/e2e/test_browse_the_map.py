"""A visitor's walk through the innovation map, in a real browser."""

import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site(live_server, demo_map) -> str:
    return live_server.url


def test_a_visitor_searches_synchrotron_and_reaches_the_beamlines(page: Page, site: str):
    page.goto(site + "/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("innovation center")
    page.get_by_role("searchbox", name="Search the innovation map").fill("synchrotron")
    page.get_by_role("button", name="Search", exact=True).click()
    page.get_by_role("link", name="Shanghai Synchrotron Radiation Facility (SSRF)").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Shanghai Synchrotron Radiation Facility (SSRF)"
    )
    stations = page.get_by_role("table")
    for code in ("BL02U1", "BL09U", "BL10U1", "BL16B1", "BL19U2"):
        expect(stations.get_by_role("rowheader", name=code)).to_be_visible()


def test_live_search_updates_results_while_typing(page: Page, site: str):
    page.goto(site + "/search/")
    page.get_by_label("Search", exact=True).press_sequentially("BioSAXS", delay=20)
    expect(page.locator("#results")).to_contain_text("BL19U2")
    expect(page).to_have_url(re.compile(r"[?&]q=BioSAXS(&|$)"))


def test_filtering_the_exhibition_swaps_results_in_place(page: Page, site: str):
    page.goto(site + "/achievements/")
    page.get_by_label("Category").select_option("medical_device")
    expect(page.locator("#results")).to_contain_text("uEXPLORER")
    expect(page.locator("#results")).not_to_contain_text("C919")
    expect(page).to_have_url(re.compile(r"[?&]category=medical_device(&|$)"))


def test_the_language_switch_turns_the_page_chinese_and_back(page: Page, site: str):
    page.goto(site + "/facilities/fac-ssrf/")
    page.get_by_role("button", name="简体中文").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("上海光源")
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Shanghai Synchrotron Radiation Facility (SSRF)"
    )


def test_the_home_page_fits_a_phone_screen(browser, site: str):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(site + "/")
    width = page.evaluate("document.documentElement.scrollWidth")
    context.close()
    assert width <= 390
