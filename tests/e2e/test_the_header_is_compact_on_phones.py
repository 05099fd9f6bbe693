"""The site header on phones and desktops: one line of navigation, a short header, a whole search hint."""

import pytest
from playwright.sync_api import Browser, Page

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# Brand and language, navigation, search: three rows of about 40 px each on a phone.
PHONE_HEADER_MAX_HEIGHT = 150


@pytest.fixture
def site(live_server, demo_map) -> str:
    return live_server.url


def _measure(page: Page) -> dict:
    return page.evaluate(
        """() => {
            const header = document.querySelector('header.site-header');
            // What is shown: an entry hidden on phones (display: none) has no place to measure.
            const links = [...header.querySelectorAll('nav a')].filter(a => a.getClientRects().length > 0);
            const input = document.getElementById('site-search');
            input.value = input.placeholder;  // the hint's width is the width of the same text typed in
            const sizes = {
                height: header.getBoundingClientRect().height,
                navTops: [...new Set(links.map(a => Math.round(a.getBoundingClientRect().top)))],
                navRight: Math.max(...links.map(a => a.getBoundingClientRect().right)),
                hint: input.scrollWidth,
                room: input.clientWidth,
                pageWidth: document.documentElement.scrollWidth,
            };
            input.value = '';
            return sizes;
        }"""
    )


@pytest.mark.parametrize("path", ["/", "/achievements/"])
@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize("width", [390, 1280])
def test_the_header_keeps_its_navigation_on_one_line_and_its_search_hint_whole(
    browser: Browser, site: str, width: int, language: str, path: str
):
    context = browser.new_context(viewport={"width": width, "height": 844})
    context.add_cookies([{"name": "django_language", "value": language, "url": site}])
    page = context.new_page()
    page.goto(site + path)
    sizes = _measure(page)
    context.close()
    assert len(sizes["navTops"]) == 1, sizes
    assert sizes["navRight"] <= width and sizes["pageWidth"] <= width, sizes
    assert sizes["hint"] <= sizes["room"], sizes
    if width < 700:
        assert sizes["height"] <= PHONE_HEADER_MAX_HEIGHT, sizes


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_a_signed_in_persons_name_and_log_out_keep_the_phone_header_compact(
    browser: Browser, site: str, language: str
):
    from django.conf import settings
    from django.test import Client

    from sciencecity.accounts.personas import personas_ensure

    carol = personas_ensure(password="correct-horse-battery")["carol"]
    client = Client()
    client.force_login(carol)
    context = browser.new_context(viewport={"width": 390, "height": 844})
    context.add_cookies(
        [
            {"name": "django_language", "value": language, "url": site},
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": site,
            },
        ]
    )
    page = context.new_page()
    page.goto(site + "/")
    assert page.get_by_role("button", name="Log out" if language == "en" else "退出").is_visible()
    sizes = _measure(page)
    context.close()
    assert len(sizes["navTops"]) == 1, sizes
    assert sizes["pageWidth"] <= 390 and sizes["height"] <= PHONE_HEADER_MAX_HEIGHT, sizes
