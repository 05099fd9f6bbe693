"""`GET /api/calls/{id}/ranking`: a call's ranking, for its panels' chairs and its facility's officers.

Anyone else gets a 404, whether or not the call itself is public: a ranking's existence is not revealed, as a
proposal's is not (anonymous callers get 401). Reviewers appear in no field.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest
from ninja import Field, Router, Schema

from sciencecity.accounts.api_auth import api_auth
from sciencecity.core.api import NOT_FOUND, UNAUTHORISED
from sciencecity.proposals.models import Call
from sciencecity.proposals.permissions import can_see_ranking
from sciencecity.review.ranking import Row, ranking

# Session auth until the accounts helper's `sciencecity.accounts.api_auth.api_auth` lands: swap it in here.
AUTH = api_auth

router = Router(tags=["ranking"])


class VerdictOut(Schema):
    instrument: str = Field(description="instrument code")
    verdict: str = Field(description="feasible, with_changes or not_feasible")


class SpreadOut(Schema):
    low: int
    high: int
    std: float = Field(description="population standard deviation of the scores")


class RankingRowOut(Schema):
    id: int = Field(description="the proposal's id")
    reference: str
    title: str
    status: str
    mean: float | None = Field(description="mean score, 1-5")
    normalised: float | None = Field(description="mean of the reviewers' z-scores")
    spread: SpreadOut | None
    n_reviews: int
    technical_verdicts: list[VerdictOut]
    requested_shifts: int
    recommended_shifts: int | None = Field(description="null until the officer records a decision")
    rank: int | None = Field(description="1 is best; null for a rejected proposal")
    adjusted: bool = Field(description="the chair moved this proposal")


def _out(row: Row) -> RankingRowOut:
    return RankingRowOut(
        id=row.proposal.pk,
        reference=row.proposal.reference,
        title=row.proposal.title,
        status=row.proposal.status,
        mean=row.mean,
        normalised=row.normalised,
        spread=SpreadOut(low=row.spread.low, high=row.spread.high, std=row.spread.std)
        if row.spread
        else None,
        n_reviews=row.n_reviews,
        technical_verdicts=[VerdictOut(instrument=v.instrument, verdict=v.verdict) for v in row.verdicts],
        requested_shifts=row.requested,
        recommended_shifts=row.recommended,
        rank=row.rank,
        adjusted=row.adjusted,
    )


@router.get(
    "/calls/{call_id}/ranking",
    response={200: list[RankingRowOut], **UNAUTHORISED, **NOT_FOUND},
    auth=AUTH,
    summary="A call's ranking (its panels' chairs and its facility's user office only)",
)
def call_ranking(request: HttpRequest, call_id: int) -> list[RankingRowOut]:
    call = Call.objects.filter(pk=call_id).select_related("cycle").first()
    if call is None or not can_see_ranking(request.user, call):
        raise Http404("No call with a ranking you may see.")
    return [_out(row) for row in ranking(call)]
