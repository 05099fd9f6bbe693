from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

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
