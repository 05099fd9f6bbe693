"""Template helpers of the allocation pages: shares as percentages, the solver's stage in words, and the
proposer's published dates on the proposal pages (which load this library, so proposals imports nothing
from scheduling)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

register = template.Library()

STAGES = {  # the stages allocation.solve reports, in order
    "start": _("starting"),
    "greedy": _("greedy"),
    "repair": _("repair"),
    "bound": _("upper bound (LP)"),
    "packing": _("packings of open stretches"),
    "rounding": _("LP rounding"),
    "model": _("MILP"),
    "search": _("neighbourhood search"),
    "fill": _("filling gaps"),
    "done": _("done"),
}


@register.filter
def percent(share: float | None) -> str:
    """0.0312 -> '3.1 %' (in the reader's number format)."""
    if share is None:
        return "—"
    return f"{number_format(round(100 * float(share), 1), 1)} %"


@register.filter
def percent_number(share: float | None) -> str:
    """The share as a plain number of percent, for the charts' data attributes."""
    return "" if share is None else f"{100 * float(share):.1f}"


METHODS = {  # short names of the methods (the run form gives the long ones)
    "greedy": _("greedy"),
    "greedy+repair": _("greedy + repair"),
    "best": _("best"),
    "ti-milp": _("best"),
}


@register.filter
def method(name: str) -> str:
    return str(METHODS.get(name, name))


@register.filter
def block_kind(kind: str) -> str:
    """A down range's kind in words: a calendar block's kind, or closed (a cycle without a calendar)."""
    from sciencecity.scheduling.models import CalendarBlock

    if kind == "closed":
        return str(_("not offered (no calendar: weekly machine days)"))
    return str(dict(CalendarBlock.Kind.choices).get(kind, kind))


@register.filter
def stage(name: str) -> str:
    return str(STAGES.get(name, name))


@register.simple_tag(takes_context=True)
def allocation_url(context: template.Context, cycle: Any) -> str:
    """The address of the cycle's allocation pages if the reader allocates it, else ''."""
    from django.urls import reverse

    from sciencecity.scheduling.permissions import can_allocate

    user = context.get("user")
    if cycle is None or not can_allocate(user, cycle):
        return ""
    return reverse("scheduling:cycle", args=[cycle.pk])


@register.inclusion_tag("scheduling/_proposal_dates.html", takes_context=True)
def proposal_dates(context: template.Context, proposal: Any) -> dict[str, Any]:
    """The proposal's published dates, or why a request got none, for the proposal's own team only."""
    from sciencecity.proposals.permissions import is_member
    from sciencecity.scheduling import selectors

    user = context.get("user")
    if proposal is None or not is_member(user, proposal):
        return {"dates": None}
    outcome = selectors.proposal_outcome(proposal)
    if outcome.run is None:
        return {"dates": None}
    return {"dates": outcome, "zone": proposal.call.cycle.time_zone, **_feed(context, user)}


def _feed(context: template.Context, user: Any) -> dict[str, str]:
    """The reader's secret calendar feed, as https and webcal addresses (the feed is made on first use)."""
    from sciencecity.scheduling.feeds import calendar_url_for

    url = calendar_url_for(context["request"], user)
    webcal = "webcal://" + url.split("://", 1)[-1]
    return {"feed_url": url, "webcal_url": webcal, "request": context["request"]}


@register.inclusion_tag("scheduling/_my_feed.html", takes_context=True)
def my_calendar_feed(context: template.Context) -> dict[str, Any]:
    """On "my proposals": the reader's calendar feed, once a published schedule gives them dates."""
    from sciencecity.scheduling import selectors

    user = context.get("user")
    if not selectors.my_allocations(user).exists():
        return {}
    return _feed(context, user)
