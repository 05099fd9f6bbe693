"""The proposal pages and the dashboard's chart work under the Content-Security-Policy, with no violation."""

import pytest
from playwright.sync_api import Browser, expect

from sciencecity.proposals import services
from tests.e2e.proposal_pages import open_ssrf_call, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_form_autosaves_and_the_dashboard_draws_its_chart_without_violations(
    browser: Browser, live_server, demo_map, personas
):
    call = open_ssrf_call()
    proposal = services.proposal_create(actor=personas["alice"], call=call, title="Under the policy")
    site = live_server.url
    seen: list[str] = []
    for who in ("alice", "dan"):
        context = browser.new_context()
        sign_in(context, personas[who], site)
        page = context.new_page()
        page.on("console", lambda m: seen.append(m.text) if "Content Security Policy" in m.text else None)
        if who == "alice":
            page.goto(f"{site}/calls/")
            expect(page.locator("[data-local-for]").first).to_contain_text("your time:")
            page.goto(f"{site}/proposals/{proposal.pk}/edit/")
            page.get_by_label("Title").fill("Under the policy, renamed")
            expect(page.locator("#save-status")).to_contain_text("Saved at")
        else:
            page.goto(f"{site}/calls/{call.pk}/dashboard/")
            expect(page.locator("#demand-chart svg")).to_be_visible()
        page.wait_for_load_state("networkidle")
        context.close()
    assert seen == []
