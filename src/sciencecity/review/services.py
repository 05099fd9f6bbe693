"""Writes of the review: publication lists, declared conflicts, automatic assignment, reassignment, scores.

No assignment is ever made into a conflict of interest: `review_assign` leaves conflicted pairs out of the
optimisation, and `review_reassign` refuses one with its reasons.
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
from sciencecity.proposals.models import Proposal
from sciencecity.review.assignment import Assignment, AssignmentProblem, assign
from sciencecity.review.conflicts import conflicts
from sciencecity.review.models import (
    ConflictDeclaration,
    Panel,
    PanelMember,
    PublicationList,
    ReviewAssignment,
)
from sciencecity.review.publications import PublicationFileError, parse


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
    """A reviewer declares a conflict; an assignment they hold on that proposal without a score is removed."""
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
        ReviewAssignment.objects.create(
            proposal=by_pk[int(proposal_id)], panel=panel, reviewer_id=int(reviewer_id)
        )
        audit_record(actor=actor, target=by_pk[int(proposal_id)], action="review.assign")
    return result


@transaction.atomic
def review_reassign(*, actor: User | None, assignment: ReviewAssignment, reviewer: User) -> ReviewAssignment:
    """Give an unscored assignment to another reviewer of the same panel, never into a conflict."""
    assignment = ReviewAssignment.objects.select_for_update().get(pk=assignment.pk)
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
