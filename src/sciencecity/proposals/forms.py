"""Forms of the proposal pages: they parse and check input; services.py does the writing."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms
from django.forms import formset_factory
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from sciencecity.proposals.models import AccessRoute, Call, Proposal, Sample
from sciencecity.proposals.services import RequestInput, SampleInput
from sciencecity.registry.models import Field

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


def _name(record: Any) -> str:
    """A record's name in the reader's language (its English name when it has no Chinese one)."""
    chinese = getattr(record, "name_zh", "") if get_language().startswith("zh") else ""
    return str(chinese or record.name_en)


class FieldChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return _name(obj)


class InstrumentChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.code} · {_name(obj)}"


class NewProposalForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)


class ProposalForm(forms.Form):
    """The proposal's own fields; the access routes offered are the call's."""

    title = forms.CharField(label=_("Title"), max_length=300)
    abstract = forms.CharField(
        label=_("Abstract"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("At least 20 words: what you will measure, and why it matters."),
    )
    field = FieldChoice(
        label=_("Field of science"), queryset=Field.objects.order_by("name_en"), required=False
    )
    access_route = forms.ChoiceField(label=_("Access route"), choices=AccessRoute.choices)

    def __init__(self, *args: Any, call: Call, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offered = [(v, label) for v, label in AccessRoute.choices if v in call.access_routes]
        self.fields["access_route"].choices = offered or AccessRoute.choices  # type: ignore[attr-defined]

    def changes(self) -> dict[str, object]:
        return dict(self.cleaned_data)


def parse_ranges(text: str) -> list[tuple[dt.date, dt.date]]:
    """One range a line: "2026-10-20 2026-10-25" (any separator); a single date is a one-day range."""
    ranges = []
    for number, line in enumerate(text.splitlines(), start=1):
        days = _DATE.findall(line)
        if not line.strip():
            continue
        try:
            parsed = [dt.date.fromisoformat(d) for d in days]
        except ValueError:
            parsed = []
        if len(parsed) not in (1, 2) or len(days) != len(parsed):
            raise forms.ValidationError(
                _("Line %(n)d: give a first and a last date as YYYY-MM-DD."), params={"n": number}
            )
        first, last = parsed[0], parsed[-1]
        if last < first:
            raise forms.ValidationError(_("Line %(n)d ends before it starts."), params={"n": number})
        ranges.append((first, last))
    return ranges


class RequestForm(forms.Form):
    instruments = InstrumentChoices(
        label=_("Instruments (any one of them will do)"),
        queryset=Call.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    shifts = forms.IntegerField(label=_("Shifts"), min_value=1, max_value=1000)
    earliest = forms.DateField(label=_("Earliest date"), required=False, widget=DateInput())
    latest = forms.DateField(label=_("Latest date"), required=False, widget=DateInput())
    unavailable = forms.CharField(
        label=_("Dates the team cannot come"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One range a line: first and last day, e.g. 2026-10-20 2026-10-25."),
    )

    def __init__(self, *args: Any, call: Call, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["instruments"].queryset = call.instruments.order_by("code")  # type: ignore[attr-defined]

    def clean_unavailable(self) -> list[tuple[dt.date, dt.date]]:
        return parse_ranges(self.cleaned_data.get("unavailable") or "")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        earliest, latest = data.get("earliest"), data.get("latest")
        if earliest and latest and latest < earliest:
            self.add_error("latest", _("The latest date comes after the earliest."))
        return data

    def as_input(self) -> RequestInput:
        data = self.cleaned_data
        return RequestInput(
            instruments=list(data["instruments"]),
            shifts=data["shifts"],
            earliest=data.get("earliest"),
            latest=data.get("latest"),
            unavailable=data.get("unavailable") or [],
        )


class SampleForm(forms.Form):
    name = forms.CharField(label=_("Sample"), max_length=200)
    hazard = forms.ChoiceField(
        label=_("Hazard class"), choices=Sample.Hazard.choices, initial=Sample.Hazard.NONE
    )

    def as_input(self) -> SampleInput:
        return SampleInput(name=self.cleaned_data["name"], hazard=self.cleaned_data["hazard"])


def request_formset(data: Any, proposal: Proposal) -> Any:
    """The request rows: bound to a POST, or the saved requests (one blank row when there are none)."""
    initial = request_initial(proposal)
    formset = formset_factory(
        RequestForm, extra=0 if initial else 1, can_delete=True, max_num=20, absolute_max=20
    )
    return formset(data, prefix="requests", initial=initial, form_kwargs={"call": proposal.call})


def sample_formset(data: Any, proposal: Proposal) -> Any:
    initial = sample_initial(proposal)
    formset = formset_factory(
        SampleForm, extra=0 if initial else 1, can_delete=True, max_num=50, absolute_max=50
    )
    return formset(data, prefix="samples", initial=initial)


def request_initial(proposal: Proposal) -> list[dict[str, Any]]:
    return [
        {
            "instruments": list(r.instruments.all()),
            "shifts": r.shifts,
            "earliest": r.earliest,
            "latest": r.latest,
            "unavailable": "\n".join(f"{a} {b}" for a, b in r.unavailable),
        }
        for r in proposal.requests.prefetch_related("instruments")
    ]


def sample_initial(proposal: Proposal) -> list[dict[str, Any]]:
    return [{"name": s.name, "hazard": s.hazard} for s in proposal.samples.all()]


def kept(formset: Any) -> list[Any]:
    """The filled-in rows the user did not mark for removal."""
    return [
        f
        for f in formset.forms
        if f.has_changed() or f in formset.initial_forms
        if not (formset.can_delete and f.cleaned_data.get("DELETE"))
    ]


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("Co-proposer's e-mail"))


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Why do you withdraw it?"), max_length=500)


class ExtendForm(forms.Form):
    closes_at = forms.DateTimeField(
        label=_("New deadline"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("In the call's time zone."),
    )
    reason = forms.CharField(label=_("Reason"), max_length=500, required=False)


class CloseForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500, required=False)


class AttachmentForm(forms.Form):
    attachment = forms.FileField(label=_("Proposal PDF"))
