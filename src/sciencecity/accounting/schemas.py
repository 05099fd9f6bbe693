"""JSON shapes of usage (pydantic, via django-ninja). Instants are ISO 8601 with an offset; naive is a 422."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone
from ninja import Field, Schema
from ninja.schema import DjangoGetter
from pydantic import AwareDatetime, field_validator, model_validator

from sciencecity.accounting.models import UsageRecord
from sciencecity.accounting.selectors import InstrumentUsage


class MomentIn(Schema):
    """An optional body; when sent it must be a JSON object (ninja would read a list's missing attributes as
    an empty object, as proposals/schemas.py found by fuzzing)."""

    at: AwareDatetime | None = Field(
        None, description="when it happened, if not now (the instrument's staff only; not in the future)"
    )

    @field_validator("at", mode="before")
    @classmethod
    def _text(cls, value: Any) -> Any:
        if value is not None and not isinstance(value, str):  # pydantic would read a number as a timestamp
            raise ValueError("Give the time as ISO 8601 text with its offset.")
        return value

    @model_validator(mode="before")
    @classmethod
    def _an_object(cls, data: Any) -> Any:
        raw = data._obj if isinstance(data, DjangoGetter) else data  # ninja wraps what it validates
        if not isinstance(raw, dict):
            raise ValueError("Give a JSON object.")  # pydantic answers it with a 422
        return data


class UsageOut(Schema):
    id: int
    booking: int | None = Field(description="the booking's id")
    instrument: str = Field(description="the instrument's slug")
    user: str = Field(description="the user's username")
    organisation: str | None = Field(description="slug of the user's organisation when the record was made")
    planned_start: dt.datetime
    planned_end: dt.datetime
    actual_start: dt.datetime | None = Field(description="check-in")
    actual_end: dt.datetime | None = Field(description="check-out")
    no_show: bool
    state: str = Field(description="`checked_in`, `checked_out` or `no_show`")
    hours: float = Field(description="actual hours used (0 until checked out)")

    @staticmethod
    def resolve_booking(obj: UsageRecord) -> int | None:
        return obj.booking_id

    @staticmethod
    def resolve_instrument(obj: UsageRecord) -> str:
        return str(obj.instrument.slug)

    @staticmethod
    def resolve_user(obj: UsageRecord) -> str:
        return str(obj.user.get_username())

    @staticmethod
    def resolve_organisation(obj: UsageRecord) -> str | None:
        return obj.organisation.slug if obj.organisation else None

    @staticmethod
    def resolve_planned_start(obj: UsageRecord) -> dt.datetime:
        return timezone.localtime(obj.planned_start)

    @staticmethod
    def resolve_planned_end(obj: UsageRecord) -> dt.datetime:
        return timezone.localtime(obj.planned_end)

    @staticmethod
    def resolve_actual_start(obj: UsageRecord) -> dt.datetime | None:
        return timezone.localtime(obj.actual_start) if obj.actual_start else None

    @staticmethod
    def resolve_actual_end(obj: UsageRecord) -> dt.datetime | None:
        return timezone.localtime(obj.actual_end) if obj.actual_end else None

    @staticmethod
    def resolve_hours(obj: UsageRecord) -> float:
        return round(obj.hours, 4)


class InstrumentUsageOut(Schema):
    instrument: str = Field(description="the instrument's slug (empty for the total)")
    code: str
    owner: str | None = Field(description="slug of the legal entity that owns the instrument")
    hours: float = Field(description="effective machine-hours: checked in to checked out, within the period")
    internal_hours: float = Field(description="hours of users of the owner's own legal entity")
    external_hours: float = Field(description="hours of users of other legal entities (external service)")
    unclassified_hours: float = Field(description="hours of users who named no organisation")
    sessions: int
    no_shows: int
    open_sessions: int = Field(description="checked in, not yet out: no hours counted")


class UsageSummaryOut(Schema):
    start: dt.datetime = Field(alias="from")
    end: dt.datetime = Field(alias="to")
    instruments: list[InstrumentUsageOut]
    total: InstrumentUsageOut


def usage_row(row: InstrumentUsage, owner: str | None) -> dict[str, object]:
    return {
        "instrument": row.instrument.slug,
        "code": row.instrument.code,
        "owner": owner,
        "hours": round(row.hours, 4),
        "internal_hours": round(row.internal, 4),
        "external_hours": round(row.external, 4),
        "unclassified_hours": round(row.unclassified, 4),
        "sessions": row.sessions,
        "no_shows": row.no_shows,
        "open_sessions": row.open_sessions,
    }


# --- Invoices: money as strings (Decimal), instants ISO 8601 with an offset ---


class OrganisationRefOut(Schema):
    slug: str
    name_en: str
    name_zh: str


class InvoiceLineOut(Schema):
    id: int
    usage_record: int = Field(description="the usage record this line bills")
    instrument: str = Field(description="the instrument's slug")
    description_en: str
    description_zh: str
    used_on: dt.date
    category: str = Field(description="internal, academic or industry")
    quantity: str = Field(description="a decimal, e.g. `2.5000`", examples=["2.5000"])
    unit: str = Field(description="hour, sample or shift (8 h)")
    unit_price: str = Field(examples=["333.33"])
    amount: str = Field(description="quantity x unit price, rounded to the fen half up", examples=["833.33"])


class InvoiceOut(Schema):
    id: int
    number: str = Field(
        description="empty until issued; then PREFIX-YEAR-0001, gapless per provider and year"
    )
    provider: OrganisationRefOut
    customer: OrganisationRefOut
    period: dt.date = Field(description="the first day of the month billed")
    status: str = Field(description="draft, issued, paid or cancelled")
    currency: str = Field(examples=["CNY"])
    subtotal: str = Field(examples=["1277.76"])
    total: str = Field(examples=["1277.76"])
    voucher_share: str = Field(description="the part an innovation voucher pays", examples=["638.88"])
    voucher_reference: str
    amount_due: str = Field(
        description="total less the voucher share: what the customer pays", examples=["638.88"]
    )
    credited: str = Field(description="the sum of the invoice's credit notes", examples=["0.00"])
    voucher_credited: str = Field(
        description="the part of the credit notes given back to the voucher, not to the customer",
        examples=["0.00"],
    )
    issued_at: AwareDatetime | None
    due_on: dt.date | None
    paid_at: AwareDatetime | None
    pdf: str = Field(description="URL of the invoice as PDF (the same readers as this API)")
    lines: list[InvoiceLineOut]


def invoice_out(invoice: Any, pdf_url: str) -> dict[str, Any]:
    zone = timezone.get_current_timezone()

    def org(o: Any) -> dict[str, str]:
        return {"slug": o.slug, "name_en": o.name_en, "name_zh": o.name_zh}

    notes = list(invoice.credit_notes.all())
    credited = sum((n.amount for n in notes), Decimal("0.00"))
    voucher_credited = sum((n.voucher_part for n in notes), Decimal("0.00"))
    return {
        "id": invoice.pk,
        "number": invoice.number,
        "provider": org(invoice.provider),
        "customer": org(invoice.customer),
        "period": invoice.period,
        "status": invoice.status,
        "currency": invoice.currency,
        "subtotal": f"{invoice.subtotal:.2f}",
        "total": f"{invoice.total:.2f}",
        "voucher_share": f"{invoice.voucher_share:.2f}",
        "voucher_reference": invoice.voucher_reference,
        "amount_due": f"{invoice.amount_due:.2f}",
        "credited": f"{credited:.2f}",
        "voucher_credited": f"{voucher_credited:.2f}",
        "issued_at": invoice.issued_at.astimezone(zone) if invoice.issued_at else None,
        "due_on": invoice.due_on,
        "paid_at": invoice.paid_at.astimezone(zone) if invoice.paid_at else None,
        "pdf": pdf_url,
        "lines": [
            {
                "id": ln.pk,
                "usage_record": ln.usage_record_id,
                "instrument": ln.instrument.slug,
                "description_en": ln.description_en,
                "description_zh": ln.description_zh,
                "used_on": ln.used_on,
                "category": ln.category,
                "quantity": f"{ln.quantity:f}",
                "unit": ln.unit,
                "unit_price": f"{ln.unit_price:.2f}",
                "amount": f"{ln.amount:.2f}",
            }
            for ln in invoice.lines.all()
        ],
    }
