"""Cheap forms of two things a list page does once per row: a choice's label and a record's URL.

Django's `get_FOO_display()` builds a dict of every choice, hashing (so translating) each lazy label, on
every call; `reverse()` walks the resolver's possibilities on every call. A page of 50 facilities asks each
100 times. Both answers depend only on the language, the URL configuration and the value, which do not
change while a process runs, so they are worked out once per process and looked up after that.
"""

from __future__ import annotations

import re
from functools import lru_cache

from django.db.models import Model
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import translation

_SLUG = re.compile(r"[-a-zA-Z0-9_]+")
_PLACEHOLDER = "0slug0placeholder0"


@lru_cache(maxsize=512)
def _labels(model: type[Model], field: str, language: str | None) -> dict[object, str]:
    with translation.override(language):
        return {value: str(label) for value, label in model._meta.get_field(field).flatchoices}  # type: ignore[union-attr]


def choice_label(record: Model, field: str) -> str:
    """What `record.get_<field>_display()` answers, from labels translated once per language."""
    value = getattr(record, field)
    return _labels(type(record), field, translation.get_language()).get(value, str(value))


@lru_cache(maxsize=512)
def _slug_url(name: str, prefix: str, urlconf: str | None) -> str:
    return reverse(name, args=[_PLACEHOLDER], urlconf=urlconf)


def slug_url(name: str, slug: str) -> str:
    """`reverse(name, args=[slug])` for a URL whose one argument is a slug: reversed once per URL name
    with a placeholder, then filled in. A value that is not a slug goes through `reverse` (which refuses it
    as it always did)."""
    if not _SLUG.fullmatch(slug):
        return reverse(name, args=[slug])
    return _slug_url(name, get_script_prefix(), get_urlconf()).replace(_PLACEHOLDER, slug)
