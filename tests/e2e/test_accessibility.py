"""axe-core finds nothing on any kind of page, in English and Chinese, on a desktop and on a phone."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from sciencecity.proposals.services import member_invite, proposal_create
from tests.e2e.proposal_pages import open_ssrf_call, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"

PAGES = {
    "home": "/",
    "facility list": "/facilities/",
    "facility": "/facilities/fac-ssrf/",
    "organisation list": "/organisations/",
    "organisation": "/organisations/org-sari/",
    "achievement list": "/achievements/",
    "achievement": "/achievements/ach-c919/",
    "search with results": "/search/?q=synchrotron",
    "not found": "/facilities/no-such-facility/",
    "open calls (none)": "/calls/",
}
WIDTHS = {"desktop": 1280, "phone": 390}
LANGUAGES = ("en", "zh-hans")


@pytest.fixture
def site(live_server, demo_map) -> str:
    return live_server.url


@pytest.fixture(scope="module")
def axe_page(browser: Browser) -> Iterator[Page]:
    """One page for every check; axe-core is injected into each document it loads."""
    context = browser.new_context()
    context.add_init_script(path=str(AXE))
    page = context.new_page()
    yield page
    context.close()


def _violations(page: Page) -> list[str]:
    result = page.evaluate(
        """async () => {
            const r = await axe.run(document, {resultTypes: ['violations']});
            return r.violations.map(v => v.id + ': ' + v.help + ' -> '
                + v.nodes.map(n => n.target.join(' ')).join(', '));
        }"""
    )
    return list(result)


@pytest.mark.parametrize("path", PAGES.values(), ids=PAGES.keys())
def test_axe_finds_no_violation_in_either_language_or_width(axe_page: Page, site: str, path: str):
    found = {}
    for language in LANGUAGES:
        axe_page.context.add_cookies([{"name": "django_language", "value": language, "url": site}])
        for name, width in WIDTHS.items():
            axe_page.set_viewport_size({"width": width, "height": 900})
            axe_page.goto(site + path)
            assert axe_page.locator("html").get_attribute("lang") == language
            if violations := _violations(axe_page):
                found[f"{language} {name}"] = violations
    assert found == {}


# Pages of open calls, signed in: {name: (persona, path with {call} and {proposal} filled in)}.
PROPOSAL_PAGES = {
    "open calls": ("alice", "/calls/"),
    "my proposals": ("alice", "/proposals/"),
    "proposal form": ("alice", "/proposals/{proposal}/edit/"),
    "proposal": ("alice", "/proposals/{proposal}/"),
    "invitations": ("bob", "/proposals/invitations/"),
    "calls I run": ("dan", "/calls/manage/"),
    "call dashboard": ("dan", "/calls/{call}/dashboard/"),
}


@pytest.fixture
def proposal_site(live_server, demo_map, personas) -> dict:
    call = open_ssrf_call()
    proposal = proposal_create(actor=personas["alice"], call=call, title="Transporter states by SAXS")
    member_invite(actor=personas["alice"], proposal=proposal, email=personas["bob"].email)
    return {"url": live_server.url, "call": call.pk, "proposal": proposal.pk, "personas": personas}


@pytest.mark.parametrize("who, path", PROPOSAL_PAGES.values(), ids=PROPOSAL_PAGES.keys())
def test_axe_finds_no_violation_on_the_proposal_pages(
    browser: Browser, proposal_site: dict, who: str, path: str
):
    site = proposal_site["url"]
    context = browser.new_context()
    context.add_init_script(path=str(AXE))
    sign_in(context, proposal_site["personas"][who], site)
    page = context.new_page()
    found = {}
    for language in LANGUAGES:
        context.add_cookies([{"name": "django_language", "value": language, "url": site}])
        for name, width in WIDTHS.items():
            page.set_viewport_size({"width": width, "height": 900})
            page.goto(site + path.format(**proposal_site))
            assert page.locator("html").get_attribute("lang") == language
            if violations := _violations(page):
                found[f"{language} {name}"] = violations
    context.close()
    assert found == {}
