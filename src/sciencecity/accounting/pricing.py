"""How a usage record is priced: the customer's category, the rate valid on the day of use, quantity, amount.

- Category: *internal* when the customer is the instrument's owner (its `owner`, else its facility's
  operator — the legal entity rule of selectors.py); else *industry* for a company or an enterprise
  technology center; else *academic* (universities, institutes, hospitals, platforms, agencies).
- Rate: the instrument's rate for that category with the latest `valid_from` on or before the day of use
  (the local date, Asia/Shanghai, of the check-in).
- Quantity: checked-in-to-checked-out hours (per hour), those hours / 8 (per shift), or one sample per session
  (per sample), rounded to 4 decimals ROUND_HALF_UP. Amount: quantity x unit price rounded to the fen
  (0.01 CNY) ROUND_HALF_UP, line by line; the subtotal is the sum of the rounded lines.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

from sciencecity.accounting.models import Category, Rate, Unit, UsageRecord
from sciencecity.registry.models import Instrument, Organisation

FEN = Decimal("0.01")
QUANTITY_STEP = Decimal("0.0001")
SHIFT_HOURS = Decimal(8)
INDUSTRY_KINDS = frozenset({Organisation.Kind.COMPANY, Organisation.Kind.ENTERPRISE_TECH_CENTER})


def to_fen(amount: Decimal) -> Decimal:
    return amount.quantize(FEN, rounding=ROUND_HALF_UP)


def owner_id_of(instrument: Instrument) -> int | None:
    return instrument.owner_id or instrument.facility.operator_id


def category_of(customer: Organisation, instrument: Instrument) -> str:
    if customer.pk == owner_id_of(instrument):
        return Category.INTERNAL
    if customer.kind in INDUSTRY_KINDS:
        return Category.INDUSTRY
    return Category.ACADEMIC


def used_on(usage: UsageRecord) -> dt.date:
    assert usage.actual_start is not None  # noqa: S101 - only checked-out usage is priced
    return timezone.localtime(usage.actual_start).date()


def rate_for(instrument: Instrument, category: str, day: dt.date) -> Rate | None:
    """The rate valid on the day: the latest one that started on or before it."""
    return (
        Rate.objects.filter(instrument=instrument, category=category, valid_from__lte=day)
        .order_by("-valid_from")
        .first()
    )


def quantity_of(usage: UsageRecord, unit: str) -> Decimal:
    if unit == Unit.SAMPLE:
        return Decimal(1)
    assert usage.actual_start is not None and usage.actual_end is not None  # noqa: S101
    seconds = Decimal(int((usage.actual_end - usage.actual_start).total_seconds()))
    hours = seconds / Decimal(3600)
    if unit == Unit.SHIFT:
        hours = hours / SHIFT_HOURS
    return hours.quantize(QUANTITY_STEP, rounding=ROUND_HALF_UP)


def amount_of(quantity: Decimal, unit_price: Decimal) -> Decimal:
    return to_fen(quantity * unit_price)
