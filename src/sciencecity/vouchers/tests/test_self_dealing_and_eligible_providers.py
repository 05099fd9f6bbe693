"""A voucher never pays a provider outside its scheme, nor one related to its holder."""

from decimal import Decimal

import pytest

from sciencecity.core.errors import PermissionDenied
from sciencecity.vouchers import services


def test_a_provider_outside_the_scheme_is_refused(world):
    voucher = world.voucher()
    invoice = world.invoice([(world.other, "100.00")], provider=world.other_provider)
    with pytest.raises(PermissionDenied, match="not eligible"):
        services.voucher_redeem(actor=world.erin, invoice=invoice, voucher=voucher)


def test_a_provider_the_firm_declared_related_is_refused(world):
    voucher = world.voucher()
    services.relation_declare(
        actor=world.erin, organisation=world.firm, related=world.provider, kind="shareholder"
    )
    with pytest.raises(PermissionDenied, match="self-dealing"):
        services.voucher_redeem(
            actor=world.erin, invoice=world.invoice([(world.ms, "100.00")]), voucher=voucher
        )


def test_a_voucher_cannot_pay_its_own_holder_as_provider(world):
    world.scheme.eligible_providers.add(world.firm)
    voucher = world.voucher()
    invoice = world.invoice([(world.ms, "100.00")], provider=world.firm)
    with pytest.raises(PermissionDenied, match="self-dealing"):
        services.voucher_redeem(actor=world.erin, invoice=invoice, voucher=voucher)


def test_someone_elses_voucher_or_invoice_is_refused(world):
    voucher = world.voucher()
    with pytest.raises(PermissionDenied):
        services.voucher_redeem(
            actor=world.frank, invoice=world.invoice([(world.ms, "100.00")]), voucher=voucher
        )
    with pytest.raises(PermissionDenied):
        services.voucher_redeem(
            actor=world.sid, invoice=world.invoice([(world.ms, "100.00")]), voucher=voucher
        )
    assert voucher.ledger.filter(kind="redeem").count() == 0
    voucher.refresh_from_db()
    assert voucher.balance == Decimal("8000.00")
