"""Staff forms: one training record, or a CSV file of them."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from sciencecity.registry.models import Instrument
from sciencecity.visits.models import Course

MAX_CSV_BYTES = 1_000_000


class RecordSelect(forms.Select):
    """A select of records whose options left in English (no Chinese name yet) say so with lang="en"."""

    def create_option(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        option = super().create_option(*args, **kwargs)
        record = getattr(option["value"], "instance", None)
        chinese = translation.get_language() or ""
        if record is not None and chinese.startswith("zh") and not getattr(record, "name_zh", ""):
            option["attrs"]["lang"] = "en"
        return option


def _when(label: Any, required: bool = True, help_text: Any = "") -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )


class RecordForm(forms.Form):
    person = forms.CharField(
        label=_("Person"), max_length=254, help_text=_("Their username or e-mail address.")
    )
    course = forms.ModelChoiceField(label=_("Course"), queryset=Course.objects.none(), widget=RecordSelect)
    completed_at = _when(_("Completed"), help_text=_("Shanghai time."))
    expires_at = _when(
        _("Expires"), required=False, help_text=_("Leave empty to use the course's validity period.")
    )
    note = forms.CharField(label=_("Note"), max_length=255, required=False)

    def __init__(self, *args: Any, courses: QuerySet[Course], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = courses  # type: ignore[attr-defined]
        self.fields["course"].label_from_instance = lambda c: c.name  # type: ignore[attr-defined]


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_("Columns: user, course, completed_at, and optionally expires_at and note; UTF-8."),
    )

    def clean_file(self) -> str:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_CSV_BYTES:
            raise forms.ValidationError(_("The file is larger than 1 MB."))
        try:
            return str(upload.read().decode("utf-8-sig"))
        except UnicodeDecodeError as exc:
            raise forms.ValidationError(_("The file is not UTF-8 text.")) from exc


class WantedForm(forms.Form):
    instrument = forms.ModelChoiceField(
        label=_("Instrument"),
        queryset=Instrument.objects.filter(access_mode=Instrument.AccessMode.BOOKING).select_related(
            "facility"
        ),
        to_field_name="slug",
        required=False,
        widget=RecordSelect,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["instrument"].label_from_instance = lambda i: f"{i.code} — {i.name}"  # type: ignore[attr-defined]
