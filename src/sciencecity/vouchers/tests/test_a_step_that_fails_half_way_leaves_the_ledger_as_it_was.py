"""A redemption, claim or settlement that fails after writing its ledger line leaves no trace of it."""

from decimal import Decimal

import pytest

from sciencecity.vouchers import services
from sciencecity.vouchers.models import Claim, LedgerEntry, YearSpend
from sciencecity.vouchers.tests.conftest import issue


class Boom(Exception):
    pass


def boom(*args, **kwargs):
    raise Boom


def snapshot(voucher):
    voucher.refresh_from_db()
    return (
        list(LedgerEntry.objects.order_by("pk").values_list("pk", "kind", "amount")),
        voucher.balance,
        list(YearSpend.objects.values_list("year", "spent")),
    )


def test_a_redemption_failing_as_the_invoice_is_updated_leaves_the_ledger_as_it_was(world, monkeypatch):
    voucher = world.voucher("800.00")
    invoice = world.invoice([(world.ms, "100.00")])
    before = snapshot(voucher)
    monkeypatch.setattr(services.accounting_services, "invoice_set_voucher_share", boom)
    with pytest.raises(Boom):
        services.voucher_redeem(actor=world.erin, invoice=invoice, voucher=voucher)
    assert snapshot(voucher) == before
    invoice.refresh_from_db()
    assert invoice.voucher_share == Decimal("0.00")


def test_a_claim_or_a_settlement_failing_at_its_audit_line_leaves_the_ledger_as_it_was(world, monkeypatch):
    voucher = world.voucher("800.00")
    invoice = services.voucher_redeem(
        actor=world.erin, invoice=world.invoice([(world.ms, "100.00")]), voucher=voucher
    )
    invoice = issue(invoice, "paid")
    before = snapshot(voucher)
    with monkeypatch.context() as patched:
        patched.setattr(services, "audit_record", boom)
        with pytest.raises(Boom):
            services.claim_submit(actor=world.carol, invoice=invoice, payment_reference="BANK-1")
    assert snapshot(voucher) == before
    assert not Claim.objects.exists()
    claim = services.claim_submit(actor=world.carol, invoice=invoice, payment_reference="BANK-1")
    before = snapshot(voucher)
    with monkeypatch.context() as patched:
        patched.setattr(services, "audit_record", boom)
        with pytest.raises(Boom):
            services.claim_settle(actor=world.olga, claim=claim)
    assert snapshot(voucher) == before
    claim.refresh_from_db()
    assert claim.status == "submitted"
