"""Template helpers for the public pages."""

from __future__ import annotations

import re
from typing import Any

from django import template
from django.utils.safestring import SafeString

from sciencecity.core.fast import choice_label
from sciencecity.core.localized import localized, localized_field, marked, page_language
from sciencecity.core.money import format_cny
from sciencecity.registry import selectors

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
_UNITS_LONGEST_FIRST = sorted(_UNITS.items(), key=lambda item: -len(item[0]))
# Words that are written in capitals wherever they stand in a label.
_ACRONYMS = {"fel", "xfel", "nmr", "pet", "ct", "fda", "nmpa", "rf", "saxs", "waxs", "usaxs"}


def _words(key: str) -> str:
    words = [w.upper() if w in _ACRONYMS else w for w in key.split("_") if w]
    text = " ".join(words)
    return f"{text[:1].upper()}{text[1:]}"


@register.filter
def spec_label(key: str) -> str:
    """storage_ring_energy_gev -> "Storage ring energy (GeV)"; fel_beamlines -> "FEL beamlines".

    The fallback for an attribute name that has no label on the map yet (see `attribute_label`)."""
    key = str(key)
    for suffix, unit in _UNITS_LONGEST_FIRST:
        if key.endswith(f"_{suffix}"):
            return f"{_words(key[: -len(suffix) - 1])} ({unit})"
    return _words(key)


@register.simple_tag(takes_context=True)
def attribute_label(context: template.Context, key: str) -> SafeString:
    """The label of an attribute name in the reader's language, marked with its language.

    Labels are read once per rendered template."""
    labels = context.render_context.get("attribute_labels")
    if labels is None:
        labels = context.render_context["attribute_labels"] = selectors.attribute_labels()
    label = labels.get(str(key))
    if label is None:
        return marked(spec_label(key), "en")
    return localized(label.label_en, label.label_zh)


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


@register.simple_tag
def localized_spec(record: Any, key: str) -> SafeString:
    """A specification value of a record: its Chinese text when there is one, else the value as given.

    Numbers and ranges are the same in both languages; words without a translation are marked English."""
    value = spec_value(record.specs.get(key, ""))
    chinese = (getattr(record, "specs_zh", None) or {}).get(key)
    if chinese is not None:
        return localized(value, "、".join(chinese) if isinstance(chinese, list) else str(chinese))
    language = "en" if re.search(r"[A-Za-z]{2,}", value) and not _units_only(value) else page_language()
    return marked(value, language)


def _units_only(value: str) -> bool:
    """ "3.5 GeV", ">60", "0.4-25 keV": numbers with unit symbols read the same in every language."""
    return all(
        word in _UNITS.values() or word in {"MHz", "Hz", "GHz"} for word in re.findall(r"[A-Za-z²·]+", value)
    )


@register.filter
def tr(record: Any, field: str) -> SafeString:
    """{{ facility|tr:"subtype" }}: the field in the reader's language, marked when it is not."""
    return localized_field(record, field)


@register.filter
def or_zh(english: object, chinese: object) -> SafeString:
    """{{ m.event|or_zh:m.event_zh }}: the pair's text in the reader's language, marked when it is not."""
    return localized(english, chinese)


@register.filter
def label(record: Any, field: str) -> str:
    """{{ facility|label:"status" }}: what `facility.get_status_display` says, looked up once per language
    (core/fast.py), so that a list of 50 rows does not translate every choice 100 times."""
    return choice_label(record, field)


@register.filter
def techniques(instrument: Any) -> list[SafeString]:
    """An instrument's techniques, one by one, in the reader's language."""
    page = page_language()
    if page != "en" and instrument.technique_list_zh:
        return [marked(t, page, page) for t in instrument.technique_list_zh]
    return [marked(t, "en", page) for t in instrument.technique_list]


@register.simple_tag
def money(amount_cny: int | None) -> str:
    """A CNY amount for people in the reader's language: "1.2 billion CNY", "12亿元"."""
    return "" if amount_cny is None else format_cny(amount_cny, page_language())


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@register.filter
def echo(value: object, limit: int = 200) -> str:
    """A request parameter made fit to echo into a page: no control characters, at most `limit` long.

    Autoescaping still applies after this filter; it only drops what escaping leaves in (NUL and friends).
    """
    text = "" if value is None else str(value)
    return _CONTROL.sub("", text)[: int(limit)]
