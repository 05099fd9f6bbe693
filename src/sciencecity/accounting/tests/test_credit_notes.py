"""Credit notes correct issued invoices: per line or as one amount, never more than billed, numbered in their
own gapless sequence per provider and year (PREFIX-CN-YEAR-0001)."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from sciencecity.accounting.services import credit_note_issue, invoice_cancel
from sciencecity.accounting.services.invoices import credited_total
from sciencecity.accounting.tests.billing_helpers import ISSUE_DAY, firm_draft, firm_invoice
from sciencecity.core.errors import PermissionDenied, StateConflict


def test_a_credit_note_per_line_has_its_own_sequence_and_leaves_the_invoice_unchanged(shop):
    invoice = firm_invoice(shop, 2.5, 1)  # 833.33 + 333.33 = 1166.66
    first, _second = invoice.lines.order_by("used_on")
    note = credit_note_issue(
        invoice=invoice,
        actor=shop.manager,
        reason="beam lost for 30 minutes",
        lines={first.pk: Decimal("166.67")},
        now=ISSUE_DAY,
    )
    assert (note.number, note.amount) == ("LS-CN-2027-0001", Decimal("166.67"))
    assert list(note.lines.values_list("invoice_line", "amount")) == [(first.pk, Decimal("166.67"))]
    again = credit_note_issue(
        invoice=invoice, actor=shop.office, reason="goodwill", amount=Decimal("0.01"), now=ISSUE_DAY
    )
    assert again.number == "LS-CN-2027-0002"
    invoice.refresh_from_db()
    assert invoice.total == Decimal("1166.66") and invoice.number == "LS-2027-0001"
    assert credited_total(invoice) == Decimal("166.68")


def test_a_line_is_credited_at_most_what_it_billed_and_an_invoice_at_most_its_total(shop):
    invoice = firm_invoice(shop, 1)  # 333.33
    line = invoice.lines.get()
    with pytest.raises(ValidationError):
        credit_note_issue(invoice=invoice, actor=shop.manager, reason="x", lines={line.pk: Decimal("333.34")})
    credit_note_issue(invoice=invoice, actor=shop.manager, reason="x", lines={line.pk: Decimal("300.00")})
    with pytest.raises(ValidationError):
        credit_note_issue(invoice=invoice, actor=shop.manager, reason="x", lines={line.pk: Decimal("33.34")})
    with pytest.raises(ValidationError):
        credit_note_issue(invoice=invoice, actor=shop.manager, reason="x", amount=Decimal("33.34"))
    credit_note_issue(invoice=invoice, actor=shop.manager, reason="x", amount=Decimal("33.33"))
    assert credited_total(invoice) == invoice.total


def test_a_draft_is_not_credited_and_a_credited_invoice_is_not_cancelled(shop):
    with pytest.raises(StateConflict):
        credit_note_issue(invoice=firm_draft(shop, 1), actor=shop.manager, reason="x", amount=Decimal("1.00"))
    invoice = firm_invoice(shop, 1)
    credit_note_issue(invoice=invoice, actor=shop.manager, reason="x", amount=Decimal("1.00"))
    with pytest.raises(StateConflict):
        invoice_cancel(invoice=invoice, actor=shop.manager, reason="x")


def test_a_credit_note_needs_a_reason_and_one_way_of_saying_how_much(shop):
    invoice = firm_invoice(shop, 1)
    with pytest.raises(ValidationError):
        credit_note_issue(invoice=invoice, actor=shop.manager, reason=" ", amount=Decimal("1.00"))
    with pytest.raises(ValidationError):
        credit_note_issue(invoice=invoice, actor=shop.manager, reason="x")


@pytest.mark.parametrize("who", ["other_manager", "erin"])
def test_only_the_providers_staff_credit(shop, who):
    invoice = firm_invoice(shop, 1)
    with pytest.raises(PermissionDenied):
        credit_note_issue(invoice=invoice, actor=getattr(shop, who), reason="x", amount=Decimal("1.00"))
