"""The voucher API: the caller's vouchers, a voucher applied to a draft invoice, claims and settlement.

401 anonymous; 404 for an invoice or claim the caller may not read; 403 for a role (not the customer's or the
provider's people, a provider not eligible or related to the holder, a settlement by anyone but the agency);
409 for a state (not a draft, already paid by a voucher, expired, a share that would exceed the balance or
the yearly cap, already claimed or decided); 422 for input.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Path, Router, Status
from ninja.errors import HttpError

from sciencecity.accounting.models import Invoice
from sciencecity.accounts.api_auth import api_auth
from sciencecity.accounts.models import User
from sciencecity.core.api import CONFLICT, FORBIDDEN, INVALID_INPUT, NOT_FOUND, UNAUTHORISED, ErrorOut
from sciencecity.vouchers import permissions, selectors, services
from sciencecity.vouchers.models import Claim, Voucher
from sciencecity.vouchers.schemas import (
    ApplyVoucherIn,
    ClaimIn,
    ClaimOut,
    InvoiceVoucherOut,
    VoucherOut,
    voucher_row,
)


class SignedInRequest(HttpRequest):
    auth: User


router = Router(tags=["vouchers"], auth=api_auth)

SIGNED_IN: dict[int, Any] = {**UNAUTHORISED, 500: ErrorOut}
WRITE: dict[int, Any] = {**SIGNED_IN, 400: ErrorOut, **FORBIDDEN, **INVALID_INPUT, **CONFLICT, **NOT_FOUND}
INVOICE_ID = Path(..., ge=1, le=2**53, description="the invoice's id")
CLAIM_ID = Path(..., ge=1, le=2**53, description="the claim's id")


def invoice_row(invoice: Invoice) -> dict[str, Any]:
    return {
        "id": invoice.pk,
        "number": invoice.number,
        "status": invoice.status,
        "currency": invoice.currency,
        "total": invoice.total,
        "voucher_share": invoice.voucher_share,
        "voucher_reference": invoice.voucher_reference,
        "amount_due": invoice.amount_due,
    }


def claim_row(claim: Claim) -> dict[str, Any]:
    return {
        "id": claim.pk,
        "invoice": claim.invoice_id,
        "voucher": claim.voucher.number,
        "provider": claim.provider.slug,
        "currency": claim.currency,
        "amount": claim.amount,
        "status": claim.status,
        "payment_reference": claim.payment_reference,
        "has_proof": bool(claim.proof),
        "reason": claim.reason,
    }


@router.get("/vouchers", response={200: list[VoucherOut], **SIGNED_IN})
def vouchers(request: SignedInRequest) -> Any:
    """The caller's vouchers: their firm's, and for the agency's operators those of its schemes."""
    return [voucher_row(v) for v in selectors.visible_vouchers(request.auth)]


@router.post("/invoices/{invoice_id}/apply-voucher", response={200: InvoiceVoucherOut, **WRITE})
def apply_voucher(request: SignedInRequest, payload: ApplyVoucherIn, invoice_id: int = INVOICE_ID) -> Any:
    """The voucher pays its share (the scheme's share of the eligible lines, to the fen, ROUND_HALF_UP),
    limited by its balance and the holder's yearly cap for the invoice's year. 403 when the provider is not
    eligible or is related to the holder; 409 when its share would exceed the balance or the cap."""
    invoice = selectors.readable_invoices(request.auth).filter(pk=invoice_id).first()
    if invoice is None:
        raise HttpError(404, "No such invoice.")
    voucher = Voucher.objects.filter(number=payload.voucher, beneficiary=invoice.customer).first()
    if voucher is None:
        raise HttpError(404, "The invoice's customer holds no voucher of that number.")
    return invoice_row(services.voucher_redeem(actor=request.auth, invoice=invoice, voucher=voucher))


@router.get("/claims", response={200: list[ClaimOut], **SIGNED_IN})
def claims(request: SignedInRequest) -> Any:
    """The provider's own claims; for the agency, the claims on its schemes."""
    return [claim_row(c) for c in selectors.visible_claims(request.auth)]


@router.post("/claims", response={201: ClaimOut, **WRITE})
def claim_create(request: SignedInRequest, payload: ClaimIn) -> Any:
    """The provider's staff claim the voucher's share of an issued invoice the firm has paid its share of."""
    invoice = selectors.readable_invoices(request.auth).filter(pk=payload.invoice).first()
    if invoice is None:
        raise HttpError(404, "No such invoice.")
    claim = services.claim_submit(
        actor=request.auth, invoice=invoice, payment_reference=payload.payment_reference
    )
    return Status(201, claim_row(claim))


@router.post("/claims/{claim_id}/settle", response={200: ClaimOut, **WRITE})
def claim_settle(request: SignedInRequest, claim_id: int = CLAIM_ID) -> Any:
    """The agency settles a checked claim (403 for anyone else)."""
    if not permissions.agencies(request.auth).exists():
        raise HttpError(403, "Only the agency settles claims.")
    claim = selectors.visible_claims(request.auth).filter(pk=claim_id).first()
    if claim is None:
        raise HttpError(404, "No such claim.")
    return claim_row(services.claim_settle(actor=request.auth, claim=claim))
