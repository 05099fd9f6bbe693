"""Writes of the ranking stage: finishing peer review, the chair's moves, the officer's decision.

Each is one transaction and leaves an audit event. Refusals: `PermissionDenied` (the actor's role),
`StateConflict` (the proposal's or call's state), `ValidationError` (the input, every problem listed).
"""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sciencecity.accounts.models import User
from sciencecity.core.audit import audit_record
from sciencecity.core.errors import PermissionDenied, StateConflict
from sciencecity.notifications.messages import notify_decision
from sciencecity.notifications.services import after_commit
from sciencecity.proposals.models import Call, Proposal, Request
from sciencecity.proposals.permissions import can_manage_call
from sciencecity.proposals.services import proposal_move
from sciencecity.review.models import Panel, RankAdjustment, ReviewAssignment
from sciencecity.review.ranking_permissions import can_adjust_ranking

S = Proposal.Status
ADJUSTABLE = (S.PEER_REVIEW, S.RANKED)


@transaction.atomic
def peer_review_finish(*, actor: User, call: Call) -> list[Proposal]:
    """Every proposal of the call in peer review becomes ranked, all or none.

    Refused while a review assignment of those proposals has no score, or a proposal has no review at all.
    """
    if not can_manage_call(actor, call):
        raise PermissionDenied(_("Only the call's user office finishes peer review."))
    Call.objects.select_for_update().get(pk=call.pk)
    proposals = list(
        Proposal.objects.select_for_update().filter(call=call, status=S.PEER_REVIEW).order_by("pk")
    )
    if not proposals:
        raise StateConflict(_("No proposal of this call is in peer review."))
    unscored = ReviewAssignment.objects.filter(proposal__in=proposals, score__isnull=True)
    reviewed = set(
        ReviewAssignment.objects.filter(proposal__in=proposals).values_list("proposal_id", flat=True)
    )
    waiting = sorted(
        {str(a.proposal) for a in unscored.select_related("proposal")}
        | {str(p) for p in proposals if p.pk not in reviewed}
    )
    if waiting:
        raise StateConflict(
            _("Peer review is not finished; still waiting for scores on: %(refs)s.")
            % {"refs": ", ".join(waiting)}
        )
    return [
        proposal_move(actor=actor, proposal=p, to=S.RANKED, reason="peer review finished") for p in proposals
    ]


@transaction.atomic
def rank_adjust(*, actor: User, panel: Panel, proposal: Proposal, steps: int, reason: str) -> RankAdjustment:
    """The chair moves a proposal `steps` places up (positive) or down in the panel's ranking, saying why."""
    if not can_adjust_ranking(actor, panel):
        raise PermissionDenied(_("Only the panel's chair moves proposals in its ranking."))
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if not proposal.review_assignments.filter(panel=panel).exists():
        raise ValidationError({"proposal": _("This proposal is not reviewed by this panel.")})
    if proposal.status not in ADJUSTABLE:
        raise StateConflict(
            _("A %(status)s proposal is no longer ranked by the panel.")
            % {"status": proposal.get_status_display()}
        )
    errors = {}
    if not steps:
        errors["steps"] = _("Move the proposal at least one place.")
    if not reason.strip():
        errors["reason"] = _("Say why the proposal moves.")
    if errors:
        raise ValidationError(errors)
    adjustment = RankAdjustment.objects.create(
        panel=panel, proposal=proposal, steps=steps, reason=reason.strip(), actor=actor
    )
    audit_record(
        actor=actor, target=proposal, action="ranking.move", to_state=f"{steps:+d}", reason=reason.strip()
    )
    return adjustment


@transaction.atomic
def decision_record(
    *,
    actor: User,
    proposal: Proposal,
    recommended: Mapping[int, int] | None = None,
    rejection_reason: str = "",
) -> Proposal:
    """The officer's decision on a ranked proposal: recommended shifts for every request, or a rejection.

    `recommended` maps each of the proposal's request ids to shifts between 0 and the shifts requested; a
    recommendation may be recorded again while the proposal is ranked. A rejection (with its reason) moves the
    proposal to `rejected` for good.
    """
    proposal = Proposal.objects.select_for_update().select_related("call").get(pk=proposal.pk)
    if not can_manage_call(actor, proposal.call):
        raise PermissionDenied(_("Only the call's user office records decisions."))
    if proposal.status != S.RANKED:
        raise StateConflict(
            _("Decisions are recorded on ranked proposals; this one is %(status)s.")
            % {"status": proposal.get_status_display()}
        )
    if (recommended is None) == (not rejection_reason.strip()):
        raise ValidationError(_("Either recommend shifts for every request or reject with a reason."))
    if recommended is None:
        proposal = proposal_move(
            actor=actor, proposal=proposal, to=S.REJECTED, reason=rejection_reason.strip()
        )
    else:
        _recommend(actor, proposal, recommended)
    # The decision e-mail goes out once the decision is committed.
    after_commit(notify_decision, proposal)  # nobody hears of a rolled-back decision
    return proposal


def _recommend(actor: User, proposal: Proposal, recommended: Mapping[int, int]) -> None:
    requests = {r.pk: r for r in Request.objects.select_for_update().filter(proposal=proposal)}
    problems: list[str] = []
    unknown = sorted(set(recommended) - set(requests))
    if unknown:
        problems.append(_("Not a request of this proposal: %(ids)s.") % {"ids": ", ".join(map(str, unknown))})
    for number, (pk, request) in enumerate(sorted(requests.items()), start=1):
        shifts = recommended.get(pk)
        label = _("Request %(n)d") % {"n": number}
        if shifts is None:
            problems.append(_("%(request)s: recommend a number of shifts (0 for none).") % {"request": label})
        elif shifts < 0 or shifts > request.shifts:
            problems.append(
                _("%(request)s: recommend between 0 and the %(requested)d shifts requested, not %(given)d.")
                % {"request": label, "requested": request.shifts, "given": shifts}
            )
    if problems:
        raise ValidationError({"recommended": problems})
    summary = []
    for number, (pk, request) in enumerate(sorted(requests.items()), start=1):
        request.recommended_shifts = recommended[pk]
        request.save(update_fields=["recommended_shifts"])
        summary.append(f"R{number} {request.recommended_shifts}/{request.shifts}")
    audit_record(actor=actor, target=proposal, action="decision.recommend", reason="; ".join(summary))
