"""The voucher's share of a draft: between 0 and the total, to the fen; the firm's own share is the rest."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from sciencecity.accounting.services import invoice_issue, invoice_set_voucher_share
from sciencecity.accounting.tests.billing_helpers import ISSUE_DAY, firm_draft
from sciencecity.core.audit import audit_trail


def test_a_voucher_pays_half_of_a_draft_and_the_firm_owes_the_rest(shop):
    draft = firm_draft(shop, 2.5)  # 833.33
    invoice = invoice_set_voucher_share(invoice=draft, amount=Decimal("416.67"), reference="V-2027-0007")
    assert (invoice.voucher_share, invoice.voucher_reference) == (Decimal("416.67"), "V-2027-0007")
    assert invoice.amount_due == Decimal("416.66")
    assert [e.action for e in audit_trail(invoice)][-1] == "invoice.voucher_share"
    issued = invoice_issue(invoice=invoice, actor=shop.manager, now=ISSUE_DAY)
    assert issued.amount_due == Decimal("416.66")


@pytest.mark.parametrize("amount", ["-0.01", "833.34", "1.005"])
def test_a_share_below_zero_above_the_total_or_finer_than_a_fen_is_refused(shop, amount):
    draft = firm_draft(shop, 2.5)
    with pytest.raises(ValidationError):
        invoice_set_voucher_share(invoice=draft, amount=Decimal(amount), reference="V-1")
    draft.refresh_from_db()
    assert draft.voucher_share == Decimal("0.00")


def test_a_zero_share_clears_the_reference(shop):
    draft = firm_draft(shop, 1)
    invoice_set_voucher_share(invoice=draft, amount=Decimal("100.00"), reference="V-1")
    cleared = invoice_set_voucher_share(invoice=draft, amount=Decimal("0"), reference="V-1")
    assert (cleared.voucher_share, cleared.voucher_reference) == (Decimal("0.00"), "")
