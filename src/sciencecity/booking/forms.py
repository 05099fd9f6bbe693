"""Forms of the booking pages: a slot's length, the rules, opening hours and blackouts."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sciencecity.booking.models import BookingRule, OpeningPeriod
from sciencecity.booking.rules import Period
from sciencecity.booking.services import RULE_FIELDS, BlackoutInput


def _length_label(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h" if not rest else f"{hours} h {rest} min"


class BookForm(forms.Form):
    """A start chosen on the calendar (ISO 8601 with its offset) and a length allowed by the rule."""

    start = forms.CharField(widget=forms.HiddenInput, max_length=40)
    minutes = forms.TypedChoiceField(label=_("Length"), coerce=int)
    wait = forms.BooleanField(required=False)  # queue for a taken time (the page sends it as a hidden field)

    def __init__(self, *args: Any, rule: BookingRule, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rule = rule
        step = rule.slot_minutes
        lengths = range(rule.min_minutes, rule.max_minutes + 1, step)
        self.fields["minutes"].choices = [(n, _length_label(n)) for n in lengths]  # type: ignore[attr-defined]
        self.fields["minutes"].initial = rule.min_minutes

    def clean_start(self) -> dt.datetime:
        try:
            start = dt.datetime.fromisoformat(self.cleaned_data["start"])
        except ValueError as exc:
            raise forms.ValidationError(_("Choose a slot on the calendar.")) from exc
        if timezone.is_naive(start):
            raise forms.ValidationError(_("Choose a slot on the calendar."))
        return start

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "start" in data and "minutes" in data:
            data["end"] = data["start"] + dt.timedelta(minutes=data["minutes"])
        return data


class RuleForm(forms.ModelForm):
    class Meta:
        model = BookingRule
        fields = RULE_FIELDS


class PeriodForm(forms.Form):
    weekday = forms.TypedChoiceField(label=_("Weekday"), choices=OpeningPeriod.Weekday.choices, coerce=int)
    opens = forms.TimeField(label=_("Opens"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    closes = forms.TimeField(
        label=_("Closes"),
        help_text=_("00:00 means midnight at the end of the day."),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )


class PeriodFormSet(forms.BaseFormSet):
    def periods(self) -> list[Period]:
        return [
            Period(f.cleaned_data["weekday"], f.cleaned_data["opens"], f.cleaned_data["closes"])
            for f in self.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE")
        ]


class BlackoutForm(forms.Form):
    start = forms.DateTimeField(label=_("From"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    end = forms.DateTimeField(label=_("Until"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    reason_en = forms.CharField(label=_("Reason (English)"), max_length=200, required=False)
    reason_zh = forms.CharField(label=_("Reason (Simplified Chinese)"), max_length=200, required=False)


class BlackoutFormSet(forms.BaseFormSet):
    def blackouts(self, rule: BookingRule) -> list[BlackoutInput]:
        """The blackouts given, their times read on the instrument's clock."""
        zone = rule.zone
        found = []
        for f in self.forms:
            if not f.cleaned_data or f.cleaned_data.get("DELETE"):
                continue
            start, end = (f.cleaned_data[name] for name in ("start", "end"))
            found.append(
                BlackoutInput(
                    start=timezone.make_aware(timezone.make_naive(start), zone)
                    if timezone.is_aware(start)
                    else timezone.make_aware(start, zone),
                    end=timezone.make_aware(timezone.make_naive(end), zone)
                    if timezone.is_aware(end)
                    else timezone.make_aware(end, zone),
                    reason_en=f.cleaned_data["reason_en"],
                    reason_zh=f.cleaned_data["reason_zh"],
                )
            )
        return found


def period_formset(data: Any, rule: BookingRule) -> PeriodFormSet:
    formset = forms.formset_factory(PeriodForm, formset=PeriodFormSet, extra=2, can_delete=True)
    initial = (
        [{"weekday": p.weekday, "opens": p.opens, "closes": p.closes} for p in rule.opening_periods.all()]
        if rule.pk
        else []
    )
    return formset(data, initial=initial, prefix="periods")  # type: ignore[return-value]


def blackout_formset(data: Any, rule: BookingRule) -> BlackoutFormSet:
    formset = forms.formset_factory(BlackoutForm, formset=BlackoutFormSet, extra=1, can_delete=True)
    zone = rule.zone
    initial = (
        [
            {
                "start": timezone.localtime(b.start, zone).replace(tzinfo=None),
                "end": timezone.localtime(b.end, zone).replace(tzinfo=None),
                "reason_en": b.reason_en,
                "reason_zh": b.reason_zh,
            }
            for b in rule.blackouts.all()
        ]
        if rule.pk
        else []
    )
    return formset(data, initial=initial, prefix="blackouts")  # type: ignore[return-value]
