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
    "log in": "/accounts/login/",
    "sign up": "/accounts/signup/",
    "password reset": "/accounts/password/reset/",
    "open calls (none)": "/calls/",
}
# Pages of one's own account, seen signed in (the session cookie is set in the browser).
SIGNED_IN_PAGES = {
    "profile": "/accounts/profile/",
    "notifications": "/accounts/notifications/",
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
    axe_page.context.clear_cookies()
    _check(axe_page, site, path)


@pytest.mark.parametrize("path", SIGNED_IN_PAGES.values(), ids=SIGNED_IN_PAGES.keys())
def test_axe_finds_no_violation_on_ones_own_pages(axe_page: Page, site: str, path: str):
    from django.conf import settings
    from django.test import Client

    from sciencecity.accounts.personas import personas_ensure
    from sciencecity.accounts.tokens import token_create
    from sciencecity.notifications.services import notify

    alice = personas_ensure(password="correct-horse-battery")["alice"]
    token_create(user=alice, name="laptop")
    notify(alice, "Proposal received", "Your proposal was submitted.", "/accounts/profile/")
    client = Client()
    client.force_login(alice)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    axe_page.context.clear_cookies()
    axe_page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": site}])
    _check(axe_page, site, path)


def _check(axe_page: Page, site: str, path: str, *, found_page: bool = False) -> None:
    """axe on one page in both languages and both widths; `found_page`: it must also answer 200."""
    found = {}
    for language in LANGUAGES:
        axe_page.context.add_cookies([{"name": "django_language", "value": language, "url": site}])
        for name, width in WIDTHS.items():
            axe_page.set_viewport_size({"width": width, "height": 900})
            response = axe_page.goto(site + path)
            if found_page:
                assert response is not None and response.status == 200, path
            assert axe_page.locator("html").get_attribute("lang") == language
            if violations := _violations(axe_page):
                found[f"{language} {name}"] = violations
    assert found == {}


# --- Pages behind a login: the panel ranking, the decisions, the printable proposal ---


@pytest.fixture
def signed_in_ranking(live_server, demo_map, axe_page: Page) -> dict[str, str]:
    """The seeded panel's pages, with the browser signed in as a user who may see them (chair, officer)."""
    from django.test import Client

    from tests.e2e.panel_ranking_data import seed_panel

    data = seed_panel()
    client = Client()
    client.force_login(data.officer)  # the officer sees all three kinds of page
    axe_page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    proposal = data.call.proposals.order_by("pk").first()
    assert proposal is not None
    return {
        "panel ranking": f"{live_server.url}/ranking/calls/{data.call.pk}/panels/{data.panel.pk}/",
        "decisions": f"{live_server.url}/ranking/calls/{data.call.pk}/decisions/",
        "printable proposal": f"{live_server.url}/ranking/proposals/{proposal.pk}/print/",
    }


def test_axe_finds_no_violation_on_the_ranking_pages(
    axe_page: Page, live_server, signed_in_ranking: dict[str, str]
):
    for url in signed_in_ranking.values():
        _check(axe_page, live_server.url, url.removeprefix(live_server.url), found_page=True)
    axe_page.context.clear_cookies()


# Pages behind a sign-in: (persona, path); "{call}" and "{panel}" come from the review scene.
REVIEW_PAGES = {
    "reviewer queue": ("bob", "/review/"),
    "declare conflicts": ("bob", "/review/conflicts/"),
    "my publications": ("bob", "/review/publications/"),
    "technical review queue": ("ivan", "/review/technical/"),
    "calls under review": ("dan", "/review/calls/"),
    "call review": ("dan", "/review/calls/{call}/"),
    "panel assignment": ("dan", "/review/calls/{call}/panels/{panel}/?per_proposal=3"),
}


@pytest.mark.parametrize("who_path", REVIEW_PAGES.values(), ids=REVIEW_PAGES.keys())
def test_axe_finds_no_violation_on_signed_in_pages(axe_page: Page, site: str, personas, who_path):
    from tests.e2e.review_scene import review_scene, session_cookie

    who, path = who_path
    scene = review_scene(personas)
    path = path.format(call=scene.call.pk, panel=scene.panel.pk)
    axe_page.context.add_cookies([session_cookie(personas[who], site)])  # type: ignore[list-item]
    try:
        _check(axe_page, site, path)
    finally:
        axe_page.context.clear_cookies()


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
    try:
        _check(context.new_page(), site, path.format(**proposal_site))
    finally:
        context.close()


# The allocation pages of a cycle (the officer's) and the proposer's published dates: {name: path}.
ALLOCATION_PAGES = {
    "allocation of a cycle": "/allocation/cycles/{cycle}/",
    "machine calendar": "/allocation/cycles/{cycle}/calendar/",
    "pins": "/allocation/cycles/{cycle}/pins/",
    "run, running (live progress)": "/allocation/runs/{running}/",
    "run, done (figures, publish)": "/allocation/runs/{greedy}/",
    "run, published": "/allocation/runs/{best}/",
    "schedule (Gantt, requests, pins)": "/allocation/runs/{best}/schedule/",
    "two runs compared": "/allocation/runs/{best}/compare/{greedy}/",
}


@pytest.mark.parametrize("path", ALLOCATION_PAGES.values(), ids=ALLOCATION_PAGES.keys())
def test_axe_finds_no_violation_on_the_allocation_pages(browser: Browser, live_server, demo_map, path: str):
    from tests.e2e.allocation_scene import allocation_scene

    scene = allocation_scene()
    ids = {"cycle": scene.call.cycle_id, "running": scene.running.pk, "best": scene.best.pk}
    context = browser.new_context()
    context.add_init_script(path=str(AXE))
    sign_in(context, scene.officer, live_server.url)
    try:
        _check(
            context.new_page(), live_server.url, path.format(greedy=scene.greedy.pk, **ids), found_page=True
        )
    finally:
        context.close()


# The proposer's side of a published schedule: {name: path}.
PROPOSER_DATES_PAGES = {
    "proposal with its published dates and feed": "/proposals/{proposal}/",
    "my proposals with the calendar feed": "/proposals/",
}


@pytest.mark.parametrize("path", PROPOSER_DATES_PAGES.values(), ids=PROPOSER_DATES_PAGES.keys())
def test_axe_finds_no_violation_on_the_proposers_published_dates(
    browser: Browser, live_server, demo_map, path: str
):
    from tests.e2e.allocation_scene import allocation_scene

    scene = allocation_scene()
    context = browser.new_context()
    context.add_init_script(path=str(AXE))
    sign_in(context, scene.pi, live_server.url)
    try:
        page = context.new_page()
        _check(page, live_server.url, path.format(proposal=scene.proposal.pk), found_page=True)
        assert page.locator("#feed-url").count() == 1
    finally:
        context.close()


# The booking pages, on a booking instrument added to the demo map: (persona or "" for anonymous, path).
BOOKING_PAGES = {
    "booking calendar (week)": ("", "/instruments/{slug}/booking/?date={monday}"),
    "booking calendar (day)": ("erin", "/instruments/{slug}/booking/?view=day&date={tuesday}"),
    "book a slot": ("erin", "/instruments/{slug}/booking/book/?start={free}"),
    "my bookings": ("erin", "/booking/mine/"),
    "booking queue": ("carol", "/booking/queue/"),
    "booking rules": ("carol", "/instruments/{slug}/booking/rules/"),
}


@pytest.mark.parametrize("who, path", BOOKING_PAGES.values(), ids=BOOKING_PAGES.keys())
def test_axe_finds_no_violation_on_the_booking_pages(
    axe_page: Page, site: str, personas, who: str, path: str
):
    import datetime as dt
    from urllib.parse import quote

    from tests.e2e.booking_scene import booking_scene, on
    from tests.e2e.review_scene import session_cookie

    scene = booking_scene(personas)
    tuesday = scene.monday + dt.timedelta(days=1)
    path = path.format(
        slug=scene.instrument.slug,
        monday=scene.monday,
        tuesday=tuesday,
        free=quote(on(tuesday, 15).isoformat()),
    )
    axe_page.context.clear_cookies()
    if who:
        axe_page.context.add_cookies([session_cookie(personas[who], site)])  # type: ignore[list-item]
    try:
        _check(axe_page, site, path, found_page=True)
    finally:
        axe_page.context.clear_cookies()


# Training and usage pages over the demo's open sharing (NFPS's booking instruments): (persona, path).
SHARING_PAGES = {
    "my qualifications": ("erin", "/training/?instrument=ins-nfps-cryoem"),
    "training records": ("ivan", "/training/staff/"),
    "at the instrument": ("erin", "/usage/mine/"),
    "instrument usage": ("ivan", "/usage/"),
}


@pytest.mark.parametrize("who_path", SHARING_PAGES.values(), ids=SHARING_PAGES.keys())
def test_axe_finds_no_violation_on_the_training_and_usage_pages(
    axe_page: Page, site: str, personas, who_path
):
    from sciencecity.demo.sharing import sharing_load
    from tests.e2e.review_scene import session_cookie

    who, path = who_path
    sharing_load(personas)
    axe_page.context.add_cookies([session_cookie(personas[who], site)])  # type: ignore[list-item]
    try:
        _check(axe_page, site, path, found_page=True)
    finally:
        axe_page.context.clear_cookies()


# --- Invoices: the provider's list and an invoice, the customer's list, a facility page with its rates ---


@pytest.fixture
def signed_in_invoices(live_server, demo_map) -> dict[str, object]:
    """NFPS's seeded week drafted (demo/invoices.py): its user office (ivan) and Erin, the customer."""
    import datetime as dt

    from django.test import Client

    from sciencecity.accounts.personas import personas_ensure
    from sciencecity.demo.invoices import erin_draft_invoices, invoices_load
    from sciencecity.demo.sharing import sharing_load

    personas = personas_ensure(password="correct-horse-battery")
    sharing_load(personas, today=dt.date(2026, 11, 18))
    invoices_load(personas)
    sessions = {}
    for name in ("ivan", "erin"):
        client = Client()
        client.force_login(personas[name])
        sessions[name] = client.cookies["sessionid"].value
    return {"sessions": sessions, "invoice": erin_draft_invoices()[0].pk}


def test_axe_finds_no_violation_on_the_invoice_pages(axe_page: Page, live_server, signed_in_invoices):
    sessions: dict[str, str] = signed_in_invoices["sessions"]
    invoice = signed_in_invoices["invoice"]
    for who, paths in (
        ("ivan", ["/invoices/", f"/invoices/{invoice}/", "/facilities/fac-nfps/"]),
        ("erin", ["/invoices/mine/", f"/invoices/{invoice}/"]),
    ):
        axe_page.context.clear_cookies()
        axe_page.context.add_cookies([{"name": "sessionid", "value": sessions[who], "url": live_server.url}])
        for path in paths:
            _check(axe_page, live_server.url, path, found_page=True)
    axe_page.context.clear_cookies()


# The voucher pages, each seen by its own role, with a voucher redeemed and a claim waiting.
VOUCHER_PAGES = {
    "my vouchers": ("erin", "/vouchers/"),
    "voucher claims": ("carol", "/vouchers/claims/"),
    "voucher queue": ("olga", "/vouchers/agency/"),
    "voucher dashboard": ("olga", "/vouchers/agency/dashboard/"),
    "voucher scheme form": ("olga", "/vouchers/agency/schemes/new/"),
}


@pytest.fixture
def voucher_world(live_server):
    from sciencecity.vouchers import services as vouchers
    from sciencecity.vouchers.tests.conftest import build_world, issue

    world = build_world()
    voucher = world.voucher("8000.00")
    paid = vouchers.voucher_redeem(
        actor=world.erin, invoice=world.invoice([(world.ms, "300.00")]), voucher=voucher
    )
    vouchers.claim_submit(actor=world.carol, invoice=issue(paid, "paid"), payment_reference="BANK-1")
    world.invoice([(world.ms, "120.00")])  # a draft the firm may still pay with the voucher
    return world


@pytest.mark.parametrize("who, path", VOUCHER_PAGES.values(), ids=VOUCHER_PAGES.keys())
def test_axe_finds_no_violation_on_the_voucher_pages(browser: Browser, live_server, voucher_world, who, path):
    site = live_server.url
    context = browser.new_context()
    context.add_init_script(path=str(AXE))
    sign_in(context, getattr(voucher_world, who), site)
    try:
        _check(context.new_page(), site, path, found_page=True)
    finally:
        context.close()


# Visits for allocated beamtime on the published SSRF schedule: (persona or "pi" for the team, path).
VISIT_PAGES = {
    "visit of an experiment (team)": ("pi", "/site-visits/experiments/{allocation}/"),
    "visits to review": ("sara", "/site-visits/queue/"),
    "visit review": ("sara", "/site-visits/visits/{visit}/review/"),
    "site-access list": ("sara", "/site-visits/facilities/fac-ssrf/site-access/?day={day}"),
}


@pytest.mark.parametrize("who, path", VISIT_PAGES.values(), ids=VISIT_PAGES.keys())
def test_axe_finds_no_violation_on_the_visit_pages(axe_page: Page, site: str, personas, who: str, path: str):
    import datetime as dt

    from django.utils import timezone

    from sciencecity.sitevisits import services as visits
    from tests.e2e.review_scene import session_cookie
    from tests.e2e.visit_scene import visit_scene

    scene = visit_scene()
    a, pi = scene.allocation, scene.pi
    visit = visits.visit_open(actor=pi, allocation=a)
    visits.visitor_register(
        actor=pi, visit=visit, user=pi, arrives_at=a.starts_at - dt.timedelta(hours=3), departs_at=a.ends_at
    )
    visits.safety_form_save(
        actor=pi,
        visit=visit,
        hazards_acknowledged=True,
        handling="Gloves.",
        waste="Leaves with the team.",
        emergency_name="Lab head",
        emergency_phone="+86 21 5555 0100",
    )
    if who == "sara":
        visits.visit_submit(actor=pi, visit=visit)
    if path.endswith("{day}"):
        from sciencecity.visits.services import training_record_create

        training_record_create(
            actor=personas["carol"],
            user=pi,
            course=scene.course,
            completed_at=a.starts_at - dt.timedelta(days=30),
        )
        visits.visit_approve(actor=personas["sara"], visit=visit)
    user = pi if who == "pi" else personas[who]
    day = timezone.localtime(a.starts_at).date()
    axe_page.context.clear_cookies()
    axe_page.context.add_cookies([session_cookie(user, site)])  # type: ignore[list-item]
    try:
        _check(axe_page, site, path.format(allocation=a.pk, visit=visit.pk, day=day), found_page=True)
    finally:
        axe_page.context.clear_cookies()
