"""The profile form: what a person may change about themselves."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from sciencecity.accounts.models import User


def _organisations() -> Any:
    organisation_model: Any = User._meta.get_field("organisation").related_model  # the map's
    return organisation_model._default_manager.order_by("name_en")


class OrganisationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        if get_language() == "zh-hans" and obj.name_zh:
            return str(obj.name_zh)
        return str(obj.name_en)


class ProfileForm(forms.Form):
    display_name = forms.CharField(label=_("Display name"), max_length=150, required=False)
    organisation = OrganisationChoiceField(
        label=_("Organisation"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("— not on the map, or none —"),
        help_text=_("The organisation of the innovation map you work for."),
    )
    organisation_named = forms.CharField(
        label=_("Or name your organisation"),
        max_length=255,
        required=False,
        help_text=_("If the map lacks it: the user office will confirm it."),
    )
    country = forms.ChoiceField(label=_("Country"), required=False)
    orcid = forms.CharField(
        label=_("ORCID iD"),
        max_length=19,
        required=False,
        help_text=_("Like 0000-0002-1825-0097."),
        widget=forms.TextInput(attrs={"inputmode": "text", "autocomplete": "off", "spellcheck": "false"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = _organisations()  # type: ignore[attr-defined]
        self.fields["country"].choices = [("", "—"), *((code, name) for code, name in countries)]  # type: ignore[attr-defined]

    @staticmethod
    def initial_for(user: User) -> dict[str, Any]:
        return {
            "display_name": user.display_name,
            "organisation": user.organisation_id,
            "organisation_named": user.organisation_named,
            "country": user.country,
            "orcid": user.orcid,
        }


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Token name"), max_length=100, required=False, help_text=_("What the token is for.")
    )
