"""Filters of the public pages: validated like any input, so a bad value is an error, not a crash.

A rejected value is never echoed back: the messages name the problem, not the value (which may hold
control characters such as NUL).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from django import forms
from django.forms.utils import flatatt
from django.utils.functional import Promise
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from sciencecity.registry.models import Achievement, Facility, FirstKind, Instrument, Organisation

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise

StrOrPromise = str | Promise

SEARCH_MAX_LENGTH = 200
# The years a link or a hand-typed address may ask for; a year in range with no achievement is an empty list.
YEAR_RANGE = (1900, 2100)

_INVALID_CHOICE = {
    "invalid_choice": _("Select a valid choice. That choice is not one of the available choices.")
}


class QuickSelect(forms.Select):
    """A <select> written in Python. Django's renders two templates per option; the facility filters' 40
    options then cost more than the 50 rows of the list they filter."""

    def render(
        self, name: str, value: object, attrs: dict | None = None, renderer: object = None
    ) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (str(option["value"]), flatatt(option["attrs"]), option["label"])
                for _, group, _ in widget["optgroups"]
                for option in group
            ),
        )
        return format_html(
            '<select name="{}"{}>{}</select>', widget["name"], flatatt(widget["attrs"]), options
        )


def _any(choices: Sequence[tuple[str, StrOrPromise]]) -> list[tuple[str, StrOrPromise]]:
    return [("", _("Any")), *choices]


def _choice(label: str | StrPromise, choices: Sequence[tuple[str, StrOrPromise]] = ()) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        required=False,
        choices=_any(choices),
        error_messages=_INVALID_CHOICE,
        widget=QuickSelect,
    )


class AchievementFilterForm(forms.Form):
    category = _choice(_("Category"), Achievement.Category.choices)
    year = forms.TypedChoiceField(
        label=_("Year"), required=False, coerce=int, empty_value=None, error_messages=_INVALID_CHOICE
    )
    first_kind = _choice(_("First"), FirstKind.choices[:2])
    field = _choice(_("Field"))

    def __init__(
        self,
        *args: object,
        years: list[int],
        fields: Sequence[tuple[str, StrOrPromise]] = (),
        **kwargs: object,
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        asked = _year_in_range(self.data.get("year"))
        if asked is not None and asked not in years:
            years = sorted([*years, asked], reverse=True)
        self.fields["year"].choices = _any([(str(y), str(y)) for y in years])  # type: ignore[attr-defined]
        self.fields["field"].choices = _any(fields)  # type: ignore[attr-defined]


def _year_in_range(value: object) -> int | None:
    """The year a request asks for, if it is a plain number in YEAR_RANGE."""
    if not isinstance(value, str) or not value.isascii() or not value.isdigit():
        return None
    year = int(value)
    return year if YEAR_RANGE[0] <= year <= YEAR_RANGE[1] else None


class FacilityFilterForm(forms.Form):
    """Facilities by kind, status and city, and by what their instruments offer."""

    kind = _choice(_("Kind"), Facility.Kind.choices)
    status = _choice(_("Status"), Facility.Status.choices)
    city = _choice(_("City"))
    technique = forms.CharField(label=_("Technique"), required=False, max_length=80, strip=True)
    access_mode = _choice(_("Access"), Instrument.AccessMode.choices)
    page = forms.IntegerField(
        label=_("Page"), required=False, min_value=1, max_value=100_000, widget=forms.HiddenInput
    )

    def __init__(
        self, *args: object, cities: Sequence[tuple[str, StrOrPromise]] = (), **kwargs: object
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["city"].choices = _any(cities)  # type: ignore[attr-defined]


class InstrumentFilterForm(forms.Form):
    """A facility's instruments by technique and access mode, a page at a time."""

    technique = forms.CharField(label=_("Technique"), required=False, max_length=80, strip=True)
    access_mode = _choice(_("Access"), Instrument.AccessMode.choices)
    page = forms.IntegerField(
        label=_("Page"), required=False, min_value=1, max_value=100_000, widget=forms.HiddenInput
    )


class OrganisationFilterForm(forms.Form):
    kind = _choice(_("Kind"), Organisation.Kind.choices)


class SearchForm(forms.Form):
    """A query longer than SEARCH_MAX_LENGTH is shortened, not refused; `shortened` tells the page.
    With `kind`, the page shows one kind of record, a page at a time."""

    q = forms.CharField(label=_("Search"), required=False, strip=True)
    kind = forms.ChoiceField(
        required=False,
        choices=[("", "")]
        + [(k, k) for k in ("facilities", "instruments", "organisations", "achievements", "fields")],
        error_messages=_INVALID_CHOICE,
    )
    page = forms.IntegerField(required=False, min_value=1, max_value=1000)

    shortened = False

    def clean_q(self) -> str:
        query: str = self.cleaned_data["q"]
        if len(query) > SEARCH_MAX_LENGTH:
            self.shortened = True
            query = query[:SEARCH_MAX_LENGTH].strip()
        return query
