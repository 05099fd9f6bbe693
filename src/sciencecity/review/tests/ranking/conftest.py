"""A panel that has scored three proposals, with figures worked out by hand (see test_ranking_math.py).

scores        A   B   C     reviewer mean / population std    z of A, B, C
reviewer r1   5   3   1     3 / sqrt(8/3) = 1.63299           +1.22474, 0, -1.22474
reviewer r2   4   4   -     4 / 0 (constant: z = 0)           0, 0, -
reviewer r3   -   2   4     3 / 1                             -, -1, +1

mean:        A 4.5   B 3.0   C 2.5          → raw order A, B, C
normalised:  A 0.61237 (= 1.22474 / 2)   B -0.33333 (= -1 / 3)   C -0.11237 (= (-1.22474 + 1) / 2)
                                            → normalised order A, C, B
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from sciencecity.accounts.models import User
from sciencecity.accounts.services import role_grant
from sciencecity.core.roles import Role
from sciencecity.proposals import services
from sciencecity.proposals.models import Call, Proposal
from sciencecity.proposals.tests import conftest as base
from sciencecity.proposals.tests.conftest import ABSTRACT, user
from sciencecity.registry import services as registry
from sciencecity.registry.models import Facility, Field, Instrument
from sciencecity.review.models import Panel, PanelMember, ReviewAssignment, TechnicalReview

SRC = "https://example.org/source"
# The facility, its beamlines, the open call and the field of the proposals app's tests.
facility, beamlines, call, field = base.facility, base.beamlines, base.call, base.field
SCORES = {"r1": {"A": 5, "B": 3, "C": 1}, "r2": {"A": 4, "B": 4}, "r3": {"B": 2, "C": 4}}


@dataclasses.dataclass
class Scenario:
    call: Call
    panel: Panel
    chair: User
    officer: User
    reviewers: dict[str, User]
    proposals: dict[str, Proposal]
    beamlines: list[Instrument]


def submitted_proposal(
    call: Call, pi: User, field: Field, beamlines: list[Instrument], title: str, **kw: object
):
    proposal = services.proposal_create(
        actor=pi,
        call=call,
        title=title,
        abstract=ABSTRACT,
        field=field,
        access_route=str(kw.get("route", "standard")),
        requests=kw.get("requests")  # type: ignore[arg-type]
        or [
            services.RequestInput(
                instruments=beamlines[:2],
                shifts=9,
                earliest=dt.date(2026, 10, 1),
                latest=dt.date(2026, 12, 1),
                unavailable=[(dt.date(2026, 10, 20), dt.date(2026, 10, 25))],
            ),
            services.RequestInput(instruments=beamlines[1:2], shifts=3),
        ],
        samples=[services.SampleInput(name="Crystals")],
    )
    return services.proposal_submit(actor=pi, proposal=proposal)


@pytest.fixture
def scenario(call: Call, facility: Facility, field: Field, beamlines: list[Instrument]) -> Scenario:
    call.access_routes = ["standard", "industry"]
    call.save(update_fields=["access_routes"])
    panel = Panel.objects.create(facility=facility, name_en="Structural biology", name_zh="结构生物学")
    panel.calls.add(call)
    chair, officer = user("chair"), user("officer")
    PanelMember.objects.create(panel=panel, user=chair, role=PanelMember.Role.CHAIR)
    role_grant(user=officer, role=Role.USER_OFFICE, facility_id=facility.pk)
    reviewers = {name: user(name) for name in SCORES}
    for person in reviewers.values():
        PanelMember.objects.create(panel=panel, user=person, role=PanelMember.Role.REVIEWER)
    proposals = {}
    for name in "ABC":
        pi = user(f"pi-{name.lower()}")
        route = "industry" if name == "C" else "standard"
        proposals[name] = submitted_proposal(call, pi, field, beamlines, f"Proposal {name}", route=route)
    for proposal in proposals.values():
        services.proposal_move(actor=officer, proposal=proposal, to="technical_review")
        TechnicalReview.objects.create(
            proposal=proposal, instrument=beamlines[0], reviewer=officer, verdict="feasible"
        )
        services.proposal_move(actor=officer, proposal=proposal, to="peer_review")
    for reviewer, given in SCORES.items():
        for name, score in given.items():
            ReviewAssignment.objects.create(
                proposal=proposals[name], panel=panel, reviewer=reviewers[reviewer], score=score
            )
    return Scenario(call, panel, chair, officer, reviewers, proposals, beamlines)


@pytest.fixture
def other_officer(db: None) -> User:
    """The user office of another facility (like SHINE's officer looking at an SSRF call)."""
    shine = registry.facility_upsert(slug="fac-shine", code="SHINE", name_en="SHINE", source=SRC).record
    officer = user("shine-officer")
    role_grant(user=officer, role=Role.USER_OFFICE, facility_id=shine.pk)
    return officer
