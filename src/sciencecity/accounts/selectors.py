"""Reads on people: who the caller is and what they hold."""

from __future__ import annotations

from dataclasses import dataclass

from sciencecity.accounts.models import RoleGrant, User


@dataclass(frozen=True)
class RoleHeld:
    role: str
    facility: str | None = None
    organisation: str | None = None
    instrument: str | None = None
    panel_id: int | None = None
    panel: str | None = None


def roles_of(user: User) -> list[RoleHeld]:
    """The user's scoped staff roles, then their panel seats (reviewer or chair, with the panel)."""
    grants = RoleGrant.objects.filter(user=user).select_related("facility", "organisation", "instrument")
    held = [
        RoleHeld(
            role=grant.role,
            facility=grant.facility.slug if grant.facility else None,
            organisation=grant.organisation.slug if grant.organisation else None,
            instrument=grant.instrument.slug if grant.instrument else None,
        )
        for grant in grants.order_by("role", "pk")
    ]
    # Panel seats live in the review app (a layer above); read through the reverse relation it declares.
    seats = getattr(user, "panel_seats", None)
    if seats is not None:
        held += [
            RoleHeld(
                role=seat.role,
                facility=seat.panel.facility.slug,
                panel_id=seat.panel_id,
                panel=seat.panel.name_en,
            )
            for seat in seats.select_related("panel__facility").order_by("panel_id")
        ]
    return held
