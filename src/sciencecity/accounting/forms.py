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
