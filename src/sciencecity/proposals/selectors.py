"""Reads for the proposal pages: the open calls and the numbers of a call's dashboard."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, QuerySet
from django.utils import timezone

from sciencecity.proposals.models import Call, Member, Proposal, Request
from sciencecity.registry.models import Instrument

# Proposals whose requests count as demand: asked for (submitted or later) and not taken back or refused.
DEMANDING = (
    Proposal.Status.SUBMITTED,
    Proposal.Status.TECHNICAL_REVIEW,
    Proposal.Status.PEER_REVIEW,
    Proposal.Status.RANKED,
    Proposal.Status.ALLOCATED,
    Proposal.Status.NOT_ALLOCATED,
)


def open_calls() -> QuerySet[Call]:
    """Calls taking submissions now, soonest deadline first, with what they offer."""
    now = timezone.now()
    return (
        Call.objects.filter(status=Call.Status.OPEN, opens_at__lte=now, closes_at__gt=now)
        .select_related("cycle__facility")
        .prefetch_related("instruments")
        .order_by("closes_at", "pk")
    )


def proposals_of(user: Any) -> QuerySet[Proposal]:
    """The proposals the user is an accepted member of, most recently changed first."""
    if not getattr(user, "is_authenticated", False):
        return Proposal.objects.none()
    return (
        Proposal.objects.filter(members__user=user, members__status=Member.Status.ACCEPTED)
        .select_related("call__cycle__facility")
        .order_by("-updated_at")
    )


def invitations_for(user: Any) -> QuerySet[Member]:
    """Invitations sent to the user's e-mail address that wait for an answer."""
    email = getattr(user, "email", "") or ""
    if not email:
        return Member.objects.none()
    return Member.objects.filter(email__iexact=email, status=Member.Status.INVITED).select_related(
        "proposal__call__cycle__facility"
    )


@dataclass(frozen=True)
class InstrumentDemand:
    instrument: Instrument
    offered: int
    requested: int

    @property
    def oversubscription(self) -> float | None:
        """Requested ÷ offered shifts; None when nothing is offered."""
        return self.requested / self.offered if self.offered else None


def status_counts(call: Call) -> list[tuple[str, str, int]]:
    """(status, label, number of proposals) for every status, in the workflow's order."""
    found = dict(call.proposals.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    return [(value, str(label), found.get(value, 0)) for value, label in Proposal.Status.choices]


def instrument_demand(call: Call) -> list[InstrumentDemand]:
    """Requested and offered shifts per instrument of the call.

    A request naming several alternative instruments counts its shifts in full on each of them: each one
    may have to serve it, so this is the demand each instrument faces (an upper bound; the sum over the
    instruments may exceed the shifts asked for). Only proposals in DEMANDING count.
    """
    offered = dict(call.cycle.offers.values_list("instrument_id", "shifts"))
    requested: dict[int, int] = {}
    requests = Request.objects.filter(proposal__call=call, proposal__status__in=DEMANDING)
    for request in requests.prefetch_related("instruments"):
        for instrument in request.instruments.all():
            requested[instrument.pk] = requested.get(instrument.pk, 0) + request.shifts
    return [
        InstrumentDemand(
            instrument=instrument,
            offered=offered.get(instrument.pk, 0),
            requested=requested.get(instrument.pk, 0),
        )
        for instrument in call.instruments.order_by("code")
    ]
