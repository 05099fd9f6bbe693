"""The provider claims the voucher's share with proof of the firm's payment; only the agency settles."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from sciencecity.core.errors import PermissionDenied, StateConflict
from sciencecity.vouchers import selectors, services
from sciencecity.vouchers.tests.conftest import issue

PDF = b"%PDF-1.4\n% proof of payment\n%%EOF\n"


def paid_by_voucher(world, status="issued"):
    voucher = world.voucher("8000.00")
    invoice = world.invoice([(world.ms, "600.00")])
    invoice = services.voucher_redeem(actor=world.erin, invoice=invoice, voucher=voucher)
    return voucher, issue(invoice, status)


def test_a_claim_with_a_pdf_proof_is_settled_by_the_agency(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    voucher, invoice = paid_by_voucher(world)
    proof = SimpleUploadedFile("proof.pdf", PDF, content_type="application/pdf")
    claim = services.claim_submit(actor=world.carol, invoice=invoice, proof=proof)
    assert (claim.amount, claim.status, claim.provider) == (Decimal("300.00"), "submitted", world.provider)
    assert claim.proof.read().startswith(b"%PDF-")
    claim = services.claim_settle(actor=world.olga, claim=claim)
    assert claim.status == "settled"
    assert [e.kind for e in selectors.ledger_of(voucher)] == ["issue", "redeem", "claim", "settle"]
    assert selectors.ledger_balance(voucher) == Decimal("7700.00")


def test_a_payment_reference_is_proof_only_once_the_invoice_is_paid(world):
    _voucher, invoice = paid_by_voucher(world)
    with pytest.raises(ValidationError):
        services.claim_submit(actor=world.carol, invoice=invoice, payment_reference="BANK-1")
    _voucher2, paid = paid_by_voucher_second(world)
    claim = services.claim_submit(actor=world.carol, invoice=paid, payment_reference="BANK-2")
    assert claim.payment_reference == "BANK-2"


def paid_by_voucher_second(world):
    from sciencecity.vouchers.models import Voucher

    voucher = Voucher.objects.get(beneficiary=world.firm)
    invoice = services.voucher_redeem(
        actor=world.erin, invoice=world.invoice([(world.ms, "40.00")]), voucher=voucher
    )
    return voucher, issue(invoice, "paid")


def test_a_file_that_is_not_a_pdf_is_refused(world):
    _voucher, invoice = paid_by_voucher(world)
    fake = SimpleUploadedFile("proof.pdf", b"GIF89a", content_type="application/pdf")
    with pytest.raises(ValidationError) as refused:
        services.claim_submit(actor=world.carol, invoice=invoice, proof=fake)
    assert "proof" in refused.value.message_dict


def test_only_the_providers_staff_claim_and_only_for_an_issued_invoice(world):
    voucher = world.voucher("8000.00")
    draft = services.voucher_redeem(
        actor=world.erin, invoice=world.invoice([(world.ms, "10.00")]), voucher=voucher
    )
    with pytest.raises(StateConflict):
        services.claim_submit(actor=world.carol, invoice=draft, payment_reference="X")
    issued = issue(draft, "paid")
    for who in (world.erin, world.sid, world.olga):
        with pytest.raises(PermissionDenied):
            services.claim_submit(actor=who, invoice=issued, payment_reference="X")
    services.claim_submit(actor=world.carol, invoice=issued, payment_reference="X")
    with pytest.raises(StateConflict, match="already"):
        services.claim_submit(actor=world.carol, invoice=issued, payment_reference="Y")


def test_only_the_agency_settles_or_rejects(world):
    _voucher, invoice = paid_by_voucher(world, "paid")
    claim = services.claim_submit(actor=world.carol, invoice=invoice, payment_reference="BANK-9")
    for who in (world.carol, world.erin, world.sid):
        with pytest.raises(PermissionDenied):
            services.claim_settle(actor=who, claim=claim)
    claim = services.claim_reject(actor=world.olga, claim=claim, reason="Proof unreadable.")
    assert claim.status == "rejected"
    with pytest.raises(StateConflict):
        services.claim_settle(actor=world.olga, claim=claim)
    again = services.claim_submit(actor=world.carol, invoice=invoice, payment_reference="BANK-10")
    assert again.status == "submitted"
