"""An invoice a voucher paid part of is cancelled or credited: the voucher gets its part back, once.

The scheme pays 50 % of the MS lines (the NMR is not an eligible service); see conftest.
"""

from decimal import Decimal

import pytest

from sciencecity.accounting import services as invoicing
from sciencecity.core.errors import StateConflict
from sciencecity.vouchers import selectors, services
from sciencecity.vouchers.models import Claim


def issued_with_voucher(world, lines):
    voucher = world.voucher("8000.00")
    invoice = services.voucher_redeem(actor=world.erin, invoice=world.invoice(lines), voucher=voucher)
    return voucher, invoicing.invoice_issue(invoice=invoice, actor=world.carol)


def balance(voucher) -> Decimal:
    voucher.refresh_from_db()
    assert selectors.ledger_balance(voucher) == voucher.balance  # the ledger and the balance agree
    return voucher.balance


def test_cancelling_an_issued_invoice_gives_the_voucher_share_back_once(world):
    voucher, invoice = issued_with_voucher(world, [(world.ms, "200.00")])
    assert balance(voucher) == Decimal("7900.00")
    with pytest.raises(StateConflict):  # an issued invoice's share is not taken back by hand
        services.voucher_reverse(actor=world.carol, invoice=invoice, reason="issued")
    invoicing.invoice_cancel(invoice=invoice, actor=world.carol, reason="wrong customer")
    assert balance(voucher) == Decimal("8000.00")
    assert voucher.year_spends.get(year=2026).spent == Decimal("0.00")
    assert [e.kind for e in selectors.ledger_of(voucher)] == ["issue", "redeem", "reverse"]
    with pytest.raises(StateConflict):
        services.voucher_reverse(actor=world.carol, invoice=invoice, reason="again")
    assert balance(voucher) == Decimal("8000.00")


@pytest.mark.parametrize("decided", ["submitted", "settled"])
def test_an_invoice_whose_share_is_claimed_is_not_cancelled(world, decided):
    voucher, invoice = issued_with_voucher(world, [(world.ms, "200.00")])
    invoice = invoicing.invoice_mark_paid(invoice=invoice, actor=world.carol)
    claim = services.claim_submit(actor=world.carol, invoice=invoice, payment_reference="BANK-1")
    if decided == "settled":
        services.claim_settle(actor=world.olga, claim=claim)
    invoice.status = "issued"  # as if unpaid again: the claim alone refuses the cancellation
    invoice.save(update_fields=["status"])
    with pytest.raises(StateConflict, match="claimed"):
        invoicing.invoice_cancel(invoice=invoice, actor=world.carol, reason="late")
    invoice.refresh_from_db()
    assert invoice.status == "issued"  # the cancellation rolled back whole
    assert invoice.lines.filter(live=True).count() == 1
    assert balance(voucher) == Decimal("7900.00")


def test_crediting_an_eligible_line_gives_the_voucher_its_share_of_it(world):
    voucher, invoice = issued_with_voucher(world, [(world.ms, "300.00"), (world.nmr, "500.00")])
    ms_line, nmr_line = invoice.lines.order_by("instrument__code")
    assert invoice.voucher_share == Decimal("150.00")
    note = invoicing.credit_note_issue(
        invoice=invoice, actor=world.carol, reason="one run failed", lines={ms_line.pk: Decimal("100.01")}
    )
    assert note.voucher_part == Decimal("50.01")  # 50 % of 100.01, half a fen up
    assert balance(voucher) == Decimal("7850.00") + Decimal("50.01")
    other = invoicing.credit_note_issue(
        invoice=invoice, actor=world.carol, reason="NMR rerun", lines={nmr_line.pk: Decimal("200.00")}
    )
    assert other.voucher_part == Decimal("0.00")  # the voucher paid nothing of the NMR
    assert balance(voucher) == Decimal("7900.01")
    assert invoicing.voucher_credited(invoice) == Decimal("50.01")


def test_one_amount_credited_takes_the_voucher_share_in_proportion_and_the_last_takes_the_rest(world):
    voucher, invoice = issued_with_voucher(world, [(world.ms, "300.00"), (world.nmr, "100.00")])
    assert invoice.voucher_share == Decimal("150.00")  # of a total of 400.00
    first = invoicing.credit_note_issue(
        invoice=invoice, actor=world.carol, reason="goodwill", amount=Decimal("100.01")
    )
    assert first.voucher_part == Decimal("37.50")  # 100.01 x 150 / 400 = 37.50375
    rest = invoicing.credit_note_issue(
        invoice=invoice, actor=world.carol, reason="void", amount=Decimal("299.99")
    )
    assert rest.voucher_part == Decimal("112.50")  # fully credited: all that was left
    assert balance(voucher) == Decimal("8000.00")
    assert invoicing.voucher_credited(invoice) == invoice.voucher_share


def test_a_claim_asks_the_agency_for_the_share_left_after_credit_notes(world):
    voucher, invoice = issued_with_voucher(world, [(world.ms, "600.00")])
    line = invoice.lines.get()
    invoicing.credit_note_issue(
        invoice=invoice, actor=world.carol, reason="x", lines={line.pk: Decimal("200.00")}
    )
    invoice = invoicing.invoice_mark_paid(invoice=invoice, actor=world.carol)
    claim = services.claim_submit(actor=world.carol, invoice=invoice, payment_reference="BANK-2")
    assert claim.amount == Decimal("200.00")  # 50 % of 600 less 50 % of the 200 credited
    assert balance(voucher) == Decimal("7800.00")


def test_no_credit_note_while_the_agency_decides_a_claim_and_one_after_settlement_says_what_is_owed(world):
    voucher, invoice = issued_with_voucher(world, [(world.ms, "600.00")])
    invoice = invoicing.invoice_mark_paid(invoice=invoice, actor=world.carol)
    claim = services.claim_submit(actor=world.carol, invoice=invoice, payment_reference="BANK-3")
    with pytest.raises(StateConflict, match="deciding"):
        invoicing.credit_note_issue(invoice=invoice, actor=world.carol, reason="x", amount=Decimal("60.00"))
    assert not invoice.credit_notes.exists()  # refused whole: no note, no number used
    services.claim_settle(actor=world.olga, claim=claim)
    note = invoicing.credit_note_issue(
        invoice=invoice, actor=world.carol, reason="x", amount=Decimal("60.00")
    )
    assert note.number.endswith("-0001")
    assert note.voucher_part == Decimal("30.00")
    assert balance(voucher) == Decimal("7730.00")
    last = selectors.ledger_of(voucher).last()
    assert last is not None and last.kind == "reverse" and "owes the agency 30.00" in last.note
    assert Claim.objects.get(pk=claim.pk).amount == Decimal("300.00")  # what was paid stays on record


def test_the_agencys_figures_are_net_of_credit_notes(world):
    _voucher, invoice = issued_with_voucher(world, [(world.ms, "300.00"), (world.nmr, "100.00")])
    ms_line = invoice.lines.get(instrument=world.ms)
    invoicing.credit_note_issue(
        invoice=invoice, actor=world.carol, reason="x", lines={ms_line.pk: Decimal("100.00")}
    )
    figures = selectors.dashboard(world.olga)
    assert figures["voucher_spend"] == Decimal("100.00")  # 150 less the 50 given back
    assert figures["own_spend"] == Decimal("200.00")  # 400 - 100 credited - 100 by voucher
    assert figures["leverage"] == Decimal("2.00")
    assert figures["by_provider"] == [{"label": "Test Institute", "spend": Decimal("100.00")}]
