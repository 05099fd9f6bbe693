"""Small helpers of the proposal templates."""

from __future__ import annotations

from django import template

from sciencecity.proposals.models import AccessRoute

register = template.Library()


@register.filter
def route_labels(values: list[str]) -> list[str]:
    """A call's access routes, by their names in the reader's language."""
    labels = dict(AccessRoute.choices)
    return [str(labels.get(v, v)) for v in values]


@register.filter
def ratio(value: float | None) -> str:
    """An oversubscription factor (2.35 and the multiplication sign), or a dash when none is offered."""
    return "—" if value is None else f"{value:.2f}\N{MULTIPLICATION SIGN}"
