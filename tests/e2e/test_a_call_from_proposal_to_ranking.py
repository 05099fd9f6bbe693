"""Issue 7's walk through a call, in the browser: Alice signs in and submits a proposal with a co-proposer,
the co-proposer accepts, Bob scores it, and the panel chair ranks it, each seeing only what is theirs.

Everyone signs in on the site's login page. What staff do off-stage (technical verdicts, the officer's
moves, the assignment, the other reviewers' scores) goes through the services; the officer finishes
peer review on his decisions page.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from sciencecity.accounts.models import User
from sciencecity.accounts.services import user_create_unless_taken
from sciencecity.core.roles import Role
from sciencecity.proposals import services as proposals
from sciencecity.proposals.models import Call, Proposal
from sciencecity.registry.models import Field, Instrument
from sciencecity.review import services as review
from sciencecity.review.models import Panel, PanelMember, ReviewAssignment
from tests.e2e.proposal_pages import open_ssrf_call

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery"
TITLE = "Transporter states by small-angle scattering"
ABSTRACT = (
    "We will determine the solution structure of a bacterial membrane transporter in three states "
    "with small-angle X-ray scattering, to learn how it opens and closes."
)
OTHER_TITLE = "Polymer blends for battery separators"
RITAS_COMMENT = "Rita finds the sample plan thin"


def _person(username: str, name: str, affiliation: str, country: str) -> User:
    user, _created = user_create_unless_taken(
        username=username,
        password=PASSWORD,
        display_name=name,
        affiliation=affiliation,
        roles=(Role.APPLICANT,),
        country=country,
    )
    return user


def _signed_in(browser: Browser, site: str, username: str) -> Page:
    """A fresh browser of `username`, signed in through the site's own login page."""
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.goto(site + "/accounts/login/")
    page.locator("input[name=login]").fill(username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page).to_have_url(re.compile(r"/accounts/profile/$"))
    return page


def _expect_not_found(page: Page, url: str) -> None:
    response = page.goto(url)
    assert response is not None and response.status == 404, url


def _submitted_by_erin(call: Call, erin: User, instrument: Instrument, field: Field) -> Proposal:
    draft = proposals.proposal_create(
        actor=erin,
        call=call,
        title=OTHER_TITLE,
        abstract=ABSTRACT,
        field=field,
        requests=[proposals.RequestInput(instruments=[instrument], shifts=3)],
        samples=[proposals.SampleInput(name="Polymer film")],
    )
    return proposals.proposal_submit(actor=erin, proposal=draft)


def test_a_proposal_goes_from_alice_through_review_to_the_chairs_ranking(
    browser: Browser, live_server, demo_map, personas
):
    site = live_server.url
    alice, bob, dan, ivan, pat = (personas[n] for n in ("alice", "bob", "dan", "ivan", "pat"))
    maria = _person("maria", "Maria Souza", "Universidade de São Paulo", "BR")
    rita = _person("rita", "Rita Referee", "Zhejiang University", "CN")
    sam = _person("sam", "Sam Scorer", "Nanjing University", "CN")
    call = open_ssrf_call()
    bl19u2 = Instrument.objects.get(slug="st-ssrf-bl19u2")
    field = Field.objects.get(slug="fld-structbio")
    erins = _submitted_by_erin(call, personas["erin"], bl19u2, field)

    # 1. Alice signs in, writes her proposal on the open call, invites Maria and submits.
    page = _signed_in(browser, site, "alice")
    page.goto(site + "/calls/")
    expect(page.get_by_role("heading", name="SSRF call for proposals 2026-II")).to_be_visible()
    page.get_by_role("link", name=re.compile("Write a proposal")).click()
    page.get_by_label("Title").fill(TITLE)
    page.get_by_role("button", name="Start the draft").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Proposal draft")
    expect(page.locator("#submit-problems")).to_contain_text("Write an abstract of at least 20 words.")
    page.get_by_label("Abstract").fill(ABSTRACT)
    page.get_by_label("Field of science").select_option(label="Structural biology and protein science")
    request = page.locator("#requests fieldset.request-row").first
    request.get_by_label(re.compile("BL19U2")).check()
    request.get_by_label("Shifts").fill("6")
    sample = page.locator("#samples fieldset.sample-row").first
    sample.get_by_label("Hazard class").select_option("biological")
    # The sample's name completes the draft: the autosave that says so carries the whole form.
    sample.get_by_label("Sample:", exact=True).fill("Purified transporter in detergent")
    expect(page.locator("#submit-problems")).to_contain_text("you can submit")
    expect(page.locator("#save-status")).to_contain_text("Saved at")
    page.get_by_label("Co-proposer's e-mail").fill("maria@example.org")
    page.get_by_role("button", name="Invite").click()
    team = page.locator("section", has=page.get_by_role("heading", name="Team"))
    expect(team).to_contain_text("maria@example.org")
    expect(team).to_contain_text("invited")
    page.get_by_role("button", name="Submit the proposal").click()
    # A refusal fails here with the page's text, which names what the stored draft lacks.
    expect(page.locator("main")).not_to_contain_text("cannot be submitted yet")
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    mine = Proposal.objects.get(title=TITLE)
    assert mine.status == Proposal.Status.SUBMITTED and mine.reference.startswith("SSRF-2026-II")
    assert [(s.name, s.hazard) for s in mine.samples.all()] == [
        ("Purified transporter in detergent", "biological")
    ]
    assert [i.code for r in mine.requests.all() for i in r.instruments.all()] == ["BL19U2"]

    page.goto(site + "/proposals/")
    row = page.get_by_role("row", name=re.compile(TITLE))
    expect(row).to_contain_text("submitted")
    expect(row).to_contain_text(mine.reference)
    expect(page.get_by_role("row", name=re.compile(OTHER_TITLE))).to_have_count(0)
    _expect_not_found(page, f"{site}/proposals/{erins.pk}/")
    alices_page = page

    # 2. Maria cannot read the proposal until she accepts the invitation; then she can.
    page = _signed_in(browser, site, "maria")
    _expect_not_found(page, f"{site}/proposals/{mine.pk}/")
    page.goto(site + "/proposals/invitations/")
    invitation = page.locator("li.card", has=page.get_by_role("heading", name=TITLE))
    invitation.get_by_role("button", name="Accept").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.get_by_text(ABSTRACT)).to_be_visible()
    expect(page.locator("ul.members")).to_contain_text(alice.display_name)
    expect(page.locator("ul.members")).to_contain_text(maria.display_name)
    assert mine.members.get(user=maria).status == "accepted"
    page.goto(site + "/proposals/")
    expect(page.get_by_role("row", name=re.compile(TITLE))).to_contain_text("submitted")
    page.context.close()

    # 3. The call closes; Ivan finds both proposals feasible; the officer moves them into peer review and
    # assigns two reviewers each from pat's panel. Bob declared a conflict on Erin's, so never gets it.
    proposals.call_close(actor=dan, call=call)
    assert len(review.technical_review_start(actor=dan, call=call)) == 2
    for proposal in (mine, erins):
        review.technical_review_record(
            actor=ivan, proposal=proposal, instrument=bl19u2, verdict="feasible", comment="Fine on BL19U2"
        )
    moved, waiting = review.peer_review_start(actor=dan, call=call)
    assert len(moved) == 2 and waiting == []
    panel = Panel.objects.create(
        facility=call.cycle.facility, name_en="Structural biology", name_zh="结构生物学"
    )
    panel.fields.add(field)
    panel.calls.add(call)
    PanelMember.objects.create(panel=panel, user=pat, role=PanelMember.Role.CHAIR)
    for reviewer in (bob, rita, sam):
        PanelMember.objects.create(panel=panel, user=reviewer, role=PanelMember.Role.REVIEWER)
    review.conflict_declare(reviewer=bob, proposal=erins, reason="We share a grant")
    mine, erins = Proposal.objects.get(pk=mine.pk), Proposal.objects.get(pk=erins.pk)
    review.review_assign(actor=dan, panel=panel, proposals=[mine, erins], per_proposal=2)
    assigned = {
        (a.proposal_id, a.reviewer.username) for a in ReviewAssignment.objects.select_related("reviewer")
    }
    assert (mine.pk, "bob") in assigned and (erins.pk, "bob") not in assigned
    assert len(assigned) == 4
    other = next(name for pk, name in assigned if pk == mine.pk and name != "bob")
    reviewer = {"rita": rita, "sam": sam}
    review.review_submit(
        reviewer=reviewer[other],
        assignment=ReviewAssignment.objects.get(proposal=mine, reviewer=reviewer[other]),
        score=5,
        comment=RITAS_COMMENT,
    )

    # 4. Bob scores Alice's proposal in his queue; nothing names or scores the other reviewer.
    page = _signed_in(browser, site, "bob")
    page.goto(site + "/review/")
    expect(page.get_by_role("heading", level=1)).to_have_text("My reviews")
    expect(page.get_by_role("article")).to_have_count(1)
    item = page.get_by_role("article", name=TITLE)
    expect(item).to_contain_text("Purified transporter in detergent")
    item.get_by_label("Score").select_option("4")
    item.get_by_label("Comment").fill("Clear aims; the shifts asked for are right.")
    item.get_by_role("button", name="Save score").click()
    expect(item.get_by_role("status")).to_have_text("Saved.")
    expect(item.locator(".badge").first).to_have_text("scored")
    assert ReviewAssignment.objects.get(proposal=mine, reviewer=bob).score == 4
    for person in (rita, sam):
        expect(page.locator("body")).not_to_contain_text(person.display_name)
    expect(page.locator("body")).not_to_contain_text(RITAS_COMMENT)
    expect(page.locator("body")).not_to_contain_text(OTHER_TITLE)
    page.goto(f"{site}/proposals/{mine.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    for text in (rita.display_name, sam.display_name, RITAS_COMMENT):
        expect(page.locator("body")).not_to_contain_text(text)
    _expect_not_found(page, f"{site}/proposals/{erins.pk}/")
    _expect_not_found(page, f"{site}/ranking/calls/{call.pk}/panels/{panel.pk}/")
    page.context.close()

    # 5. The officer cannot finish peer review while Erin's proposal waits for its scores; once the other
    # reviewers have scored it, he finishes it on his decisions page and both proposals are ranked.
    decisions_url = f"{site}/ranking/calls/{call.pk}/decisions/"
    page = _signed_in(browser, site, "dan")
    page.goto(decisions_url)
    page.get_by_role("button", name="Finish peer review").click()
    expect(page.locator("p.error")).to_contain_text(f"still waiting for scores on: {erins}")
    expect(page.locator("p.error")).not_to_contain_text(mine.reference)
    assert Proposal.objects.get(pk=mine.pk).status == Proposal.Status.PEER_REVIEW
    for assignment in ReviewAssignment.objects.filter(proposal=erins).select_related("reviewer"):
        review.review_submit(
            reviewer=assignment.reviewer, assignment=assignment, score=3, comment="Sound but routine"
        )
    page.goto(decisions_url)
    page.get_by_role("button", name="Finish peer review").click()
    expect(page).to_have_url(decisions_url)
    expect(page.get_by_role("button", name="Finish peer review")).to_have_count(0)
    assert {p.status for p in Proposal.objects.filter(pk__in=[mine.pk, erins.pk])} == {"ranked"}
    page.context.close()

    # 6. Pat, the chair, sees the ranking with anonymous scores and moves Erin's proposal up, saying why.
    ranking_url = f"{site}/ranking/calls/{call.pk}/panels/{panel.pk}/"
    page = _signed_in(browser, site, "pat")
    page.goto(ranking_url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Ranking of the Structural biology panel")
    rows = page.locator("#ranking tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text(TITLE)
    # Which reviewer is "1" follows the order of assignment; the two scores are Bob's 4 and the other's 5.
    scores = rows.nth(0).locator("ul.scores li")
    expect(scores).to_have_count(2)
    shown = [text.split(": ") for text in scores.all_inner_texts()]
    assert [label for label, _score in shown] == ["Reviewer 1", "Reviewer 2"]
    assert sorted(score for _label, score in shown) == ["4", "5"]
    expect(rows.nth(0)).to_contain_text("mean 4.50")
    expect(rows.nth(0)).to_contain_text("BL19U2: feasible")
    expect(rows.nth(1)).to_contain_text(OTHER_TITLE)
    expect(rows.nth(1)).to_contain_text("mean 3.00")
    for person in (bob, rita, sam):
        expect(page.locator("body")).not_to_contain_text(person.display_name)
    erins_row = rows.nth(1)
    erins_row.get_by_label("Reason").fill("Industrial relevance the scores miss")
    erins_row.get_by_role("button", name=re.compile("Up")).click()
    expect(rows.nth(0)).to_contain_text(OTHER_TITLE)
    expect(rows.nth(0)).to_contain_text("moved by the chair")
    expect(rows.nth(1)).to_contain_text(TITLE)
    page.reload()
    expect(rows.nth(0)).to_contain_text(OTHER_TITLE)
    page.context.close()

    # Alice, the proposer, may not see the panel's ranking; her proposal is now ranked in her list.
    _expect_not_found(alices_page, ranking_url)
    alices_page.goto(site + "/proposals/")
    expect(alices_page.get_by_role("row", name=re.compile(TITLE))).to_contain_text("ranked")
    for person in (bob, rita, sam, pat):
        expect(alices_page.locator("body")).not_to_contain_text(person.display_name)
    alices_page.context.close()
