"""The API of calls and proposals: the same rights as the pages, the same services behind them.

Open and closed calls and the fields of science are public; everything else needs a signed-in caller (401
otherwise). A proposal the caller may not read is a 404, whether or not it exists; an action the caller's role
forbids is a 403, one the proposal's state forbids (already submitted, past the deadline) a 409, and input the
services refuse a 422 listing every problem.
"""

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Path, Query, Router, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from sciencecity.accounts.api_auth import api_auth
from sciencecity.accounts.models import User
from sciencecity.core.api import (
    CONFLICT,
    FORBIDDEN,
    INVALID_INPUT,
    NOT_FOUND,
    UNAUTHORISED,
    CappedLimitOffsetPagination,
    ErrorOut,
)
from sciencecity.proposals import selectors, services
from sciencecity.proposals.models import Member, Proposal
from sciencecity.proposals.schemas import (
    CallOut,
    CallStatus,
    FieldOut,
    InvitationOut,
    InviteIn,
    MemberOut,
    ProposalIn,
    ProposalOut,
    ProposalPatch,
    ProposalStatus,
    RequestIn,
    SampleIn,
    WithdrawIn,
)


class SignedInRequest(HttpRequest):
    auth: User  # set by ninja from what AUTH returned


# How a caller proves who they are: a personal Bearer token or the site session (with CSRF).
AUTH = api_auth

router = Router(tags=["calls and proposals"], auth=AUTH)

SIGNED_IN: dict[int, Any] = {**UNAUTHORISED, 500: ErrorOut}
# A write is also refused with a 403 when the caller's role forbids it or a session lacks its CSRF token,
# a 400 when its body is not JSON and a 422 when the body or a service refuses the input.
WRITE: dict[int, Any] = {**SIGNED_IN, 400: ErrorOut, **FORBIDDEN, **INVALID_INPUT}
PROPOSAL_ID = Path(..., ge=1, le=2**53, description="the proposal's id")
MEMBER_ID = Path(..., ge=1, le=2**53, description="the invitation's id")


def _caller(request: HttpRequest) -> Any:
    """The signed-in user on a public endpoint, when the request carries credentials AUTH accepts."""
    for method in AUTH:
        try:
            user = method(request)
        except HttpError:
            user = None
        if user:
            return user
    return AnonymousUser()


def _readable(request: SignedInRequest, pk: int) -> Proposal:
    proposal = selectors.proposal_for(request.auth, pk)
    if proposal is None:
        raise HttpError(404, "No such proposal.")
    return proposal


def _fresh(request: SignedInRequest, proposal: Proposal) -> Proposal:
    """The proposal as the caller now reads it, after a change (they could read it a moment ago)."""
    return selectors.proposals_for(request.auth).get(pk=proposal.pk)


def _request_inputs(requests: list[RequestIn]) -> list[services.RequestInput]:
    instruments = selectors.instruments_with_slugs(slug for r in requests for slug in r.instruments)
    return [
        services.RequestInput(
            instruments=[instruments[slug] for slug in dict.fromkeys(r.instruments)],
            shifts=r.shifts,
            earliest=r.earliest,
            latest=r.latest,
            unavailable=r.unavailable,
        )
        for r in requests
    ]


def _sample_inputs(samples: list[SampleIn]) -> list[services.SampleInput]:
    return [services.SampleInput(name=s.name, hazard=s.hazard) for s in samples]


# --- calls and fields --------------------------------------------------------------------------------------


@router.get("/calls", auth=None, response={200: list[CallOut], **INVALID_INPUT})
@paginate(CappedLimitOffsetPagination)
def list_calls(request: HttpRequest, status: CallStatus | None = None) -> Any:
    """Calls for proposals, the latest deadline first: open and closed ones for anyone, drafts for their
    officers only."""
    return selectors.calls_visible_to(_caller(request), status=status)


@router.get("/fields", auth=None, response={200: list[FieldOut], **INVALID_INPUT})
@paginate(CappedLimitOffsetPagination)
def list_fields(request: HttpRequest) -> Any:
    """The fields of science a proposal names (by slug)."""
    return selectors.field_list()


# --- proposals ---------------------------------------------------------------------------------------------


@router.get("/proposals", response={200: list[ProposalOut], **SIGNED_IN, **INVALID_INPUT})
@paginate(CappedLimitOffsetPagination)
def list_proposals(
    request: SignedInRequest,
    call: int | None = Query(None, ge=1, le=2**53, description="the call's id"),
    status: ProposalStatus | None = None,
) -> Any:
    """The proposals the caller may read: their own, and those their staff roles cover."""
    return selectors.proposals_for(request.auth, call=call, status=status)


@router.post("/proposals", response={201: ProposalOut, **WRITE, **CONFLICT})
def create_proposal(request: SignedInRequest, payload: ProposalIn) -> Any:
    """A draft with the caller as its principal investigator (409 when the call is closed)."""
    call = selectors.call_visible_to(request.auth, payload.call)
    if call is None:
        raise ValidationError({"call": f"There is no call {payload.call}."})
    proposal = services.proposal_create(
        actor=request.auth,
        call=call,
        title=payload.title,
        abstract=payload.abstract,
        field=selectors.field_with_slug(payload.field) if payload.field else None,
        access_route=payload.access_route,
        requests=_request_inputs(payload.requests),
        samples=_sample_inputs(payload.samples),
    )
    return Status(201, _fresh(request, proposal))


@router.get(
    "/proposals/{proposal_id}", response={200: ProposalOut, **SIGNED_IN, **NOT_FOUND, **INVALID_INPUT}
)
def get_proposal(request: SignedInRequest, proposal_id: int = PROPOSAL_ID) -> Any:
    return _readable(request, proposal_id)


@router.patch("/proposals/{proposal_id}", response={200: ProposalOut, **WRITE, **NOT_FOUND, **CONFLICT})
def update_proposal(request: SignedInRequest, payload: ProposalPatch, proposal_id: int = PROPOSAL_ID) -> Any:
    """Change a draft (its members only); `requests` and `samples`, when given, replace the whole list."""
    proposal = _readable(request, proposal_id)
    given = payload.dict(exclude_unset=True)
    changes: dict[str, Any] = {
        name: given[name] for name in ("title", "abstract", "access_route") if name in given
    }
    if "field" in given:
        changes["field"] = selectors.field_with_slug(given["field"]) if given["field"] else None
    services.proposal_update(
        actor=request.auth,
        proposal=proposal,
        requests=None if payload.requests is None else _request_inputs(payload.requests),
        samples=None if payload.samples is None else _sample_inputs(payload.samples),
        **changes,
    )
    return _fresh(request, proposal)


@router.post("/proposals/{proposal_id}/submit", response={200: ProposalOut, **WRITE, **NOT_FOUND, **CONFLICT})
def submit_proposal(request: SignedInRequest, proposal_id: int = PROPOSAL_ID) -> Any:
    """Submit a complete draft before the call's deadline, once: 409 when it is already submitted or
    withdrawn or the call is past its deadline, 422 listing every part still missing."""
    proposal = _readable(request, proposal_id)
    services.proposal_submit(actor=request.auth, proposal=proposal)
    return _fresh(request, proposal)


@router.post(
    "/proposals/{proposal_id}/withdraw", response={200: ProposalOut, **WRITE, **NOT_FOUND, **CONFLICT}
)
def withdraw_proposal(
    request: SignedInRequest, payload: WithdrawIn | None = None, proposal_id: int = PROPOSAL_ID
) -> Any:
    """The principal investigator withdraws the proposal, with an optional reason (403 for anyone else)."""
    proposal = _readable(request, proposal_id)
    reason = payload.reason if payload is not None else ""
    services.proposal_withdraw(actor=request.auth, proposal=proposal, reason=reason)
    return _fresh(request, proposal)


# --- co-proposers ------------------------------------------------------------------------------------------


@router.post("/proposals/{proposal_id}/members", response={201: MemberOut, **WRITE, **NOT_FOUND, **CONFLICT})
def invite_member(request: SignedInRequest, payload: InviteIn, proposal_id: int = PROPOSAL_ID) -> Any:
    """The principal investigator invites a co-proposer by e-mail while the proposal is a draft."""
    proposal = _readable(request, proposal_id)
    member = services.member_invite(actor=request.auth, proposal=proposal, email=payload.email)
    return Status(201, _member_out(member))


@router.get("/invitations", response={200: list[InvitationOut], **SIGNED_IN, **INVALID_INPUT})
@paginate(CappedLimitOffsetPagination)
def list_invitations(request: SignedInRequest) -> Any:
    """The invitations to the caller's e-mail address still waiting for an answer."""
    return selectors.invitations_for(request.auth)


@router.post("/invitations/{member_id}/accept", response={200: MemberOut, **WRITE, **NOT_FOUND, **CONFLICT})
def accept_invitation(request: SignedInRequest, member_id: int = MEMBER_ID) -> Any:
    """The invited person joins the proposal (409 when the invitation was already answered)."""
    return _respond(request, member_id, accept=True)


@router.post("/invitations/{member_id}/decline", response={200: MemberOut, **WRITE, **NOT_FOUND, **CONFLICT})
def decline_invitation(request: SignedInRequest, member_id: int = MEMBER_ID) -> Any:
    """The invited person declines (409 when the invitation was already answered)."""
    return _respond(request, member_id, accept=False)


def _respond(request: SignedInRequest, member_id: int, *, accept: bool) -> dict[str, Any]:
    member = selectors.invitation_for(request.auth, member_id)
    if member is None:
        raise HttpError(404, "No such invitation.")
    return _member_out(services.member_respond(user=request.auth, member=member, accept=accept))


def _member_out(member: Member) -> dict[str, Any]:
    return {
        "id": member.pk,
        "name": str(member.user) if member.user is not None else "",
        "email": member.email,
        "role": member.role,
        "status": member.status,
    }
