"""Reads on calls and proposals for the API and the pages, each starting from what the caller may see.

Calls that are open or closed are public announcements; a draft call is seen only by the officers who run
it. Proposals come from `permissions.proposals_visible_to` and nowhere else.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from sciencecity.proposals.models import Call, Member, Proposal, Request
from sciencecity.proposals.permissions import calls_managed_by, proposals_visible_to
from sciencecity.registry.models import Field, Instrument

PUBLIC_CALL_STATUSES = (Call.Status.OPEN, Call.Status.CLOSED)


def calls_visible_to(user: Any, *, status: str | None = None) -> QuerySet[Call]:
    """Open and closed calls for anyone, draft calls for their officers; the latest deadline first."""
    calls = Call.objects.filter(
        Q(status__in=PUBLIC_CALL_STATUSES) | Q(pk__in=calls_managed_by(user).values("pk"))
    )
    if status:
        calls = calls.filter(status=status)
    return (
        calls.select_related("cycle__facility")
        .prefetch_related(Prefetch("instruments", queryset=Instrument.objects.order_by("code")))
        .order_by("-closes_at", "pk")
    )


def call_visible_to(user: Any, pk: int) -> Call | None:
    return calls_visible_to(user).filter(pk=pk).first()


def field_list() -> QuerySet[Field]:
    return Field.objects.order_by("slug")


def field_with_slug(slug: str) -> Field:
    """The field of that slug; a ValidationError naming `field` when there is none."""
    found = Field.objects.filter(slug=slug).first()
    if found is None:
        raise ValidationError({"field": _("There is no field %(slug)s.") % {"slug": slug}})
    return found


def instruments_with_slugs(slugs: Iterable[str]) -> dict[str, Instrument]:
    """The instruments of those slugs; a ValidationError naming every unknown slug under `requests`."""
    wanted = set(slugs)
    found = {i.slug: i for i in Instrument.objects.filter(slug__in=wanted)}
    unknown = sorted(wanted - set(found))
    if unknown:
        raise ValidationError(
            {"requests": _("There is no instrument %(slugs)s.") % {"slugs": ", ".join(unknown)}}
        )
    return found


def proposals_for(user: Any, *, call: int | None = None, status: str | None = None) -> QuerySet[Proposal]:
    """The proposals this user may read, filtered, with everything their JSON shows fetched up front."""
    proposals = proposals_visible_to(user)
    if call is not None:
        proposals = proposals.filter(call_id=call)
    if status:
        proposals = proposals.filter(status=status)
    return (
        proposals.select_related("call__cycle__facility", "field")
        .prefetch_related(
            Prefetch("members", queryset=Member.objects.select_related("user").order_by("-role", "email")),
            "requests__instruments",
            "samples",
        )
        .order_by("-created_at", "-pk")
    )


def proposal_for(user: Any, pk: int) -> Proposal | None:
    """One proposal if this user may read it; None when it does not exist or is not theirs to read."""
    return proposals_for(user).filter(pk=pk).first()


def invitations_for(user: Any) -> QuerySet[Member]:
    """The invitations sent to this user's e-mail address that they have not answered yet."""
    email = (getattr(user, "email", "") or "").strip()
    if not getattr(user, "is_authenticated", False) or not email:
        return Member.objects.none()
    return (
        Member.objects.filter(email__iexact=email, status=Member.Status.INVITED)
        .select_related("proposal__call__cycle__facility")
        .prefetch_related(
            Prefetch(
                "proposal__members",
                queryset=Member.objects.filter(role=Member.Role.PI).select_related("user"),
            )
        )
        .order_by("-pk")
    )


def invitation_for(user: Any, pk: int) -> Member | None:
    """An invitation addressed to this user's e-mail (answered or not); None for anyone else's."""
    email = (getattr(user, "email", "") or "").strip()
    if not getattr(user, "is_authenticated", False) or not email:
        return None
    return Member.objects.filter(pk=pk, email__iexact=email, role=Member.Role.CO_PROPOSER).first()


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
