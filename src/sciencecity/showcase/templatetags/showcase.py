"""Template helpers for the public pages."""

from __future__ import annotations

import re

from django import template

register = template.Library()

_UNITS = {
    "gev": "GeV",
    "mev": "MeV",
    "kev": "keV",
    "m": "m",
    "ma": "mA",
    "km": "km",
    "pw": "PW",
    "m2": "m²",
    "nm_rad": "nm·rad",
    "cny": "CNY",
}


@register.filter
def spec_label(key: str) -> str:
    """storage_ring_energy_gev -> "Storage ring energy (GeV)"."""
    key = str(key)
    for suffix, unit in sorted(_UNITS.items(), key=lambda item: -len(item[0])):
        if key.endswith(f"_{suffix}"):
            words = key[: -len(suffix) - 1].replace("_", " ")
            return f"{words[:1].upper()}{words[1:]} ({unit})"
    words = key.replace("_", " ")
    return f"{words[:1].upper()}{words[1:]}"


@register.filter
def host(url: str) -> str:
    """The host name of a source URL, for a compact link text."""
    match = re.match(r"https?://([^/]+)", str(url))
    return match.group(1) if match else str(url)


@register.filter
def spec_value(value: object) -> str:
    """Lists read as "a, b, c"; everything else as itself."""
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return str(value)


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@register.filter
def echo(value: object, limit: int = 200) -> str:
    """A request parameter made fit to echo into a page: no control characters, at most `limit` long.

    Autoescaping still applies after this filter; it only drops what escaping leaves in (NUL and friends).
    """
    text = "" if value is None else str(value)
    return _CONTROL.sub("", text)[: int(limit)]
