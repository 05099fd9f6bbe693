"""A scored panel on the demo map's SSRF beamlines, for the ranking pages' browser test and screenshots.

Everything goes through the services (as the demo does); the people are synthetic and say so.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from sciencecity.accounts.models import User
from sciencecity.accounts.services import role_grant
from sciencecity.core.roles import Role
from sciencecity.proposals import services
from sciencecity.proposals.models import Call
from sciencecity.registry.models import Facility, Field
from sciencecity.review.models import Panel, PanelMember, ReviewAssignment, TechnicalReview
from sciencecity.review.ranking_services import rank_adjust
from sciencecity.review.services import review_submit

ABSTRACT = " ".join(
    ["We will resolve how the complex assembles in solution and in crystals at high resolution."] * 3
)
PROPOSALS = [  # title, scores by reviewers 1-4 (None: not assigned), verdict
    ("Solution structure of a bacterial efflux pump", (5, 4, None, 5), "feasible"),
    ("Time-resolved SAXS of amyloid fibril growth", (4, 4, 3, None), "feasible"),
    ("Phase behaviour of lipid nanoparticles for mRNA delivery", (None, 3, 4, 4), "with_changes"),
    ("Conformational change of a kinase on inhibitor binding", (3, None, 2, 3), "feasible"),
    ("Polymer blends for battery separators (industry)", (2, 3, None, 2), "feasible"),
    ("Hydration shell of intrinsically disordered proteins", (4, 2, 2, None), "with_changes"),
]


@dataclass
class PanelData:
    call: Call
    panel: Panel
    chair: User
    officer: User


def _person(username: str, name: str) -> User:
    return User.objects.create_user(
        username=username,
        email=f"{username}@example.org",
        password="Synthetic-person-1",
        display_name=f"{name} (synthetic)",
    )


def seed_panel() -> PanelData:
    ssrf = Facility.objects.get(slug="fac-ssrf")
    beamlines = list(ssrf.instruments.filter(code__in=["BL19U2", "BL16B1", "BL10U1"]).order_by("code"))
    field = Field.objects.filter(name_en__icontains="bio").order_by("slug").first() or Field.objects.first()
    cycle = services.cycle_create(
        facility=ssrf,
        name="2026-I-R",
        starts_on=dt.date(2026, 3, 1),
        ends_on=dt.date(2026, 7, 31),
        offers=[(b, 300) for b in beamlines],
    )
    now = timezone.now()
    call = services.call_create(
        actor=None,
        cycle=cycle,
        title_en="SSRF 2026-I SAXS call",
        title_zh="上海光源 2026-I 小角散射征集",
        opens_at=now - dt.timedelta(days=30),
        closes_at=now + dt.timedelta(days=1),
        instruments=beamlines,
        access_routes=["standard", "industry"],
    )
    services.call_open(actor=None, call=call)
    panel = Panel.objects.create(facility=ssrf, name_en="Soft matter and biology", name_zh="软物质与生物")
    panel.calls.add(call)
    chair, officer = _person("chair-ranking", "Panel chair"), _person("officer-ranking", "SSRF officer")
    PanelMember.objects.create(panel=panel, user=chair, role=PanelMember.Role.CHAIR)
    role_grant(user=officer, role=Role.USER_OFFICE, facility_id=ssrf.pk)
    reviewers = [_person(f"reviewer-ranking-{k}", f"Reviewer {k}") for k in range(1, 5)]
    for reviewer in reviewers:
        PanelMember.objects.create(panel=panel, user=reviewer, role=PanelMember.Role.REVIEWER)
    submitted = []
    for index, (title, _scores, _verdict) in enumerate(PROPOSALS):
        pi = _person(f"pi-ranking-{index}", f"Applicant {index}")
        draft = services.proposal_create(
            actor=pi,
            call=call,
            title=title,
            abstract=ABSTRACT,
            field=field,
            access_route="industry" if "industry" in title else "standard",
            requests=[
                services.RequestInput(instruments=beamlines[index % 2 :][:2], shifts=6 + 3 * (index % 3))
            ],
            samples=[services.SampleInput(name="Protein solution")],
        )
        submitted.append(services.proposal_submit(actor=pi, proposal=draft))
    services.call_close(actor=officer, call=call)
    for proposal, (_title, scores, verdict) in zip(submitted, PROPOSALS, strict=True):
        services.proposal_move(actor=officer, proposal=proposal, to="technical_review")
        TechnicalReview.objects.create(
            proposal=proposal, instrument=beamlines[0], reviewer=officer, verdict=verdict
        )
        moved = services.proposal_move(actor=officer, proposal=proposal, to="peer_review")
        for reviewer, score in zip(reviewers, scores, strict=True):
            if score is not None:
                assignment = ReviewAssignment.objects.create(proposal=moved, panel=panel, reviewer=reviewer)
                review_submit(
                    reviewer=reviewer, assignment=assignment, score=score, comment="Synthetic review."
                )
    rank_adjust(actor=chair, panel=panel, proposal=submitted[3], steps=1, reason="Unique inhibitor series")
    return PanelData(call, panel, chair, officer)
