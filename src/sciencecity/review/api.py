"""The reviewer's API: their own review assignments, and scoring one.

Rights are the pages': a reviewer reads only the proposals assigned to them and never another reviewer's
name or score. An assignment that is not the caller's is a 404 (its existence is not revealed); a score
while the proposal is not in peer review is a 409;
a score outside 1 to 5 is a 422; an anonymous call is a 401.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Path, Router, Schema
from ninja.pagination import paginate

from sciencecity.accounts.api_auth import api_auth
from sciencecity.core.api import (
    CONFLICT,
    FORBIDDEN,
    INVALID_INPUT,
    NOT_FOUND,
    UNAUTHORISED,
    CappedLimitOffsetPagination,
)
from sciencecity.proposals.models import Proposal
from sciencecity.review import services
from sciencecity.review.models import ReviewAssignment
from sciencecity.review.selectors import assignments_of

# The one switch for how callers authenticate (session now; the accounts app's API tokens when they land).
AUTH = api_auth

router = Router(tags=["review"], auth=AUTH)


class RequestOut(Schema):
    instruments: list[str] = Field(description="slugs of the alternative instruments")
    shifts: int
    earliest: dt.date | None
    latest: dt.date | None
    unavailable: list[list[dt.date]] = Field(description="[first, last] date ranges the team cannot come")


class SampleOut(Schema):
    name: str
    hazard: str


class AssignmentOut(Schema):
    id: int
    proposal: int = Field(description="the proposal's id")
    reference: str
    title: str
    abstract: str
    field: str | None = Field(description="slug of the proposal's field of science")
    requests: list[RequestOut]
    samples: list[SampleOut]
    status: Literal["to_review", "reviewed", "closed"] = Field(
        description="to_review: in peer review, no score yet; reviewed: scored (it may be changed while the "
        "proposal is in peer review); closed: the proposal left peer review unscored"
    )
    proposal_status: str
    score: int | None = Field(description="your score, 1 to 5, once given")
    comment: str


class ReviewIn(Schema):
    score: int = Field(ge=1, le=5, description="1 (poor) to 5 (outstanding)")
    comment: str = Field("", max_length=10_000)


def _out(a: ReviewAssignment) -> AssignmentOut:
    p = a.proposal
    if a.score is not None:
        status = "reviewed"
    else:
        status = "to_review" if p.status == Proposal.Status.PEER_REVIEW else "closed"
    return AssignmentOut(
        id=a.pk,
        proposal=p.pk,
        reference=p.reference,
        title=p.title,
        abstract=p.abstract,
        field=p.field.slug if p.field else None,
        requests=[
            RequestOut(
                instruments=[i.slug for i in r.instruments.all()],
                shifts=r.shifts,
                earliest=r.earliest,
                latest=r.latest,
                unavailable=[list(pair) for pair in r.unavailable_ranges],
            )
            for r in p.requests.all()
        ],
        samples=[SampleOut(name=s.name, hazard=s.hazard) for s in p.samples.all()],
        status=status,  # type: ignore[arg-type]
        proposal_status=p.status,
        score=a.score,
        comment=a.comment,
    )


@router.get("/review-assignments", response={200: list[AssignmentOut], **UNAUTHORISED, **INVALID_INPUT})
@paginate(CappedLimitOffsetPagination)
def list_review_assignments(request: HttpRequest):
    """The caller's own review assignments, the ones to score first."""
    return [_out(a) for a in assignments_of(request.user)]  # type: ignore[arg-type]


@router.post(
    "/review-assignments/{assignment_id}/review",
    response={200: AssignmentOut, **UNAUTHORISED, **FORBIDDEN, **NOT_FOUND, **CONFLICT, **INVALID_INPUT},
)
def review_assignment(
    request: HttpRequest,
    payload: ReviewIn,
    assignment_id: int = Path(..., ge=1, le=2**63 - 1, description="the assignment's id"),
):
    """Score an assignment of yours (again, while the proposal is in peer review).

    With session (cookie) authentication the request carries the CSRF token, else it is a 403.
    """
    assignment = get_object_or_404(assignments_of(request.user), pk=assignment_id)  # type: ignore[arg-type]
    services.review_submit(
        reviewer=request.user,  # type: ignore[arg-type]
        assignment=assignment,
        score=payload.score,
        comment=payload.comment,
    )
    return _out(assignments_of(request.user).get(pk=assignment.pk))  # type: ignore[arg-type]
