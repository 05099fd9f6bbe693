"""Headless Debian Chromium, driven by Playwright, against Django's live test server."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from tests.e2e.browser import CHROMIUM, CHROMIUM_ARGS


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """One browser per module of browser tests.

    While Playwright's sync API is started it marks an event loop as running in this thread, and Django
    then refuses ORM calls. The ORM calls that browser tests make around it are safe, so Django's check is
    switched off for exactly that long: not for the tests that drive no browser.
    """
    if not CHROMIUM.exists():
        pytest.fail("Debian chromium is missing: apt-get install chromium (.ci/run installs it)")
    with pytest.MonkeyPatch.context() as env, sync_playwright() as playwright:
        env.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()
