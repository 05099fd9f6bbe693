"""Filters of the public pages: validated like any input, so a bad value is an error, not a crash."""

from __future__ import annotations

from collections.abc import Sequence

from django import forms
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from sciencecity.registry.models import Achievement, Facility, FirstKind, Organisation

StrOrPromise = str | Promise


def _any(choices: Sequence[tuple[str, StrOrPromise]]) -> list[tuple[str, StrOrPromise]]:
    return [("", _("Any")), *choices]


class AchievementFilterForm(forms.Form):
    category = forms.ChoiceField(
        label=_("Category"), required=False, choices=_any(Achievement.Category.choices)
    )
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)
    first_kind = forms.ChoiceField(label=_("First"), required=False, choices=_any(FirstKind.choices[:2]))

    def __init__(self, *args: object, years: list[int], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["year"].choices = _any([(str(y), str(y)) for y in years])  # type: ignore[attr-defined]


class FacilityFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=_any(Facility.Kind.choices))
    status = forms.ChoiceField(label=_("Status"), required=False, choices=_any(Facility.Status.choices))


class OrganisationFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=_any(Organisation.Kind.choices))


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200, strip=True)
