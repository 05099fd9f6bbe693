"""Usage of allocated experiments in the API, beside the booking check-in endpoints (accounting/api.py):
`POST /api/experiments/{id}/check-in` and `.../check-out`, where the id is the published allocation's.

401 anonymous; 404 for an experiment the caller may not read, or a `user` who is not on its team; 403 for a
role (a team member checking in someone else, or giving a time); 409 for a state (not registered on site in
the approved visit, already checked in, outside the member's window); 422 for input (naive times).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Field, Path, Router
from ninja.errors import HttpError

from sciencecity.accounting.schemas import MomentIn, UsageOut
from sciencecity.accounts.api_auth import api_auth
from sciencecity.accounts.models import User
from sciencecity.core.api import CONFLICT, FORBIDDEN, INVALID_INPUT, NOT_FOUND, UNAUTHORISED, ErrorOut
from sciencecity.scheduling.models import Allocation
from sciencecity.sitevisits import selectors, usage


class SignedInRequest(HttpRequest):
    auth: User


class ExperimentMomentIn(MomentIn):
    user: str | None = Field(
        None,
        max_length=150,
        description="username of the team member (the instrument's staff); you if omitted",
    )


router = Router(tags=["usage"], auth=api_auth)

WRITE: dict[int, Any] = {
    **UNAUTHORISED,
    400: ErrorOut,
    **FORBIDDEN,
    **INVALID_INPUT,
    **CONFLICT,
    **NOT_FOUND,
    500: ErrorOut,
}
EXPERIMENT_ID = Path(..., ge=1, le=2**53, description="the experiment's id (its published allocation)")


def _experiment(request: SignedInRequest, experiment_id: int) -> Allocation:
    allocation = selectors.experiment_for(request.auth, experiment_id)
    if allocation is None:
        raise HttpError(404, "No such experiment.")
    return allocation


def _person(allocation: Allocation, payload: ExperimentMomentIn | None) -> User | None:
    if payload is None or not payload.user:
        return None
    person = (
        User.objects.filter(
            username=payload.user,
            memberships__proposal_id=allocation.proposal_id,
            memberships__status="accepted",
        )
        .distinct()
        .first()
    )
    if person is None:
        raise HttpError(404, "Nobody of that username is on the experiment's team.")
    return person


@router.post("/experiments/{experiment_id}/check-in", response={200: UsageOut, **WRITE})
def experiment_check_in(
    request: SignedInRequest, experiment_id: int = EXPERIMENT_ID, payload: ExperimentMomentIn | None = None
) -> Any:
    """Check a team member in at the experiment's instrument: the member themselves (from 15 minutes before
    the allocated time to an hour after it), or the instrument's staff, who name the member (`user`) and
    may give the time it happened (`at`). The member must be registered on site in the approved visit."""
    allocation = _experiment(request, experiment_id)
    return usage.experiment_check_in(
        actor=request.auth,
        allocation=allocation,
        person=_person(allocation, payload),
        at=payload.at if payload else None,
    )


@router.post("/experiments/{experiment_id}/check-out", response={200: UsageOut, **WRITE})
def experiment_check_out(
    request: SignedInRequest, experiment_id: int = EXPERIMENT_ID, payload: ExperimentMomentIn | None = None
) -> Any:
    """Check a checked-in team member out; their hours then count, internal or external."""
    allocation = _experiment(request, experiment_id)
    return usage.experiment_check_out(
        actor=request.auth,
        allocation=allocation,
        person=_person(allocation, payload),
        at=payload.at if payload else None,
    )
