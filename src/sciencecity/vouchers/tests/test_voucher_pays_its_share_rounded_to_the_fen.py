"""The voucher pays the scheme's share of the eligible lines, rounded once to the fen with ROUND_HALF_UP."""

from decimal import Decimal

from sciencecity.vouchers import selectors, services


def test_the_share_of_an_eligible_subtotal_rounds_half_a_fen_up():
    assert services.voucher_share_of(Decimal("0.05"), Decimal("0.5")) == Decimal("0.03")  # banker's: 0.02
    assert services.voucher_share_of(Decimal("100.01"), Decimal("0.5")) == Decimal("50.01")
    assert services.voucher_share_of(Decimal("100.03"), Decimal("0.3")) == Decimal("30.01")  # 30.009
    assert services.voucher_share_of(Decimal("0.01"), Decimal("0.4")) == Decimal("0.00")


def test_the_voucher_pays_half_of_the_eligible_lines_only(world):
    voucher = world.voucher("8000.00")
    # MS lines are eligible (333.33 + 100.02 = 433.35); the NMR is not an eligible service.
    invoice = world.invoice([(world.ms, "333.33"), (world.ms, "100.02"), (world.nmr, "500.00")])
    invoice = services.voucher_redeem(actor=world.erin, invoice=invoice, voucher=voucher)
    assert invoice.voucher_share == Decimal("216.68")  # 433.35 x 0.5 = 216.675 -> 216.68
    assert invoice.voucher_reference == voucher.number
    assert invoice.amount_due == Decimal("933.35") - Decimal("216.68")
    voucher.refresh_from_db()
    assert voucher.balance == Decimal("7783.32")
    assert selectors.ledger_balance(voucher) == voucher.balance
    assert [e.kind for e in selectors.ledger_of(voucher)] == ["issue", "redeem"]


def test_the_provider_staff_may_apply_the_customers_voucher_too(world):
    voucher = world.voucher("8000.00")
    invoice = world.invoice([(world.ms, "200.00")])
    invoice = services.voucher_redeem(actor=world.carol, invoice=invoice, voucher=voucher)
    assert invoice.voucher_share == Decimal("100.00")


def test_taking_the_share_back_restores_the_balance_and_the_years_spend(world):
    voucher = world.voucher("8000.00")
    invoice = world.invoice([(world.ms, "200.00")])
    services.voucher_redeem(actor=world.erin, invoice=invoice, voucher=voucher)
    invoice = services.voucher_reverse(actor=world.carol, invoice=invoice, reason="wrong voucher")
    assert invoice.voucher_share == Decimal("0.00")
    voucher.refresh_from_db()
    assert voucher.balance == Decimal("8000.00") == selectors.ledger_balance(voucher)
    assert voucher.year_spends.get(year=2026).spent == Decimal("0.00")
    assert [e.kind for e in selectors.ledger_of(voucher)] == ["issue", "redeem", "reverse"]
