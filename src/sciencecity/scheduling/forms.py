"""Forms of the allocation pages: start a run, add a calendar block, pin a request.

Times are entered as the facility's wall-clock dates and shift starts (the cycle's time zone), and turned
into aware instants here, so the services only ever see aware datetimes.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sciencecity.proposals.models import Cycle
from sciencecity.registry.models import Instrument

METHODS = (
    ("greedy", _("Greedy (rank order, as user offices do by hand)")),
    ("greedy+repair", _("Greedy, then repair")),
    ("best", _("Best (LP bound, rounding and MILP; certified gap)")),
)
MAX_TIME_LIMIT_S = 3600


class RunStartForm(forms.Form):
    method = forms.ChoiceField(label=_("Method"), choices=METHODS, initial="best")
    time_limit = forms.IntegerField(
        label=_("Time limit (seconds)"),
        min_value=1,
        max_value=MAX_TIME_LIMIT_S,
        initial=60,
        help_text=_("The best method stops at this limit and reports how far from optimal it may be."),
    )


def shift_times(cycle: Cycle) -> list[tuple[str, str]]:
    """The local times shifts begin at, e.g. 00:00, 08:00, 16:00."""
    return [(f"{h:02d}:00", f"{h:02d}:00") for h in range(0, 24, cycle.shift_hours)]


def _aware(cycle: Cycle, day: dt.date, time: str) -> dt.datetime:
    hours, minutes = (int(part) for part in time.split(":"))
    return dt.datetime.combine(day, dt.time(hours, minutes)).replace(
        tzinfo=zoneinfo.ZoneInfo(cycle.time_zone)
    )


class _CycleForm(forms.Form):
    def __init__(self, *args: Any, cycle: Cycle, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.cycle = cycle
        for name, field in self.fields.items():
            if name.endswith("time") and isinstance(field, forms.ChoiceField):
                field.choices = shift_times(cycle)
            if isinstance(field, forms.DateField):
                field.widget = forms.DateInput(
                    attrs={
                        "type": "date",
                        "min": cycle.starts_on.isoformat(),
                        "max": cycle.ends_on.isoformat(),
                    }
                )


class BlockForm(_CycleForm):
    """A machine-calendar block: from a shift start to a shift start (the end is the first moment after)."""

    instrument = forms.ModelChoiceField(
        label=_("Instrument"),
        queryset=Instrument.objects.none(),
        required=False,
        empty_label=_("Whole facility"),
    )
    kind = forms.ChoiceField(label=_("Kind"))
    start_day = forms.DateField(label=_("From (day)"))
    start_time = forms.ChoiceField(label=_("From (shift start)"))
    end_day = forms.DateField(label=_("Until (day)"))
    end_time = forms.ChoiceField(label=_("Until (shift start)"))
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(self, *args: Any, cycle: Cycle, kinds: Any, **kwargs: Any) -> None:
        super().__init__(*args, cycle=cycle, **kwargs)
        self.fields["instrument"].queryset = Instrument.objects.filter(offers__cycle=cycle).order_by("code")  # type: ignore[attr-defined]
        self.fields["instrument"].label_from_instance = lambda instrument: instrument.code  # type: ignore[attr-defined]
        self.fields["kind"].choices = kinds  # type: ignore[attr-defined]
        self.fields["end_time"].help_text = _("The block ends when this shift begins.")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if all(data.get(k) for k in ("start_day", "start_time", "end_day", "end_time")):
            data["starts_at"] = _aware(self.cycle, data["start_day"], data["start_time"])
            data["ends_at"] = _aware(self.cycle, data["end_day"], data["end_time"])
            if data["ends_at"] <= data["starts_at"]:
                self.add_error("end_day", _("A block ends after it starts."))
        return data


class PinForm(_CycleForm):
    """Pin a request of the cycle to an instrument and a first shift."""

    request = forms.CharField(label=_("Request"), max_length=60, widget=forms.HiddenInput)
    instrument = forms.ChoiceField(label=_("Instrument"))
    day = forms.DateField(label=_("First day"))
    time = forms.ChoiceField(label=_("First shift"))

    def __init__(self, *args: Any, cycle: Cycle, instruments: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, cycle=cycle, **kwargs)
        self.fields["instrument"].choices = instruments  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("day") and data.get("time"):
            data["starts_at"] = _aware(self.cycle, data["day"], data["time"])
        return data
