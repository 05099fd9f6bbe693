"""A call of SSRF in peer review, built through the services on the demo map: what the review pages show.

Alice's two proposals passed Ivan's technical review and are assigned to Bob and Rita (panel
"Structural biology"); Rita has scored one. A third proposal is submitted and waits for Ivan's verdict.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.test import Client
from django.utils import timezone

from sciencecity.accounts.models import User
from sciencecity.proposals import services as proposals
from sciencecity.proposals.models import Call, Proposal
from sciencecity.registry.models import Facility, Field, Instrument
from sciencecity.review import services as review
from sciencecity.review.models import Panel, PanelMember, ReviewAssignment

ABSTRACT = (
    "We will measure small-angle scattering of a membrane transporter in solution at several "
    "concentrations and temperatures, to see how its conformation changes when the substrate binds."
)
TITLES = (
    "Conformational change of a membrane transporter on substrate binding",
    "Solution structure of a bacterial chaperone complex",
)
WAITING = "Time-resolved SAXS of amyloid fibril growth"


@dataclass
class ReviewScene:
    call: Call
    panel: Panel
    proposals: list[Proposal]
    waiting: Proposal
    rita: User


def review_scene(personas: dict[str, User]) -> ReviewScene:
    ssrf = Facility.objects.get(slug="fac-ssrf")
    beamlines = [Instrument.objects.get(slug=s) for s in ("st-ssrf-bl19u2", "st-ssrf-bl16b1")]
    field = Field.objects.get(slug="fld-structbio")
    cycle = proposals.cycle_create(
        facility=ssrf,
        name="2026-II",
        starts_on=dt.date(2026, 9, 1),
        ends_on=dt.date(2027, 1, 31),
        offers=[(b, 300) for b in beamlines],
    )
    now = timezone.now()
    call = proposals.call_create(
        actor=None,
        cycle=cycle,
        title_en="SSRF 2026-II general call",
        title_zh="SSRF 2026-II 普通课题征集",
        opens_at=now - dt.timedelta(days=3),
        closes_at=now + dt.timedelta(days=20),
        instruments=beamlines,
    )
    proposals.call_open(actor=None, call=call)
    alice, ivan, dan = personas["alice"], personas["ivan"], personas["dan"]

    def submitted(title: str) -> Proposal:
        draft = proposals.proposal_create(
            actor=alice,
            call=call,
            title=title,
            abstract=ABSTRACT,
            field=field,
            requests=[
                proposals.RequestInput(
                    instruments=beamlines,
                    shifts=6,
                    earliest=dt.date(2026, 10, 1),
                    latest=dt.date(2026, 12, 20),
                )
            ],
            samples=[proposals.SampleInput(name="Purified protein in buffer", hazard="biological")],
        )
        return proposals.proposal_submit(actor=alice, proposal=draft)

    made = [submitted(title) for title in TITLES]
    for proposal in made:
        for beamline in beamlines:
            review.technical_review_record(
                actor=ivan, proposal=proposal, instrument=beamline, verdict="feasible", comment=""
            )
    panel = Panel.objects.create(facility=ssrf, name_en="Structural biology", name_zh="结构生物学")
    panel.fields.add(field)
    panel.calls.add(call)
    rita = User.objects.create_user(
        username="rita",
        email="rita@example.org",
        display_name="Rita Referee",
        affiliation="Zhejiang University",
    )
    for reviewer in (personas["bob"], rita):
        PanelMember.objects.create(panel=panel, user=reviewer)
    review.peer_review_start(actor=dan, call=call)
    made = [Proposal.objects.get(pk=p.pk) for p in made]
    review.review_assign(actor=dan, panel=panel, proposals=made, per_proposal=2)
    ritas = ReviewAssignment.objects.get(reviewer=rita, proposal=made[0])
    review.review_submit(reviewer=rita, assignment=ritas, score=2, comment="Rita thinks the aims are vague")
    waiting = submitted(WAITING)
    return ReviewScene(call=call, panel=panel, proposals=made, waiting=waiting, rita=rita)


def session_cookie(user: User, url: str) -> dict[str, str]:
    """A signed-in session for the browser (the site's login pages are another part of the work)."""
    client = Client()
    client.force_login(user)
    return {
        "name": settings.SESSION_COOKIE_NAME,
        "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
        "url": url,
    }
