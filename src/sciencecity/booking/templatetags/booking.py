"""A booking's time on the instrument's clock, with its zone: `{% local_span instrument start end %}`."""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils.html import format_html

from sciencecity.booking.messages import when
from sciencecity.booking.schemas import zone_of
from sciencecity.registry.models import Instrument

register = template.Library()


@register.simple_tag
def local_span(instrument: Instrument, start: dt.datetime, end: dt.datetime) -> str:
    zone = zone_of(instrument)
    return format_html('<time datetime="{}">{}</time>', start.isoformat(), when(start, end, zone))
