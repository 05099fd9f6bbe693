"""Writes of the accounting app, one module per sub-domain: usage (check-in/out), invoices (billing)."""

from sciencecity.accounting.services.invoices import (
    credit_note_issue,
    credit_note_set_voucher_part,
    credited_total,
    invoice_cancel,
    invoice_issue,
    invoice_mark_paid,
    invoice_set_voucher_share,
    invoices_draft_for_month,
    voucher_credited,
)
from sciencecity.accounting.services.rates import billing_profile_upsert, rate_upsert
from sciencecity.accounting.services.usage import usage_check_in, usage_check_out, usage_mark_no_show

__all__ = [
    "billing_profile_upsert",
    "credit_note_issue",
    "credit_note_set_voucher_part",
    "credited_total",
    "invoice_cancel",
    "invoice_issue",
    "invoice_mark_paid",
    "invoice_set_voucher_share",
    "invoices_draft_for_month",
    "rate_upsert",
    "usage_check_in",
    "usage_check_out",
    "usage_mark_no_show",
    "voucher_credited",
]
