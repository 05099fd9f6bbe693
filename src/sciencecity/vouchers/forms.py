from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from sciencecity.core.models import in_current_language
from sciencecity.registry.models import Organisation
from sciencecity.vouchers.models import Scheme


class ApplicationForm(forms.Form):
    scheme = forms.ModelChoiceField(queryset=Scheme.objects.none(), label=_("Scheme"))
    employees = forms.IntegerField(min_value=0, label=_("Employees"))
    revenue = forms.DecimalField(
        min_value=0, max_digits=14, decimal_places=2, label=_("Last year's revenue (CNY)")
    )
    registered_on = forms.DateField(
        label=_("Registration date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    district = forms.CharField(max_length=80, label=_("Registered district"))
    requested_amount = forms.DecimalField(
        min_value=0.01, max_digits=14, decimal_places=2, label=_("Amount requested (CNY)")
    )
    purpose = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, label=_("What it is for")
    )


class OrganisationChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return in_current_language(obj, "name")


class RelationForm(forms.Form):
    """A relation of the firm to another organisation of the map, which its vouchers may then never pay."""

    related = OrganisationChoice(queryset=Organisation.objects.none(), label=_("Related organisation"))
    kind = forms.CharField(
        max_length=120,
        label=_("Kind of relation"),
        help_text=_("For example: shareholding, common director, parent company."),
    )

    def __init__(self, *args: Any, firm: Organisation | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        others = Organisation.objects.order_by("name_en")
        self.fields["related"].queryset = others.exclude(pk=firm.pk) if firm else others  # type: ignore[attr-defined]


class ApproveForm(forms.Form):
    amount = forms.DecimalField(
        min_value=0.01, max_digits=14, decimal_places=2, label=_("Voucher amount (CNY)")
    )
    expires = forms.DateField(label=_("Expires"), widget=forms.DateInput(attrs={"type": "date"}))


class ReasonForm(forms.Form):
    reason = forms.CharField(max_length=2000, label=_("Reason"))


class ClaimForm(forms.Form):
    invoice = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    proof = forms.FileField(required=False, label=_("Proof of the firm's payment (PDF)"))
    payment_reference = forms.CharField(max_length=120, required=False, label=_("or payment reference"))


class SchemeForm(forms.Form):
    """A new scheme of one of the agency's own (the choices are narrowed to the operator's agencies)."""

    agency = forms.ModelChoiceField(queryset=Organisation.objects.none(), label=_("Agency"))
    code = forms.SlugField(max_length=60, label=_("Code"))
    name_en = forms.CharField(max_length=255, label=_("Name (English)"))
    name_zh = forms.CharField(max_length=255, required=False, label=_("Name (Simplified Chinese)"))
    share = forms.DecimalField(
        min_value=Decimal("0.001"),
        max_value=Decimal("1"),
        max_digits=4,
        decimal_places=3,
        label=_("Share of the cost covered (0.5 = half)"),
    )
    yearly_cap = forms.DecimalField(
        min_value=Decimal("0.01"),
        max_digits=14,
        decimal_places=2,
        label=_("Yearly cap per beneficiary (CNY)"),
    )
    valid_from = forms.DateField(label=_("Valid from"), widget=forms.DateInput(attrs={"type": "date"}))
    valid_until = forms.DateField(label=_("Valid until"), widget=forms.DateInput(attrs={"type": "date"}))
    providers = forms.ModelMultipleChoiceField(
        queryset=Organisation.objects.order_by("name_en"), label=_("Eligible providers")
    )
    max_employees = forms.IntegerField(min_value=0, required=False, label=_("At most employees"))
    max_revenue = forms.DecimalField(
        min_value=0, max_digits=14, decimal_places=2, required=False, label=_("At most yearly revenue (CNY)")
    )
    max_age_years = forms.IntegerField(
        min_value=0, max_value=100, required=False, label=_("Registered at most this many years ago")
    )
    districts = forms.CharField(
        max_length=500, required=False, label=_("Eligible registered districts (comma-separated; empty: any)")
    )
    example_values = forms.BooleanField(required=False, label=_("The figures are example values"))

    def __init__(self, *args: Any, agencies: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]

    def clean_districts(self) -> list[str]:
        return [d.strip() for d in self.cleaned_data["districts"].split(",") if d.strip()]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("valid_from"), data.get("valid_until")
        if start and end and end < start:
            self.add_error("valid_until", _("A scheme ends on or after the day it starts."))
        return data
