"""A voucher pays no more than its balance, nor more than the firm's cap for the service's year."""

import datetime as dt
from decimal import Decimal

import pytest

from sciencecity.core.errors import StateConflict
from sciencecity.vouchers import selectors, services
from sciencecity.vouchers.tests.conftest import issue


def test_a_share_beyond_the_balance_is_refused_and_one_that_fits_is_paid_whole(world):
    voucher = world.voucher("300.00")
    big = world.invoice([(world.ms, "1000.00")])
    with pytest.raises(StateConflict, match=r"\(500\.00\) exceeds its balance \(300\.00\)"):
        services.voucher_redeem(actor=world.erin, invoice=big, voucher=voucher)  # half is 500.00
    big.refresh_from_db()
    voucher.refresh_from_db()
    assert big.voucher_share == Decimal("0.00") and voucher.balance == Decimal("300.00")
    assert not voucher.ledger.filter(kind="redeem").exists()
    issue(big, "cancelled")  # one draft per customer and month: the firm's next bill is a new draft
    fits = services.voucher_redeem(
        actor=world.erin, invoice=world.invoice([(world.ms, "600.00")]), voucher=voucher
    )
    assert fits.voucher_share == Decimal("300.00")
    voucher.refresh_from_db()
    assert voucher.balance == Decimal("0.00") == selectors.ledger_balance(voucher)


def test_the_cap_counts_by_the_year_of_the_service_across_new_year(world):
    voucher = world.voucher("15000.00")  # more than one year's cap of 10 000.00
    december = world.invoice([(world.ms, "20000.00")], period=dt.date(2026, 12, 1))
    assert services.voucher_redeem(
        actor=world.erin, invoice=december, voucher=voucher
    ).voucher_share == Decimal("10000.00")  # half of 20 000.00: the whole 2026 cap
    issue(december)  # one draft per customer and month: the next December bill is a new draft
    with pytest.raises(StateConflict, match=r"cap for 2026 \(0\.00\)"):
        services.voucher_redeem(
            actor=world.erin,
            invoice=world.invoice([(world.ms, "40.00")], period=dt.date(2026, 12, 1)),
            voucher=voucher,
        )
    january = world.invoice([(world.ms, "4000.00")], period=dt.date(2027, 1, 1))
    assert services.voucher_redeem(
        actor=world.erin, invoice=january, voucher=voucher
    ).voucher_share == Decimal("2000.00")
    voucher.refresh_from_db()
    assert voucher.balance == Decimal("3000.00") == selectors.ledger_balance(voucher)
    assert {s.year: s.spent for s in voucher.year_spends.all()} == {
        2026: Decimal("10000.00"),
        2027: Decimal("2000.00"),
    }


def test_an_expired_voucher_pays_nothing(world, monkeypatch):
    voucher = world.voucher("500.00")
    monkeypatch.setattr(services, "current_date", lambda: dt.date(2028, 1, 1))
    with pytest.raises(StateConflict, match="expired"):
        services.voucher_redeem(
            actor=world.erin, invoice=world.invoice([(world.ms, "10.00")]), voucher=voucher
        )


def test_an_issued_invoice_or_one_already_paid_by_a_voucher_takes_no_more(world):
    voucher = world.voucher("500.00")
    with pytest.raises(StateConflict, match="draft"):
        services.voucher_redeem(
            actor=world.erin, invoice=world.invoice([(world.ms, "10.00")], status="issued"), voucher=voucher
        )
    invoice = world.invoice([(world.ms, "10.00")])
    services.voucher_redeem(actor=world.erin, invoice=invoice, voucher=voucher)
    with pytest.raises(StateConflict, match="already"):
        services.voucher_redeem(actor=world.erin, invoice=invoice, voucher=voucher)


def test_an_invoice_with_no_eligible_line_is_refused(world):
    voucher = world.voucher("500.00")
    with pytest.raises(StateConflict, match="eligible"):
        services.voucher_redeem(
            actor=world.erin, invoice=world.invoice([(world.nmr, "10.00")]), voucher=voucher
        )
