"""Draft → issued → paid, or cancelled; once issued nothing changes but by a credit note."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from sciencecity.accounting.models import Invoice
from sciencecity.accounting.services import (
    invoice_cancel,
    invoice_issue,
    invoice_mark_paid,
    invoice_set_voucher_share,
    invoices_draft_for_month,
)
from sciencecity.accounting.tests.billing_helpers import ISSUE_DAY, firm_draft, firm_invoice
from sciencecity.accounting.tests.conftest import MONTH, on
from sciencecity.core.audit import audit_trail
from sciencecity.core.errors import PermissionDenied, StateConflict


def test_issuing_numbers_the_invoice_dates_it_and_sets_the_due_date_by_the_terms(shop):
    invoice = firm_invoice(shop, 1)
    assert invoice.status == Invoice.Status.ISSUED
    assert invoice.number == "LS-2027-0001"  # the prefix defaults to the provider's facility short name
    assert invoice.issued_at == ISSUE_DAY
    assert invoice.due_on == dt.date(2027, 5, 2)  # 30 days
    assert [e.action for e in audit_trail(invoice)] == ["invoice.draft", "invoice.issue"]


def test_an_issued_invoice_is_not_issued_again_nor_given_a_voucher_share(shop):
    invoice = firm_invoice(shop, 1)
    with pytest.raises(StateConflict):
        invoice_issue(invoice=invoice, actor=shop.manager, now=ISSUE_DAY)
    with pytest.raises(StateConflict):
        invoice_set_voucher_share(invoice=invoice, amount=Decimal("1.00"), reference="V-1")


def test_an_issued_invoice_takes_no_new_lines_they_go_to_a_new_draft(shop):
    issued = firm_invoice(shop, 1)
    shop.use(shop.erin, on(20, 9), 1)
    report = invoices_draft_for_month(provider=shop.provider, month=MONTH, actor=shop.manager)
    (draft,) = report.invoices
    assert draft.pk != issued.pk
    issued.refresh_from_db()
    assert issued.lines.count() == 1 and issued.total == Decimal("333.33")


def test_marking_paid_records_when_and_only_once(shop):
    invoice = firm_invoice(shop, 1)
    paid_at = ISSUE_DAY + dt.timedelta(days=3)
    invoice = invoice_mark_paid(invoice=invoice, actor=shop.office, paid_at=paid_at, now=paid_at)
    assert (invoice.status, invoice.paid_at) == (Invoice.Status.PAID, paid_at)
    with pytest.raises(StateConflict):
        invoice_mark_paid(invoice=invoice, actor=shop.office, now=paid_at)
    with pytest.raises(StateConflict):
        invoice_cancel(invoice=invoice, actor=shop.office, reason="late", now=paid_at)


def test_a_draft_is_not_paid_and_a_payment_is_not_before_the_issue(shop):
    draft = firm_draft(shop, 1)
    with pytest.raises(StateConflict):
        invoice_mark_paid(invoice=draft, actor=shop.manager, now=ISSUE_DAY)
    invoice = invoice_issue(invoice=draft, actor=shop.manager, now=ISSUE_DAY)
    with pytest.raises(ValidationError):
        invoice_mark_paid(
            invoice=invoice, actor=shop.manager, paid_at=ISSUE_DAY - dt.timedelta(days=1), now=ISSUE_DAY
        )


def test_cancelling_an_issued_invoice_keeps_its_number_and_frees_its_usage_for_a_new_draft(shop):
    invoice = firm_invoice(shop, 1)
    with pytest.raises(ValidationError):
        invoice_cancel(invoice=invoice, actor=shop.manager, reason="  ", now=ISSUE_DAY)
    cancelled = invoice_cancel(invoice=invoice, actor=shop.manager, reason="wrong customer", now=ISSUE_DAY)
    assert (cancelled.status, cancelled.number) == (Invoice.Status.CANCELLED, "LS-2027-0001")
    again = invoices_draft_for_month(provider=shop.provider, month=MONTH, actor=shop.manager)
    assert again.lines_added == 1
    reissued = invoice_issue(invoice=again.invoices[0], actor=shop.manager, now=ISSUE_DAY)
    assert reissued.number == "LS-2027-0002"


def test_an_invoice_without_lines_is_not_issued(shop):
    draft = Invoice.objects.create(provider=shop.provider, customer=shop.firm, period=MONTH)
    with pytest.raises(StateConflict):
        invoice_issue(invoice=draft, actor=shop.manager, now=ISSUE_DAY)


@pytest.mark.parametrize("who", ["other_manager", "erin", "uma", "stranger"])
def test_only_the_providers_staff_issue_mark_paid_and_cancel(shop, who):
    actor = getattr(shop, who)
    draft = firm_draft(shop, 1)
    with pytest.raises(PermissionDenied):
        invoice_issue(invoice=draft, actor=actor, now=ISSUE_DAY)
    with pytest.raises(PermissionDenied):
        invoice_cancel(invoice=draft, actor=actor, reason="x", now=ISSUE_DAY)
    issued = invoice_issue(invoice=draft, actor=shop.manager, now=ISSUE_DAY)
    with pytest.raises(PermissionDenied):
        invoice_mark_paid(invoice=issued, actor=actor, now=ISSUE_DAY)
