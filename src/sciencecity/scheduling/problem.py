"""A call's allocation problem as a run freezes it: ranked requests (review.handover), the cycle's machine
calendar as down time, and the cycle's pins; and the way back from request ids to proposals' requests."""

from __future__ import annotations

from typing import Any

from sciencecity.proposals.models import Call, Cycle, Proposal, Request
from sciencecity.review.handover import HandOver, proposals_to_allocation_problem
from sciencecity.scheduling.models import CalendarBlock, Pin


def merged(ranges: list[tuple[int, int]]) -> list[list[int]]:
    """Overlapping or touching [first, last] ranges joined, sorted."""
    out: list[list[int]] = []
    for first, last in sorted(ranges):
        if out and first <= out[-1][1] + 1:
            out[-1][1] = max(out[-1][1], last)
        else:
            out.append([first, last])
    return out


def calendar_down(cycle: Cycle) -> dict[str, list[list[int]]] | None:
    """Down shifts of each instrument of the cycle's facility from its calendar blocks (a block without an
    instrument closes them all); None when the cycle has no calendar at all."""
    blocks = list(CalendarBlock.objects.filter(cycle=cycle).select_related("instrument", "cycle"))
    if not blocks:
        return None
    slugs = list(cycle.facility.instruments.values_list("slug", flat=True))
    ranges: dict[str, list[tuple[int, int]]] = {slug: [] for slug in slugs}
    for block in blocks:
        span = (block.first_shift, block.last_shift)
        for slug in [block.instrument.slug] if block.instrument is not None else slugs:
            ranges.setdefault(slug, []).append(span)
    return {slug: merged(spans) for slug, spans in ranges.items()}


def frozen_problem(call: Call, *, industry_share: float | None = None) -> HandOver:
    """The problem a run of this call solves now: requests, calendar and the pins of its requests."""
    handover = proposals_to_allocation_problem(
        call, industry_share=industry_share, down=calendar_down(call.cycle)
    )
    problem: dict[str, Any] = handover.problem
    ids = {r["id"] for r in problem["requests"]}
    pins = [p.as_problem_pin() for p in cycle_pins(call.cycle) if p.request_key in ids]
    if pins:
        problem["pins"] = pins
    return handover


def cycle_pins(cycle: Cycle) -> list[Pin]:
    return list(Pin.objects.filter(cycle=cycle).select_related("instrument", "cycle").order_by("request_key"))


def request_key(request: Request) -> str:
    """`<reference>-R<n>`: n counts the proposal's requests in the order they were made (as handover does)."""
    ids = list(
        Request.objects.filter(proposal_id=request.proposal_id).order_by("pk").values_list("pk", flat=True)
    )
    return f"{request.proposal.reference}-R{ids.index(request.pk) + 1}"


def requests_by_key(call: Call) -> dict[str, Request]:
    """Every request of the call's proposals by its allocation id."""
    out: dict[str, Request] = {}
    proposals = Proposal.objects.filter(call=call).exclude(reference="").prefetch_related("requests")
    for proposal in proposals:
        for number, request in enumerate(sorted(proposal.requests.all(), key=lambda r: r.pk), start=1):
            out[f"{proposal.reference}-R{number}"] = request
    return out
