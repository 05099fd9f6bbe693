"""Template helpers for the public pages."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from django import template
from django.template.base import render_value_in_context
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from sciencecity.core.fast import choice_label
from sciencecity.core.localized import localized, localized_field, marked, page_language, pick
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
        chinese = "、".join(chinese) if isinstance(chinese, list) else str(chinese)
    return _spec_html(value, chinese, page_language())


@lru_cache(maxsize=20_000)
def _spec_html(value: str, chinese: str | None, page: str) -> SafeString:
    """What `localized_spec` shows, once per value and language (a registry repeats its values)."""
    if chinese is not None:
        return marked(*pick(value, chinese, page), page)
    language = "en" if re.search(r"[A-Za-z]{2,}", value) and not _units_only(value) else page
    return marked(value, language, page)


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


@register.simple_tag(takes_context=True)
def instrument_row(context: template.Context, instrument: Any, today: Any) -> SafeString:
    """One row of a facility's table of stations and instruments, written in Python: as template markup its
    five loops and twenty conditions made the 50 rows of a page most of the page's rendering time."""
    i = instrument
    texts = _row_texts(context)
    specs = ""
    if i.specs:
        parts = [
            format_html("{}{}{}", _label_html(context, k), texts["between"], localized_spec(i, k))
            for k in i.specs
        ]
        specs = format_html('<br><small class="muted">{}</small>', _join(texts["items"], parts))
    access = conditional_escape(choice_label(i, "access_mode"))
    if i.access_mode == "booking":
        access = format_html('{}<br><a href="{}">{}</a>', access, i.booking_calendar_url, texts["calendar"])
    state = conditional_escape(choice_label(i, "status"))
    if i.opened:
        state = format_html("{}, {} {}", state, texts["opened"], i.opened_display)
    sources = _join(
        _BR,
        [format_html('<a href="{}" rel="nofollow noopener">{}</a>', u, host(u)) for u in i.source_urls],
    )
    return format_html(
        '<tr>\n        <th scope="row">{}</th>\n        <td>{}{}</td>\n        <td>{}</td>\n'
        '        <td>{}</td>\n        <td class="prices">{}</td>\n        <td>{}</td>\n      </tr>',
        i.code,
        mark_safe("".join(f'<span class="tag">{t}</span> ' for t in techniques(i))),  # noqa: S308 (marked, escaped)
        specs,
        access,
        state,
        _prices(context, i.published_rates, today, texts),
        sources,
    )


def _row_texts(context: template.Context) -> dict[str, str]:
    """The words of the instrument rows, translated once per rendered page."""
    texts = context.render_context.get("instrument_row_texts")
    if texts is None:
        texts = context.render_context["instrument_row_texts"] = {
            "between": pgettext("between a label and its value", ": "),
            "items": pgettext("between items", "; "),
            "calendar": _("Booking calendar"),
            "opened": _("opened"),
            "on request": _("on request"),
            "example": _("example value"),
        }
    return texts


def _label_html(context: template.Context, key: str) -> SafeString:
    """`attribute_label`, once per attribute name and rendered page."""
    labels = context.render_context.get("attribute_label_html")
    if labels is None:
        labels = context.render_context["attribute_label_html"] = {}
    if key not in labels:
        labels[key] = attribute_label(context, key)
    return labels[key]


@register.simple_tag
def facility_row(facility: Any) -> SafeString:
    """One row of the facilities list, written in Python for the same reason as `instrument_row`."""
    f = facility
    kind = localized_field(f, "subtype") if f.subtype else conditional_escape(choice_label(f, "kind"))
    operator = (
        format_html('<a href="{}">{}</a>', f.operator.get_absolute_url(), localized_field(f.operator, "name"))
        if f.operator
        else "—"
    )
    return format_html(
        '<tr>\n        <th scope="row"><a href="{}">{}</a> <span class="muted">{}</span></th>\n'
        "        <td>{}</td>\n        <td>{}</td>\n        <td>{}</td>\n        <td>{}</td>\n      </tr>",
        f.get_absolute_url(),
        localized_field(f, "name"),
        f.code,
        kind,
        operator,
        choice_label(f, "status"),
        f.instrument_count,
    )


def _prices(context: template.Context, rates: list[Any], today: Any, texts: dict[str, str]) -> SafeString:
    if not rates:
        return format_html('<span class="muted">{}</span>', texts["on request"])
    lines = []
    for r in rates:
        starts = ""
        if r.valid_from > today:
            day = _("from %(day)s:") % {"day": r.valid_from.strftime("%Y-%m-%d")}
            starts = format_html("<small>{}</small> ", day)
        example = format_html(' <small class="muted">({})</small>', texts["example"]) if r.is_example else ""
        lines.append(
            format_html(
                "{}{}{}{} {} / {}{}",
                starts,
                r.get_category_display(),
                texts["between"],
                render_value_in_context(r.price, context),
                r.currency,
                r.get_unit_display(),
                example,
            )
        )
    return _join(_BR, lines)


_BR = mark_safe("<br>")


def _join(separator: str, parts: list[SafeString]) -> SafeString:
    """The parts between separators; a text separator is escaped, an HTML one (`_BR`) kept."""
    return mark_safe(conditional_escape(separator).join(parts))  # noqa: S308 (each part escaped)
