"""Writes of the review: technical verdicts, publication lists, declared conflicts, automatic assignment,
reassignment, scores, and the officer's moves of a call's proposals between review stages.

No assignment is ever made into a conflict of interest: `review_assign` leaves conflicted pairs out of the
optimisation, and `review_reassign` refuses one with its reasons. The technical-review rule is in
`review/technical.py`. Services given an actor check the actor's rights (`actor=None` is the platform itself:
the demo loader and tests).
"""

from __future__ import annotations

import dataclasses

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sciencecity.accounts.models import User
from sciencecity.core.audit import audit_record
from sciencecity.core.errors import PermissionDenied, StateConflict
from sciencecity.notifications.messages import notify_review_assignment
from sciencecity.proposals import services as proposals
from sciencecity.proposals.models import Call, Proposal
from sciencecity.proposals.permissions import can_manage_call, can_review_technically
from sciencecity.registry.models import Instrument
from sciencecity.review.assignment import Assignment, AssignmentProblem, assign
from sciencecity.review.conflicts import conflicts
from sciencecity.review.models import (
    ConflictDeclaration,
    Panel,
    PanelMember,
    PublicationList,
    ReviewAssignment,
    TechnicalReview,
)
from sciencecity.review.publications import PublicationFileError, parse
from sciencecity.review.selectors import can_declare_conflict, outcome_of

S = Proposal.Status


def _after_assignment(assignment: ReviewAssignment) -> None:
    """Called once for every assignment made or handed to another reviewer, inside its transaction:
    the reviewer is told (the notice is stored now, its e-mail leaves when the transaction commits)."""
    notify_review_assignment(assignment)


def _require_officer(actor: User | None, call: Call) -> None:
    if actor is not None and not can_manage_call(actor, call):
        raise PermissionDenied(_("Only the user office of the call's facility can do this."))


# --- technical review --------------------------------------------------------------------------------------


@transaction.atomic
def technical_review_start(*, actor: User | None, call: Call) -> list[Proposal]:
    """The officer starts the technical review of every submitted proposal of the call."""
    _require_officer(actor, call)
    moved = []
    for proposal in call.proposals.filter(status=S.SUBMITTED).order_by("pk"):
        moved.append(proposals.proposal_move(actor=actor, proposal=proposal, to=S.TECHNICAL_REVIEW))
    return moved


@transaction.atomic
def technical_review_record(
    *, actor: User, proposal: Proposal, instrument: Instrument, verdict: str, comment: str = ""
) -> TechnicalReview:
    """The instrument's scientist records (or changes) a verdict while the proposal is in technical review.

    A verdict on a submitted proposal starts its technical review. Once every requested instrument has its
    verdict, a proposal with a request not feasible on any alternative leaves the review rejected, the
    reason naming the requests and the scientists' comments (see `review/technical.py`).
    """
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if not can_review_technically(actor, proposal, instrument):
        raise PermissionDenied(_("Only the instrument's scientist reviews this request."))
    if proposal.status not in (S.SUBMITTED, S.TECHNICAL_REVIEW):
        raise StateConflict(
            _("The technical review is over; this proposal is %(status)s.")
            % {"status": proposal.get_status_display()}
        )
    if proposal.status == S.SUBMITTED:
        proposal = proposals.proposal_move(actor=actor, proposal=proposal, to=S.TECHNICAL_REVIEW)
    review = TechnicalReview.objects.filter(
        proposal=proposal, instrument=instrument
    ).first() or TechnicalReview(proposal=proposal, instrument=instrument)
    review.reviewer, review.verdict, review.comment = actor, verdict, comment
    review.full_clean()
    review.save()
    audit_record(actor=actor, target=proposal, action="review.technical", to_state=verdict, reason=comment)
    outcome = outcome_of(proposal)
    if outcome.rejected:
        proposals.proposal_move(
            actor=actor, proposal=proposal, to=S.REJECTED, reason=_not_feasible_reason(proposal, outcome)
        )
    return review


def _not_feasible_reason(proposal: Proposal, outcome: object) -> str:
    comments = [
        f"{t.instrument.code}: {t.comment}" if t.comment else t.instrument.code
        for t in proposal.technical_reviews.select_related("instrument").order_by("instrument__code")
        if t.verdict == TechnicalReview.Verdict.NOT_FEASIBLE
    ]
    numbers = ", ".join(str(n) for n in outcome.infeasible_requests)  # type: ignore[attr-defined]
    return _("Not feasible (technical review), request %(numbers)s: %(comments)s") % {
        "numbers": numbers,
        "comments": "; ".join(comments),
    }


@transaction.atomic
def peer_review_start(*, actor: User | None, call: Call) -> tuple[list[Proposal], list[Proposal]]:
    """Move the call's technically reviewed proposals to peer review; return (moved, still waiting)."""
    _require_officer(actor, call)
    moved, waiting = [], []
    for proposal in call.proposals.filter(status=S.TECHNICAL_REVIEW).order_by("pk"):
        if outcome_of(proposal).ready_for_peer_review:
            moved.append(proposals.proposal_move(actor=actor, proposal=proposal, to=S.PEER_REVIEW))
        else:
            waiting.append(proposal)
    return moved, waiting


@transaction.atomic
def call_score_normalisation_set(*, actor: User | None, call: Call, normalise: bool) -> Call:
    """Rank the call by per-reviewer z-scores (True) or by raw mean scores (False)."""
    _require_officer(actor, call)
    call = Call.objects.select_for_update().get(pk=call.pk)
    before = call.normalise_scores
    call.normalise_scores = normalise
    call.save(update_fields=["normalise_scores", "updated_at"])
    audit_record(
        actor=actor,
        target=call,
        action="call.normalise_scores",
        from_state=str(before).lower(),
        to_state=str(normalise).lower(),
    )
    return call


# --- peer review -------------------------------------------------------------------------------------------


@transaction.atomic
def publication_list_import(*, user: User, text: str, filename: str = "") -> PublicationList:
    """Replace the user's publication list with a BibTeX or CSL-JSON file's entries."""
    try:
        publications = parse(text, filename)
    except PublicationFileError as exc:
        raise ValidationError({"file": str(exc)}) from exc
    record, _created = PublicationList.objects.update_or_create(
        user=user,
        defaults={"filename": filename, "publications": [dataclasses.asdict(p) for p in publications]},
    )
    return record


@transaction.atomic
def conflict_declare(*, reviewer: User, proposal: Proposal, reason: str = "") -> ConflictDeclaration:
    """A reviewer declares a conflict; an assignment they hold on that proposal without a score is removed.

    Only a reviewer of the proposal's panel (or one it is assigned to) declares, while it is in review.
    """
    proposal = Proposal.objects.select_related("call").get(pk=proposal.pk)
    if not can_declare_conflict(reviewer, proposal):
        raise PermissionDenied(_("Only reviewers of the proposal's panel declare conflicts on it."))
    declaration, _created = ConflictDeclaration.objects.get_or_create(
        reviewer=reviewer, proposal=proposal, defaults={"reason": reason}
    )
    ReviewAssignment.objects.filter(reviewer=reviewer, proposal=proposal, score__isnull=True).delete()
    audit_record(actor=reviewer, target=proposal, action="review.conflict_declared", reason=reason)
    return declaration


@transaction.atomic
def review_assign(
    *, actor: User | None, panel: Panel, proposals: list[Proposal], per_proposal: int
) -> Assignment:
    """Assign `per_proposal` panel reviewers to each proposal: balanced, conflict-free, by expertise."""
    for call in {p.call for p in proposals}:
        _require_officer(actor, call)
    seats = list(
        PanelMember.objects.filter(panel=panel, role=PanelMember.Role.REVIEWER)
        .select_related("user")
        .prefetch_related("expertise")
    )
    reviewers = [seat.user for seat in seats]
    conflicted = conflicts(reviewers, proposals)
    existing = set(
        ReviewAssignment.objects.filter(proposal__in=proposals, reviewer__in=reviewers).values_list(
            "reviewer_id", "proposal_id"
        )
    )
    expertise = {seat.user_id: {f.pk for f in seat.expertise.all()} for seat in seats}
    pairs = {(r.pk, p.pk) for r in reviewers for p in proposals}
    eligible = frozenset((str(r), str(p)) for r, p in pairs - set(conflicted))
    problem = AssignmentProblem(
        reviewers=tuple(str(r.pk) for r in reviewers),
        proposals=tuple(str(p.pk) for p in proposals),
        per_proposal=per_proposal,
        eligible=eligible,
        match={
            (str(r.pk), str(p.pk)): 1.0 for r in reviewers for p in proposals if p.field_id in expertise[r.pk]
        },
        fixed=frozenset((str(r), str(p)) for r, p in existing) & eligible,
    )
    result = assign(problem)
    by_pk = {p.pk: p for p in proposals}
    for reviewer_id, proposal_id in result.pairs:
        if (int(reviewer_id), int(proposal_id)) in existing:
            continue
        made = ReviewAssignment.objects.create(
            proposal=by_pk[int(proposal_id)], panel=panel, reviewer_id=int(reviewer_id)
        )
        audit_record(actor=actor, target=by_pk[int(proposal_id)], action="review.assign")
        _after_assignment(made)
    return result


@transaction.atomic
def review_reassign(*, actor: User | None, assignment: ReviewAssignment, reviewer: User) -> ReviewAssignment:
    """Give an unscored assignment to another reviewer of the same panel, never into a conflict."""
    assignment = (
        ReviewAssignment.objects.select_for_update().select_related("proposal__call").get(pk=assignment.pk)
    )
    _require_officer(actor, assignment.proposal.call)
    if assignment.score is not None:
        raise StateConflict(_("This review is already scored."))
    if not PanelMember.objects.filter(
        panel=assignment.panel, user=reviewer, role=PanelMember.Role.REVIEWER
    ).exists():
        raise ValidationError({"reviewer": _("Choose a reviewer of this panel.")})
    reasons = conflicts([reviewer], [assignment.proposal]).get((reviewer.pk, assignment.proposal_id))
    if reasons:
        raise ValidationError(
            {"reviewer": _("Conflict of interest: %(reasons)s.") % {"reasons": "; ".join(reasons)}}
        )
    if ReviewAssignment.objects.filter(proposal=assignment.proposal, reviewer=reviewer).exists():
        raise ValidationError({"reviewer": _("This reviewer already reviews the proposal.")})
    assignment.reviewer = reviewer
    assignment.save(update_fields=["reviewer"])
    audit_record(actor=actor, target=assignment.proposal, action="review.reassign")
    _after_assignment(assignment)
    return assignment


@transaction.atomic
def review_submit(
    *, reviewer: User, assignment: ReviewAssignment, score: int, comment: str
) -> ReviewAssignment:
    assignment = ReviewAssignment.objects.select_for_update().select_related("proposal").get(pk=assignment.pk)
    if assignment.reviewer_id != reviewer.pk:
        raise PermissionDenied(_("This review is assigned to someone else."))
    if assignment.proposal.status != Proposal.Status.PEER_REVIEW:
        raise StateConflict(_("The proposal is not in peer review."))
    assignment.score, assignment.comment, assignment.reviewed_at = score, comment, timezone.now()
    assignment.full_clean()
    assignment.save(update_fields=["score", "comment", "reviewed_at"])
    return assignment
