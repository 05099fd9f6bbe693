"""Who may see and do what with calls and proposals: one selector of readable proposals, named checks.

Staff rights are held for a scope (accounts.RoleGrant): a user-office officer or facility manager for a
facility (or for an organisation: every facility it operates), an instrument scientist for instruments.
Panel seats (review.PanelMember) are the scope of reviewers and chairs; they are reached here by lookups
through the ORM, so this module needs nothing from the review app.

- Members of a proposal (accepted) read it; they change it while it is a draft; only its PI withdraws it.
- Officers and managers read the submitted proposals of their facilities' calls and run those calls.
- Instrument scientists read submitted proposals that request one of their instruments.
- Reviewers read the proposals assigned to them; chairs read the proposals of their panels' calls.
- Nobody else reads a proposal, and no one reads a draft but its members.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from sciencecity.accounts.models import RoleGrant
from sciencecity.core.roles import FACILITY_ROLES, Role
from sciencecity.proposals.models import Call, Member, Proposal
from sciencecity.registry.models import Facility, Instrument


def _signed_in(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def officer_facilities(user: Any) -> QuerySet[Facility]:
    """The facilities whose calls this user runs (officer or manager, by facility or by operator)."""
    if not _signed_in(user):
        return Facility.objects.none()
    if user.is_superuser:
        return Facility.objects.all()
    grants = RoleGrant.objects.filter(user=user, role__in=FACILITY_ROLES)
    return Facility.objects.filter(
        Q(pk__in=grants.values("facility_id")) | Q(operator_id__in=grants.values("organisation_id"))
    )


def scientist_instruments(user: Any) -> QuerySet[Instrument]:
    if not _signed_in(user):
        return Instrument.objects.none()
    grants = RoleGrant.objects.filter(user=user, role=Role.INSTRUMENT_SCIENTIST)
    return Instrument.objects.filter(pk__in=grants.values("instrument_id"))


def proposals_visible_to(user: Any) -> QuerySet[Proposal]:
    """Every proposal this user may read; pages, the API and exports all start from this."""
    if not _signed_in(user):
        return Proposal.objects.none()
    if user.is_superuser:
        return Proposal.objects.all()
    mine = Q(members__user=user, members__status=Member.Status.ACCEPTED)
    staff = (
        Q(call__cycle__facility__in=officer_facilities(user))
        | Q(requests__instruments__in=scientist_instruments(user))
        | Q(review_assignments__reviewer=user)
        | Q(call__panels__members__user=user, call__panels__members__role="chair")
    )
    ids = Proposal.objects.filter(mine | (staff & ~Q(status=Proposal.Status.DRAFT))).values("pk")
    return Proposal.objects.filter(pk__in=ids)


def can_read_proposal(user: Any, proposal: Proposal) -> bool:
    return proposals_visible_to(user).filter(pk=proposal.pk).exists()


def is_member(user: Any, proposal: Proposal) -> bool:
    return _signed_in(user) and proposal.members.filter(user=user, status=Member.Status.ACCEPTED).exists()


def can_edit_proposal(user: Any, proposal: Proposal) -> bool:
    return proposal.status == Proposal.Status.DRAFT and is_member(user, proposal)


def is_pi(user: Any, proposal: Proposal) -> bool:
    return _signed_in(user) and proposal.members.filter(user=user, role=Member.Role.PI).exists()


def calls_managed_by(user: Any) -> QuerySet[Call]:
    return Call.objects.filter(cycle__facility__in=officer_facilities(user))


def can_manage_call(user: Any, call: Call) -> bool:
    return calls_managed_by(user).filter(pk=call.pk).exists()


def can_review_technically(user: Any, proposal: Proposal, instrument: Instrument) -> bool:
    """The instrument's scientist, for a proposal past its draft that requests that instrument."""
    return (
        proposal.status != Proposal.Status.DRAFT
        and scientist_instruments(user).filter(pk=instrument.pk).exists()
        and proposal.requests.filter(instruments=instrument).exists()
    )


def can_see_ranking(user: Any, call: Call) -> bool:
    """The officers of the call's facility and the chairs of the call's panels."""
    if can_manage_call(user, call):
        return True
    return _signed_in(user) and call.panels.filter(members__user=user, members__role="chair").exists()
