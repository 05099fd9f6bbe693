"""Back after filtering the exhibition shows the list and the filters of the same address."""

import pytest
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site(live_server, demo_map) -> str:
    return live_server.url


def _filter_twice_then_go_back(page: Page, site: str) -> None:
    page.get_by_label("Category").select_option("medical_device")
    expect(page).to_have_url(site + "/achievements/?category=medical_device&year=&first_kind=&field=")
    expect(page.locator("#results")).not_to_contain_text("C919")
    page.get_by_label("Year").select_option("2022")
    expect(page.locator("#results")).not_to_contain_text("uEXPLORER")
    page.go_back()
    expect(page).to_have_url(site + "/achievements/?category=medical_device&year=&first_kind=&field=")


def test_back_restores_the_filters_of_the_address_from_the_history_cache(page: Page, site: str):
    page.goto(site + "/achievements/")
    _filter_twice_then_go_back(page, site)
    expect(page.locator("#results")).to_contain_text("uEXPLORER")
    expect(page.get_by_label("Category")).to_have_value("medical_device")
    expect(page.get_by_label("Year")).to_have_value("")


def test_back_after_a_history_cache_miss_gets_the_whole_page(page: Page, site: str):
    page.goto(site + "/achievements/")
    page.wait_for_function("window.htmx !== undefined")
    page.evaluate("htmx.config.historyCacheSize = 0")  # every Back asks the server
    _filter_twice_then_go_back(page, site)
    expect(page.get_by_role("heading", level=1)).to_have_text("Achievements exhibition")
    expect(page.locator("header.site-header")).to_have_count(1)
    expect(page.locator("#results")).to_contain_text("uEXPLORER")
    expect(page.get_by_label("Category")).to_have_value("medical_device")
    expect(page.get_by_label("Year")).to_have_value("")
