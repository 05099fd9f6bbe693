"""A call's recommended requests as a `sciencecity-allocation/1` problem (see allocation-format.md).

- **shifts**: the cycle's shifts (`Cycle.shifts`), numbered from the cycle's first day; a day holds
  24 / `shift_hours` shifts.
- **instruments**: the call's instruments that the cycle offers (ids are instrument slugs). Their *down*
  ranges come from the machine calendar (`down`, by instrument slug, given by the scheduling app); for a
  cycle without a calendar, an instrument offering O of the cycle's S shifts is down for the other S - O,
  spread evenly as a block at the start of every week (a stand-in for machine days).
- **requests**: every request with `recommended_shifts` > 0 of a ranked (or already allocated or not
  allocated) proposal, in rank order, with id
  `<reference>-R<n>`, its alternative instruments in the order the applicant listed them, `earliest`/`latest`
  dates as a window of shifts, its unavailable dates as blocked ranges (both clipped to the cycle).
- **score and weight**: the ranking's score on a 1-5 scale: the mean score, or, when the call normalises,
  3 + the mean z-score, clipped to [1, 5] (3 is an average reviewer's verdict, a unit one standard
  deviation). The scores are then handed out in the panel's final order (after the chair's moves): the k-th
  ranked proposal gets the k-th highest score, so a higher rank never has a lower score.
  weight = score x recommended shifts.
- **tags**: `org:<PI's organisation slug>` (when the PI's organisation is on the map), `country:<ISO code>`,
  `route:<access route>`.
- **caps**: with `industry_share` (a fraction of the offered shifts), a cap on `route:industry`.

A request that cannot be put in the format (a window shorter than the recommended shifts, no instrument the
call offers) is left out and named in `left_out`, for the officer to fix.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Any

from sciencecity.allocation.model import PROBLEM_FORMAT
from sciencecity.proposals.models import Call, Cycle, Member, Proposal, Request
from sciencecity.review.ranking import ranking

DAYS_PER_WEEK = 7
# Ranked proposals, and those a published schedule already decided: a cycle can be planned again.
DECIDED = (Proposal.Status.RANKED, Proposal.Status.ALLOCATED, Proposal.Status.NOT_ALLOCATED)


@dataclass(frozen=True)
class HandOver:
    problem: dict[str, Any]
    left_out: list[tuple[str, str]] = field(default_factory=list)  # (request id, why)


def proposals_to_allocation_problem(
    call: Call, *, industry_share: float | None = None, down: dict[str, list[list[int]]] | None = None
) -> HandOver:
    cycle = call.cycle
    per_day = 24 // cycle.shift_hours
    total = cycle.shifts
    offers = {
        o.instrument_id: o
        for o in cycle.offers.filter(instrument__in=call.instruments.all()).select_related("instrument")
    }
    closed = {
        o.instrument.slug: down.get(o.instrument.slug, [])
        if down is not None
        else _down(total, o.shifts, per_day * DAYS_PER_WEEK)
        for o in offers.values()
    }
    instruments = [{"id": slug, "down": closed[slug]} for slug in sorted(closed)]
    rows = [r for r in ranking(call) if r.proposal.status in DECIDED and r.mean is not None]
    values = sorted((_score(r.mean, r.normalised, call.normalise_scores) for r in rows), reverse=True)
    requests: list[dict[str, Any]] = []
    left_out: list[tuple[str, str]] = []
    for row, score in zip(rows, values, strict=True):
        tags = _tags(row.proposal)
        for number, request in enumerate(row.proposal.requests.order_by("pk"), start=1):
            if not request.recommended_shifts:
                continue
            rid = f"{row.proposal.reference}-R{number}"
            entry, why = _request(rid, request, cycle, per_day, offers, score, tags)
            if entry is None:
                left_out.append((rid, why))
            else:
                requests.append(entry)
    problem: dict[str, Any] = {
        "format": PROBLEM_FORMAT,
        "name": f"{cycle.facility.code} {cycle.name}: {call.title_en}",
        "shifts": total,
        "instruments": instruments,
        "requests": requests,
        "caps": [],
    }
    if industry_share is not None:
        open_shifts = sum(total - sum(b - a + 1 for a, b in ranges) for ranges in closed.values())
        problem["caps"] = [{"tag": "route:industry", "max_shifts": math.floor(industry_share * open_shifts)}]
    return HandOver(problem, left_out)


def _score(mean: float | None, normalised: float | None, normalise: bool) -> float:
    if normalise:
        return round(min(5.0, max(1.0, 3.0 + (normalised or 0.0))), 6)
    return round(mean or 1.0, 6)


def _down(total: int, offered: int, week: int) -> list[list[int]]:
    """The S - O closed shifts as one block at the start of every week, shared out as evenly as can be."""
    closed = max(0, total - offered)
    weeks = math.ceil(total / week)
    down = []
    for k in range(weeks):
        length = min(closed // weeks + (1 if k < closed % weeks else 0), min(week, total - k * week))
        if length:
            down.append([k * week, k * week + length - 1])
    return down


def _tags(proposal: Proposal) -> list[str]:
    pi = proposal.members.filter(role=Member.Role.PI).select_related("user__organisation").first()
    tags = []
    person = pi.user if pi else None
    if person is not None and person.organisation is not None:
        tags.append(f"org:{person.organisation.slug}")
    if person is not None and person.country:
        tags.append(f"country:{person.country}")
    tags.append(f"route:{proposal.access_route}")
    return tags


def _request(
    rid: str,
    request: Request,
    cycle: Cycle,
    per_day: int,
    offers: dict[int, Any],
    score: float,
    tags: list[str],
) -> tuple[dict[str, Any] | None, str]:
    total = cycle.shifts
    through = Request.instruments.through.objects.filter(request=request).order_by("pk")
    slugs = [t.instrument.slug for t in through.select_related("instrument") if t.instrument_id in offers]
    if not slugs:
        return None, "no instrument of the request is offered in this call"

    def first_shift(day: dt.date) -> int:
        return (day - cycle.starts_on).days * per_day

    earliest = max(0, first_shift(request.earliest)) if request.earliest else 0
    latest = min(total - 1, first_shift(request.latest) + per_day - 1) if request.latest else total - 1
    shifts = int(request.recommended_shifts or 0)
    if latest - earliest + 1 < shifts:
        return (
            None,
            f"its window holds {max(0, latest - earliest + 1)} shifts, fewer than the {shifts} recommended",
        )
    blocked = []
    for first, last in request.unavailable_ranges:
        a, b = max(0, first_shift(first)), min(total - 1, first_shift(last) + per_day - 1)
        if a <= b:
            blocked.append([a, b])
    return {
        "id": rid,
        "score": score,
        "weight": round(score * shifts, 6),
        "shifts": shifts,
        "instruments": slugs,
        "earliest": earliest,
        "latest": latest,
        "blocked": blocked,
        "tags": tags,
    }, ""
