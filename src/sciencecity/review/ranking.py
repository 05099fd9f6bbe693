"""The panel's ranking of a call's proposals: mean and normalised scores, spread, verdicts, the chair's moves.

How the figures are computed (hand-checked in review/tests/test_ranking_math.py):

- **mean**: the mean of the proposal's scores (1-5). **spread**: lowest, highest and the *population*
  standard deviation (divide by n) of those scores. **n_reviews**: how many scores it has.
- **normalised** (PASS-style, when `Call.normalise_scores` is on; computed always, shown when on): each
  reviewer's scores are standardised over every score that reviewer gave in the call (all panels):
  z = (score - the reviewer's mean) / the reviewer's population standard deviation. A reviewer with a single
  score, or who gave every proposal the same score, says nothing about relative merit: their z is 0. A
  proposal's normalised score is the mean of its reviewers' z.
- **order**: by normalised score when the call normalises, else by mean, highest first; ties are broken by the
  other score (highest first), then by more reviews, then by the earlier submission, then by the lower id
  (so the order never depends on the database's whim). Unscored proposals come after the scored ones.
- **the chair's moves** (`RankAdjustment`): replayed oldest first on the panel's order by score, each
  moving its proposal `steps` places up (positive) or down, stopping at the ends. In a call's ranking over
  several panels, each panel's proposals keep the places they hold in the order by score and fill them in
  the panel's adjusted order: a chair reorders only their own panel.
- **rejected** proposals (a decision, or not feasible) are listed after the ranked ones, without a rank.

Reviewers appear only as "Reviewer 1, 2, 3" per proposal (in the order they were assigned): chairs and
officers see how the scores spread, never who gave them, so the sheet can go round the panel meeting (the
numbering restarts on every proposal, so one reviewer cannot be followed from proposal to proposal).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from sciencecity.proposals.models import Call, Proposal
from sciencecity.review.models import Panel, RankAdjustment, ReviewAssignment, TechnicalReview

# --- the arithmetic (no database) ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Spread:
    low: int
    high: int
    std: float


def mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def population_std(values: Sequence[float]) -> float:
    if len(values) < 2:
        return 0.0
    centre = sum(values) / len(values)
    return math.sqrt(sum((v - centre) ** 2 for v in values) / len(values))


def spread(scores: Sequence[int]) -> Spread | None:
    if not scores:
        return None
    return Spread(low=min(scores), high=max(scores), std=population_std(scores))


def reviewer_zscores(scores: Iterable[tuple[int, int, int]]) -> dict[tuple[int, int], float]:
    """(reviewer, proposal, score) → z per (reviewer, proposal); 0 for a single-score or constant reviewer."""
    by_reviewer: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for reviewer, proposal, score in scores:
        by_reviewer[reviewer].append((proposal, score))
    z: dict[tuple[int, int], float] = {}
    for reviewer, given in by_reviewer.items():
        values = [score for _proposal, score in given]
        centre, std = sum(values) / len(values), population_std(values)
        for proposal, score in given:
            z[(reviewer, proposal)] = 0.0 if std == 0.0 else (score - centre) / std
    return z


@dataclass(frozen=True)
class SortKey:
    primary: float | None
    secondary: float | None
    n_reviews: int
    submitted: float  # seconds since the epoch; unsubmitted last
    pk: int

    def tuple(self) -> tuple[int, float, float, int, float, int]:
        return (
            self.primary is None,
            -(self.primary or 0.0),
            -(self.secondary or 0.0),
            -self.n_reviews,
            self.submitted,
            self.pk,
        )


def order_by_score(keys: Mapping[int, SortKey]) -> list[int]:
    return sorted(keys, key=lambda pk: keys[pk].tuple())


def apply_moves(order: Sequence[int], moves: Iterable[tuple[int, int]]) -> list[int]:
    """Replay (proposal, steps) moves on an order; a proposal not in the order is ignored."""
    result = list(order)
    for proposal, steps in moves:
        if proposal not in result:
            continue
        at = result.index(proposal)
        result.pop(at)
        result.insert(min(max(at - steps, 0), len(result)), proposal)
    return result


# --- the ranking of a call or a panel -----------------------------------------------------------------------


@dataclass(frozen=True)
class Verdict:
    instrument: str
    verdict: str
    label: str


@dataclass(frozen=True)
class Row:
    proposal: Proposal
    panel_id: int | None
    scores: tuple[int, ...]  # Reviewer 1, 2, 3 … in assignment order; None-scored reviews left out
    mean: float | None
    normalised: float | None
    spread: Spread | None
    verdicts: tuple[Verdict, ...]
    requested: int
    recommended: int | None  # None until the officer records a decision
    rank: int | None
    adjusted: bool

    @property
    def n_reviews(self) -> int:
        return len(self.scores)

    def reviewer_scores(self) -> list[tuple[int, int]]:
        """(1, score), (2, score), … — the anonymous labels the pages and sheets show."""
        return list(enumerate(self.scores, start=1))


LISTED = (
    Proposal.Status.PEER_REVIEW,
    Proposal.Status.RANKED,
    Proposal.Status.ALLOCATED,
    Proposal.Status.NOT_ALLOCATED,
    Proposal.Status.REJECTED,
)


def ranking(call: Call, panel: Panel | None = None) -> list[Row]:
    """The call's proposals under review or decided (only the panel's, given one), best first."""
    assignments = list(
        ReviewAssignment.objects.filter(proposal__call=call)
        .order_by("assigned_at", "id")
        .values_list("proposal_id", "panel_id", "reviewer_id", "score")
    )
    z = reviewer_zscores((r, p, s) for p, _panel, r, s in assignments if s is not None)
    panel_of: dict[int, int] = {}
    scores: dict[int, list[int]] = defaultdict(list)
    zs: dict[int, list[float]] = defaultdict(list)
    for proposal_id, panel_id, reviewer_id, score in assignments:
        panel_of.setdefault(proposal_id, panel_id)
        if score is not None:
            scores[proposal_id].append(score)
            zs[proposal_id].append(z[(reviewer_id, proposal_id)])
    proposals = (
        Proposal.objects.filter(call=call, status__in=LISTED, pk__in=panel_of)
        .select_related("call")
        .prefetch_related("requests")
    )
    if panel is not None:
        proposals = proposals.filter(review_assignments__panel=panel).distinct()
    by_pk = {p.pk: p for p in proposals}
    verdicts: dict[int, list[Verdict]] = defaultdict(list)
    for review in (
        TechnicalReview.objects.filter(proposal__in=by_pk)
        .select_related("instrument")
        .order_by("instrument__code")
    ):
        verdicts[review.proposal_id].append(
            Verdict(review.instrument.code, review.verdict, str(review.get_verdict_display()))
        )
    means = {pk: mean(scores[pk]) for pk in by_pk}
    normalised = {pk: mean(zs[pk]) for pk in by_pk}
    primary, secondary = (normalised, means) if call.normalise_scores else (means, normalised)
    keys = {
        pk: SortKey(
            primary[pk],
            secondary[pk],
            len(scores[pk]),
            p.submitted_at.timestamp() if p.submitted_at else math.inf,
            pk,
        )
        for pk, p in by_pk.items()
    }
    rejected = [pk for pk in order_by_score(keys) if by_pk[pk].status == Proposal.Status.REJECTED]
    ranked = _adjusted_order(
        [pk for pk in order_by_score(keys) if pk not in set(rejected)], panel_of, panel, call
    )
    moved = set(
        RankAdjustment.objects.filter(panel__calls=call, proposal__in=by_pk).values_list(
            "proposal_id", flat=True
        )
    )
    rows = []
    for position, pk in enumerate([*ranked, *rejected], start=1):
        proposal = by_pk[pk]
        requests = list(proposal.requests.all())
        decided = [r.recommended_shifts for r in requests if r.recommended_shifts is not None]
        rows.append(
            Row(
                proposal=proposal,
                panel_id=panel_of.get(pk),
                scores=tuple(scores[pk]),
                mean=means[pk],
                normalised=normalised[pk],
                spread=spread(scores[pk]),
                verdicts=tuple(verdicts[pk]),
                requested=sum(r.shifts for r in requests),
                recommended=sum(decided) if decided else None,
                rank=position if pk not in rejected else None,
                adjusted=pk in moved,
            )
        )
    return rows


def _adjusted_order(
    order: list[int], panel_of: Mapping[int, int], panel: Panel | None, call: Call
) -> list[int]:
    moves_by_panel: dict[int, list[tuple[int, int]]] = defaultdict(list)
    adjustments = RankAdjustment.objects.filter(panel__calls=call).order_by("at", "id")
    if panel is not None:
        adjustments = adjustments.filter(panel=panel)
    for panel_id, proposal_id, steps in adjustments.values_list("panel_id", "proposal_id", "steps"):
        moves_by_panel[panel_id].append((proposal_id, steps))
    if panel is not None:
        return apply_moves(order, moves_by_panel[panel.pk])
    result = list(order)
    for panel_id, moves in moves_by_panel.items():
        slots = [at for at, pk in enumerate(result) if panel_of.get(pk) == panel_id]
        reordered = apply_moves([result[at] for at in slots], moves)
        for at, pk in zip(slots, reordered, strict=True):
            result[at] = pk
    return result
