"""`{% training_needs instrument %}`: the courses an instrument requires, and which the viewer still lacks."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template
from django.utils import timezone

from sciencecity.registry.models import Instrument
from sciencecity.visits import selectors

register = template.Library()


@register.inclusion_tag("visits/_training_needs.html", takes_context=True)
def training_needs(context: dict[str, Any], instrument: Instrument) -> dict[str, Any]:
    user = context["request"].user
    required = list(selectors.required_courses(instrument))
    now = timezone.now()
    missing = (
        {
            c.pk
            for c in selectors.missing_courses(user, instrument, start=now, end=now + dt.timedelta(hours=1))
        }
        if user.is_authenticated
        else set()
    )
    return {
        "instrument": instrument,
        "courses": [(c, c.pk in missing) for c in required],
        "signed_in": user.is_authenticated,
        "lacking": bool(missing),
    }
