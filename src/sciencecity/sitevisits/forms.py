"""Forms of the visit pages. Times typed without a zone are read in the facility's time (the views activate
it), so a team types its arrival as the facility's clock shows it."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from sciencecity.accounts.models import User
from sciencecity.proposals.models import Sample
from sciencecity.sitevisits.models import Visit

MOMENT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class VisitorForm(forms.Form):
    user = forms.ModelChoiceField(label=_("Who"), queryset=User.objects.none())
    on_site = forms.BooleanField(
        label=_("On site (untick for remote participation)"), required=False, initial=True
    )
    arrives_at = forms.DateTimeField(label=_("Arrival"), widget=MOMENT)
    departs_at = forms.DateTimeField(label=_("Departure"), widget=MOMENT)

    def __init__(self, *args: Any, team: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["user"]
        field.queryset = team  # type: ignore[attr-defined]
        field.label_from_instance = lambda u: u.display_name or u.username  # type: ignore[attr-defined]


class SampleForm(forms.Form):
    name = forms.CharField(label=_("Sample"), max_length=200)
    hazard = forms.ChoiceField(label=_("Hazard class"), choices=Sample.Hazard.choices)
    quantity = forms.CharField(label=_("Quantity"), max_length=100, required=False)


class SafetyForm(forms.ModelForm):
    class Meta:
        model = Visit
        fields = (
            "hazards_acknowledged",
            "handling",
            "waste",
            "needs_lab",
            "emergency_name",
            "emergency_phone",
        )
        widgets = {"handling": forms.Textarea(attrs={"rows": 3}), "waste": forms.Textarea(attrs={"rows": 3})}


class ChangesForm(forms.Form):
    reason = forms.CharField(
        label=_("What should the team change?"), widget=forms.Textarea(attrs={"rows": 3})
    )


class DayForm(forms.Form):
    day = forms.DateField(label=_("Day"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
