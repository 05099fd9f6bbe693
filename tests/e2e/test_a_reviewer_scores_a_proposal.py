"""Bob, a reviewer, opens his queue, scores a proposal and sees nothing of the other reviewer."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from sciencecity.review.models import ReviewAssignment
from tests.e2e.review_scene import TITLES, review_scene, session_cookie

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# Set to a folder (e.g. docs/screenshots) to save the reviewer queue's screenshots in both languages.
SCREENSHOTS = os.environ.get("SCIENCECITY_SCREENSHOTS", "")


def test_bob_scores_a_proposal_in_his_queue_and_never_sees_another_reviewer(
    browser: Browser, live_server, demo_map, personas
):
    scene = review_scene(personas)
    bob = personas["bob"]
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_cookies([session_cookie(bob, live_server.url)])  # type: ignore[list-item]
    page = context.new_page()
    page.goto(live_server.url + "/review/")
    expect(page.get_by_role("heading", level=1)).to_have_text("My reviews")
    for title in TITLES:
        expect(page.get_by_role("heading", name=title)).to_be_visible()
    first = page.get_by_role("article", name=TITLES[0])
    expect(first).to_contain_text("BL19U2")
    expect(first).to_contain_text("Purified protein in buffer")
    first.get_by_label("Score").select_option("4")
    first.get_by_label("Comment").fill("Clear aims; the beamtime asked for is right.")
    first.get_by_role("button", name="Save score").click()
    expect(first.get_by_role("status")).to_have_text("Saved.")
    expect(first.locator(".badge").first).to_have_text("scored")
    mine = ReviewAssignment.objects.get(reviewer=bob, proposal=scene.proposals[0])
    assert mine.score == 4
    body = page.content()
    assert "Rita" not in body and "vague" not in body
    assert page.get_by_role("article").count() == 2
    if SCREENSHOTS:
        out = Path(SCREENSHOTS)
        page.screenshot(path=out / "reviewer-queue.png", full_page=True)
        context.add_cookies([{"name": "django_language", "value": "zh-hans", "url": live_server.url}])
        page.goto(live_server.url + "/review/")
        page.screenshot(path=out / "reviewer-queue-zh.png", full_page=True)
    context.close()
