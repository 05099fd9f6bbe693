"""API shapes of the voucher flow. Amounts are decimal strings in `currency` (CNY), never floats."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ninja import Field, Schema


class VoucherOut(Schema):
    id: int
    number: str
    scheme: str = Field(description="the scheme's code")
    beneficiary: str = Field(description="the holder organisation's slug")
    currency: str
    amount: Decimal = Field(description="what the voucher was issued for")
    balance: Decimal = Field(description="what is left to spend")
    expires: dt.date = Field(description="the last day of service it pays for")


class ApplyVoucherIn(Schema):
    voucher: str = Field(min_length=1, max_length=40, description="the voucher's number")


class InvoiceVoucherOut(Schema):
    id: int
    number: str = Field(description="empty while a draft")
    status: str = Field(description="draft, issued, paid or cancelled")
    currency: str
    total: Decimal
    voucher_share: Decimal = Field(description="what the voucher pays")
    voucher_reference: str = Field(description="the number of the voucher that pays it")
    amount_due: Decimal = Field(description="what the customer pays itself: total less the voucher share")


class ClaimIn(Schema):
    invoice: int = Field(ge=1, le=2**53, description="the issued invoice's id")
    payment_reference: str = Field(
        min_length=1,
        max_length=120,
        description="the firm's payment of its own share (the invoice must be marked paid); "
        "a PDF proof is uploaded on the provider's claims page instead",
    )


class ClaimOut(Schema):
    id: int
    invoice: int
    voucher: str
    provider: str = Field(description="the provider organisation's slug")
    currency: str
    amount: Decimal
    status: str = Field(description="submitted, settled or rejected")
    payment_reference: str
    has_proof: bool = Field(description="a PDF proof of payment is on file")
    reason: str


def voucher_row(v: object) -> dict[str, object]:
    return {
        "id": v.pk,  # type: ignore[attr-defined]
        "number": v.number,  # type: ignore[attr-defined]
        "scheme": v.scheme.code,  # type: ignore[attr-defined]
        "beneficiary": v.beneficiary.slug,  # type: ignore[attr-defined]
        "currency": v.currency,  # type: ignore[attr-defined]
        "amount": v.amount,  # type: ignore[attr-defined]
        "balance": v.balance,  # type: ignore[attr-defined]
        "expires": v.expires,  # type: ignore[attr-defined]
    }
