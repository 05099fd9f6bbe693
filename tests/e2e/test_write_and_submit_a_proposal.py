"""Alice writes a proposal in the browser: the draft saves as she types, she adds a request and a sample,
sees what is still missing, and submits."""

import re

import pytest
from playwright.sync_api import Browser, expect

from sciencecity.proposals.models import Proposal
from tests.e2e.proposal_pages import open_ssrf_call, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ABSTRACT = (
    "We will determine the solution structure of a bacterial membrane transporter in three states "
    "with small-angle X-ray scattering, to learn how it opens and closes."
)


def test_alice_writes_a_draft_that_saves_as_she_types_and_submits_it(
    browser: Browser, live_server, demo_map, personas
):
    call = open_ssrf_call()
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    sign_in(context, personas["alice"], live_server.url)
    page = context.new_page()

    page.goto(live_server.url + "/calls/")
    page.get_by_role("link", name=re.compile("Write a proposal")).click()
    page.get_by_label("Title").fill("Transporter states by SAXS")
    page.get_by_role("button", name="Start the draft").click()
    proposal = Proposal.objects.get(title="Transporter states by SAXS")
    expect(page.locator("#submit-problems")).to_contain_text("Ask for time: add at least one request.")

    # Typing saves the draft: the status says so and the database has it, with no button pressed.
    page.get_by_label("Abstract").fill(ABSTRACT)
    expect(page.locator("#save-status")).to_contain_text("Saved at")
    proposal.refresh_from_db()
    assert proposal.abstract == ABSTRACT
    page.get_by_label("Field of science").select_option(label="Innovative drugs (oncology)")

    # The first request: BL19U2 or BL09U, 6 shifts; and one sample.
    request = page.locator("#requests fieldset.request-row").first
    request.get_by_label(re.compile("BL19U2")).check()
    request.get_by_label(re.compile("BL09U")).check()
    request.get_by_label("Shifts").fill("6")
    request.get_by_label("Earliest date").fill("2026-10-01")
    sample = page.locator("#samples fieldset.sample-row").first
    sample.get_by_label("Sample:", exact=True).fill("Purified transporter in detergent")
    sample.get_by_label("Hazard class").select_option("biological")
    expect(page.locator("#submit-problems")).to_contain_text("you can submit")

    # A second request, added with the button, saves too: wait for the autosave that carries it.
    page.get_by_role("button", name="Add a request").click()
    second = page.locator("#requests fieldset.request-row").nth(1)

    def carries_the_second_request(response) -> bool:
        return "/autosave/" in response.url and "requests-1-shifts=3" in (response.request.post_data or "")

    with page.expect_response(carries_the_second_request):
        second.get_by_label(re.compile("BL02U1")).check()
        second.get_by_label("Shifts").fill("3")
    expect(page.locator("#save-status")).to_contain_text("Saved at")
    page.get_by_role("button", name="Submit the proposal").click()

    expect(page.locator("h1")).to_have_text("Transporter states by SAXS")
    proposal.refresh_from_db()
    assert proposal.status == "submitted" and proposal.reference.startswith("SSRF-2026-II")
    assert sorted(r.shifts for r in proposal.requests.all()) == [3, 6]
    assert [s.name for s in proposal.samples.all()] == ["Purified transporter in detergent"]
    assert call.proposals.count() == 1
    context.close()
