"""Reads of the review: the panel a proposal goes to, the scientists' and reviewers' queues, a panel's state.

A call may have several panels. A proposal goes to the call's first panel (lowest id: the first created)
whose fields include the proposal's field; a proposal whose field no panel of the call lists (or that names
no field) goes to the call's first panel. Every proposal of the call therefore has exactly one panel.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from sciencecity.accounts.models import User
from sciencecity.proposals.models import Call, Proposal, Request
from sciencecity.proposals.permissions import scientist_instruments
from sciencecity.review.conflicts import conflicts
from sciencecity.review.models import (
    ConflictDeclaration,
    Panel,
    PanelMember,
    ReviewAssignment,
    TechnicalReview,
)
from sciencecity.review.technical import TechnicalOutcome, technical_outcome

S = Proposal.Status
IN_REVIEW = (S.SUBMITTED, S.TECHNICAL_REVIEW, S.PEER_REVIEW)
REQUEST_PARTS = Prefetch("requests", queryset=Request.objects.prefetch_related("instruments"))


def proposals_for_panel(panel: Panel, call: Call) -> QuerySet[Proposal]:
    """The call's proposals past their draft that this panel reviews (none if it does not serve the call)."""
    panels = list(call.panels.order_by("pk").prefetch_related("fields"))
    if panel.pk not in {p.pk for p in panels}:
        return Proposal.objects.none()
    earlier = {f.pk for p in panels if p.pk < panel.pk for f in p.fields.all()}
    mine = {f.pk for f in next(p for p in panels if p.pk == panel.pk).fields.all()} - earlier
    goes_here = Q(field_id__in=mine)
    if panels[0].pk == panel.pk:
        listed = {f.pk for p in panels for f in p.fields.all()}
        goes_here |= Q(field__isnull=True) | ~Q(field_id__in=listed)
    return call.proposals.exclude(status=S.DRAFT).filter(goes_here).order_by("reference", "pk")


def proposal_detail_parts(proposals: QuerySet[Proposal]) -> QuerySet[Proposal]:
    return proposals.select_related("field", "call").prefetch_related(REQUEST_PARTS, "samples")


# --- technical review --------------------------------------------------------------------------------------


def outcome_of(proposal: Proposal) -> TechnicalOutcome:
    requests = [[i.code for i in r.instruments.all()] for r in proposal.requests.all()]
    verdicts = {t.instrument.code: t.verdict for t in proposal.technical_reviews.select_related("instrument")}
    return technical_outcome(requests, verdicts)


@dataclass
class TechnicalItem:
    proposal: Proposal
    mine: list[Any]  # (instrument, TechnicalReview | None) for the scientist's requested instruments


def technical_queue(user: User) -> list[TechnicalItem]:
    """Proposals in technical review (or submitted) that request one of the scientist's instruments."""
    instruments = list(scientist_instruments(user))
    if not instruments:
        return []
    proposals = proposal_detail_parts(
        Proposal.objects.filter(
            status__in=(S.SUBMITTED, S.TECHNICAL_REVIEW), requests__instruments__in=instruments
        )
        .distinct()
        .order_by("submitted_at", "pk")
    ).prefetch_related(Prefetch("technical_reviews", queryset=TechnicalReview.objects.all()))
    items = []
    for proposal in proposals:
        requested = {i.pk for r in proposal.requests.all() for i in r.instruments.all()}
        verdicts = {t.instrument_id: t for t in proposal.technical_reviews.all()}
        mine = [(i, verdicts.get(i.pk)) for i in instruments if i.pk in requested]
        items.append(TechnicalItem(proposal=proposal, mine=mine))
    return items


# --- peer review -------------------------------------------------------------------------------------------


def assignments_of(user: User) -> QuerySet[ReviewAssignment]:
    """The reviewer's own assignments: nothing about anyone else's."""
    if not getattr(user, "is_authenticated", False):
        return ReviewAssignment.objects.none()
    return (
        ReviewAssignment.objects.filter(reviewer=user)
        .select_related("proposal__field", "proposal__call", "panel")
        .prefetch_related(
            Prefetch("proposal__requests", queryset=Request.objects.prefetch_related("instruments")),
            "proposal__samples",
        )
        .order_by("score", "proposal__reference", "pk")
    )


def reviewer_panels(user: User) -> QuerySet[Panel]:
    if not getattr(user, "is_authenticated", False):
        return Panel.objects.none()
    return Panel.objects.filter(members__user=user, members__role=PanelMember.Role.REVIEWER)


def conflict_candidates(user: User) -> list[tuple[Panel, list[Proposal]]]:
    """Per panel the reviewer sits on: the titles of its proposals in review that they have not scored."""
    scored = ReviewAssignment.objects.filter(reviewer=user, score__isnull=False).values("proposal_id")
    result = []
    for panel in reviewer_panels(user).prefetch_related("calls"):
        proposals: list[Proposal] = []
        for call in panel.calls.all():
            proposals += list(
                proposals_for_panel(panel, call).filter(status__in=IN_REVIEW).exclude(pk__in=scored)
            )
        result.append((panel, proposals))
    return result


def declared_by(user: User) -> set[int]:
    return set(ConflictDeclaration.objects.filter(reviewer=user).values_list("proposal_id", flat=True))


def can_declare_conflict(user: User, proposal: Proposal) -> bool:
    """A reviewer of the proposal's panel while it is in review, or the reviewer it is assigned to."""
    if not getattr(user, "is_authenticated", False) or proposal.status not in IN_REVIEW:
        return False
    if ReviewAssignment.objects.filter(reviewer=user, proposal=proposal).exists():
        return True
    return any(
        proposals_for_panel(panel, proposal.call).filter(pk=proposal.pk).exists()
        for panel in reviewer_panels(user).filter(calls=proposal.call)
    )


# --- the officer's view of a panel -------------------------------------------------------------------------


@dataclass
class ProposalRow:
    proposal: Proposal
    assignments: list[ReviewAssignment]
    shortfall: int
    free: int  # panel reviewers without a conflict on this proposal
    conflicted: list[str] = field(default_factory=list)  # "reviewer: reasons" for each one ruled out


@dataclass
class PanelOverview:
    panel: Panel
    reviewers: list[User]
    load: dict[int, int]
    rows: list[ProposalRow]

    @property
    def load_rows(self) -> list[tuple[User, int]]:
        return [(r, self.load.get(r.pk, 0)) for r in self.reviewers]

    @property
    def short(self) -> list[ProposalRow]:
        return [row for row in self.rows if row.shortfall]


def panel_overview(panel: Panel, call: Call, per_proposal: int) -> PanelOverview:
    """The panel's proposals in peer review with their reviewers, each reviewer's load, and every shortfall
    with its cause (the reviewers a conflict rules out, with the reasons)."""
    reviewers = [
        seat.user
        for seat in PanelMember.objects.filter(panel=panel, role=PanelMember.Role.REVIEWER)
        .select_related("user")
        .order_by("user__username")
    ]
    proposals = list(proposals_for_panel(panel, call).filter(status=S.PEER_REVIEW))
    found = conflicts(reviewers, proposals)
    assignments = ReviewAssignment.objects.filter(proposal__in=proposals).select_related("reviewer")
    by_proposal: dict[int, list[ReviewAssignment]] = {p.pk: [] for p in proposals}
    load: dict[int, int] = {}
    for a in assignments:
        by_proposal[a.proposal_id].append(a)
        load[a.reviewer_id] = load.get(a.reviewer_id, 0) + 1
    rows = []
    for proposal in proposals:
        have = by_proposal[proposal.pk]
        shortfall = max(0, per_proposal - len(have))
        ruled_out = [r for r in reviewers if (r.pk, proposal.pk) in found]
        conflicted = [f"{r}: {'; '.join(found[(r.pk, proposal.pk)])}" for r in ruled_out]
        rows.append(ProposalRow(proposal, have, shortfall, len(reviewers) - len(ruled_out), conflicted))
    return PanelOverview(panel=panel, reviewers=reviewers, load=load, rows=rows)
