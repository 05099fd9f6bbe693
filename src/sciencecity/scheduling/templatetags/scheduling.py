"""Template helpers of the allocation pages: shares as percentages, the solver's stage in words, and the
proposer's published dates on the proposal pages (which load this library, so proposals imports nothing
from scheduling)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

register = template.Library()

STAGES = {
    "queued": _("waiting for a worker"),
    "frozen": _("problem frozen"),
    "greedy": _("greedy"),
    "repair": _("repair"),
    "bound": _("upper bound"),
    "round": _("rounding"),
    "rounding": _("rounding"),
    "improve": _("improving"),
    "milp": _("MILP"),
    "explain": _("explaining"),
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
