"""The review pages' forms: input parsing only; every rule lives in the services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sciencecity.review.models import TechnicalReview

MAX_PUBLICATION_FILE = 2 * 1024 * 1024


class ScoreForm(forms.Form):
    score = forms.TypedChoiceField(
        label=_("Score"),
        coerce=int,
        empty_value=None,
        choices=[("", "-"), *((n, str(n)) for n in range(1, 6))],
        help_text=_("1 (poor) to 5 (outstanding)"),
    )
    comment = forms.CharField(
        label=_("Comment"), required=False, max_length=10_000, widget=forms.Textarea(attrs={"rows": 3})
    )


class VerdictForm(forms.Form):
    verdict = forms.ChoiceField(label=_("Verdict"), choices=TechnicalReview.Verdict.choices)
    comment = forms.CharField(
        label=_("Comment"), required=False, max_length=10_000, widget=forms.Textarea(attrs={"rows": 3})
    )


class ConflictForm(forms.Form):
    proposal = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Reason (optional)"), required=False, max_length=255)


class PublicationsForm(forms.Form):
    file = forms.FileField(label=_("BibTeX (.bib) or CSL-JSON (.json) file"))

    def clean_file(self) -> tuple[str, str]:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_PUBLICATION_FILE:
            raise forms.ValidationError(_("The file is larger than 2 MB."))
        try:
            text = upload.read().decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise forms.ValidationError(_("The file is not UTF-8 text.")) from exc
        return upload.name, text


class AssignForm(forms.Form):
    per_proposal = forms.IntegerField(label=_("Reviewers per proposal"), min_value=1, max_value=10, initial=3)


class ReassignForm(forms.Form):
    assignment = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    reviewer = forms.IntegerField(label=_("New reviewer"), min_value=1)


class NormaliseForm(forms.Form):
    normalise = forms.BooleanField(label=_("Normalise scores per reviewer (z-scores)"), required=False)
