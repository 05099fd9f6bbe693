"""The usage page's period: two dates, read in the site's time zone, the second one included."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

MAX_DAYS = 5 * 366


class PeriodForm(forms.Form):
    start = forms.DateField(
        label=_("Period starts"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    end = forms.DateField(
        label=_("Period ends (included)"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end:
            if end < start:
                raise forms.ValidationError(_("The period ends before it starts."))
            if (end - start).days > MAX_DAYS:
                raise forms.ValidationError(_("Choose five years at most."))
        return data

    def bounds(self) -> tuple[dt.datetime, dt.datetime]:
        """[start, end) as aware instants: local midnight of the first day to that after the last."""
        zone = timezone.get_current_timezone()
        start = dt.datetime.combine(self.cleaned_data["start"], dt.time(), tzinfo=zone)
        end = dt.datetime.combine(self.cleaned_data["end"] + dt.timedelta(days=1), dt.time(), tzinfo=zone)
        return start, end


def default_period(today: dt.date) -> dict[str, dt.date]:
    """The last 30 days, today included."""
    return {"start": today - dt.timedelta(days=29), "end": today}


class MonthField(forms.DateField):
    """A month as `YYYY-MM` (an `<input type="month">`), read as its first day."""

    input_formats = ["%Y-%m", "%Y-%m-%d"]
    widget = forms.DateInput(attrs={"type": "month"}, format="%Y-%m")

    def to_python(self, value: Any) -> dt.date | None:
        day = super().to_python(value)
        return day.replace(day=1) if day else None


class InvoiceFilterForm(forms.Form):
    provider = forms.ChoiceField(label=_("Provider"), required=False)
    month = MonthField(label=_("Month"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)

    def __init__(self, *args: Any, providers: list[tuple[str, str]], **kwargs: Any) -> None:
        from sciencecity.accounting.models import Invoice

        super().__init__(*args, **kwargs)
        self.fields["provider"].choices = [("", _("All")), *providers]  # type: ignore[attr-defined]
        self.fields["status"].choices = [("", _("All")), *Invoice.Status.choices]  # type: ignore[attr-defined]


class DraftMonthForm(forms.Form):
    provider = forms.ChoiceField(label=_("Provider"))
    month = MonthField(label=_("Month to invoice"))

    def __init__(self, *args: Any, providers: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["provider"].choices = providers  # type: ignore[attr-defined]


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500)


class CreditNoteForm(forms.Form):
    amount = forms.DecimalField(
        label=_("Amount to credit (CNY)"), max_digits=12, decimal_places=2, min_value=0
    )
    reason = forms.CharField(label=_("Reason"), max_length=500)
