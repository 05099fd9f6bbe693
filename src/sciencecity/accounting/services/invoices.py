"""Writes on invoices: draft a month, set a voucher share, issue, mark paid, cancel, credit — each one
transaction, the invoice's row locked first, audited (core.audit).

Numbers are gapless per provider and year: the provider's NumberSequence row for the year is locked
(`select_for_update`) and advanced inside the issuing transaction, so a failure anywhere rolls the number back
with the rest, and two issuers queue on the row. Credit notes have their own sequence (PREFIX-CN-YEAR-0001).
Answers: the actor's role a `PermissionDenied` (403), the invoice's state a `StateConflict` (409), bad input a
`ValidationError` (422).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from sciencecity.accounting import permissions, pricing, signals
from sciencecity.accounting.models import (
    BillingProfile,
    CreditNote,
    CreditNoteLine,
    Invoice,
    InvoiceLine,
    NumberSequence,
    UsageRecord,
)
from sciencecity.core.audit import audit_record
from sciencecity.core.errors import PermissionDenied, StateConflict
from sciencecity.registry.models import Organisation


@dataclass
class DraftReport:
    """What drafting a month did: the drafts touched, and the sessions left out with why."""

    invoices: list[Invoice] = field(default_factory=list)
    lines_added: int = 0
    skipped: list[tuple[UsageRecord, str]] = field(default_factory=list)


def month_bounds(month: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """[first instant, first instant of the next month) in the site's time zone."""
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(month.replace(day=1), dt.time(), tzinfo=tz)
    days = calendar.monthrange(month.year, month.month)[1]
    return start, dt.datetime.combine(month.replace(day=1) + dt.timedelta(days=days), dt.time(), tzinfo=tz)


def billing_profile_of(provider: Organisation) -> BillingProfile:
    """The provider's profile, or an unsaved default whose prefix is its first facility's short name."""
    profile = BillingProfile.objects.filter(provider=provider).first()
    if profile is not None:
        return profile
    facility = provider.facilities_operated.order_by("code").first()
    raw = facility.code if facility else provider.slug
    prefix = re.sub(r"[^A-Z0-9]", "", raw.upper())[:12] or "INV"
    return BillingProfile(provider=provider, prefix=prefix)


def _require_biller(actor: Any, provider: Organisation) -> None:
    if not permissions.can_bill(actor, provider):
        raise PermissionDenied(_("Only the provider's facility managers and user office keep its invoices."))


def _locked(invoice: Invoice) -> Invoice:
    return Invoice.objects.select_for_update().select_related("provider", "customer").get(pk=invoice.pk)


def _next_number(provider: Organisation, year: int, kind: str) -> int:
    NumberSequence.objects.get_or_create(provider=provider, year=year, kind=kind)
    sequence = NumberSequence.objects.select_for_update().get(provider=provider, year=year, kind=kind)
    sequence.last += 1
    sequence.save(update_fields=["last"])
    return sequence.last


def _fen(amount: Decimal, name: str) -> Decimal:
    if not isinstance(amount, Decimal) or not amount.is_finite():
        raise ValidationError({name: [_("Give the amount as a decimal number.")]})
    if amount != amount.quantize(pricing.FEN):
        raise ValidationError({name: [_("An amount has at most two decimals (fen).")]})
    return amount.quantize(pricing.FEN)


def _retotal(invoice: Invoice) -> None:
    subtotal = invoice.lines.aggregate(s=Sum("amount"))["s"] or Decimal("0.00")
    invoice.subtotal = invoice.total = pricing.to_fen(subtotal)


@transaction.atomic
def invoices_draft_for_month(
    *, provider: Organisation, month: dt.date, actor: Any, now: dt.datetime | None = None
) -> DraftReport:
    """One draft per customer organisation with the month's checked-out, not yet billed usage of the
    provider's instruments; drafting again adds what was checked out since. No-shows are not billed; nor
    is usage by the provider's own people, or by someone whose organisation the map lacks (`skipped`)."""
    _require_biller(actor, provider)
    if month.day != 1:
        raise ValidationError({"month": [_("A month is given by its first day.")]})
    start, end = month_bounds(month)
    records = (
        UsageRecord.objects.filter(
            instrument__facility__operator=provider,
            actual_start__gte=start,
            actual_start__lt=end,
            actual_end__isnull=False,
            no_show=False,
        )
        .exclude(invoice_lines__live=True)
        .select_related("instrument__facility", "organisation", "user")
        .order_by("actual_start", "pk")
    )
    report = DraftReport()
    drafts: dict[int, Invoice] = {}
    for usage in records:
        customer = usage.organisation
        if customer is None:
            report.skipped.append((usage, _("the user's organisation is not on the map")))
            continue
        if customer.pk == provider.pk:
            report.skipped.append((usage, _("the provider's own people (internal use is not invoiced)")))
            continue
        category = pricing.category_of(customer, usage.instrument)
        day = pricing.used_on(usage)
        rate = pricing.rate_for(usage.instrument, category, day)
        if rate is None:
            report.skipped.append((usage, _("no %(category)s rate on that day") % {"category": category}))
            continue
        invoice = drafts.get(customer.pk)
        if invoice is None:
            invoice = Invoice.objects.select_for_update().filter(
                provider=provider, customer=customer, period=month, status=Invoice.Status.DRAFT
            ).first() or _new_draft(provider=provider, customer=customer, month=month, actor=actor)
            drafts[customer.pk] = invoice
        quantity = pricing.quantity_of(usage, rate.unit)
        instrument = usage.instrument
        line = InvoiceLine(
            invoice=invoice,
            usage_record=usage,
            instrument=usage.instrument,
            rate=rate,
            category=category,
            description_en=f"{instrument.name_en} ({instrument.code}) — {usage.user}",
            description_zh=f"{instrument.name_zh or instrument.name_en}（{instrument.code}）— {usage.user}",
            used_on=day,
            quantity=quantity,
            unit=rate.unit,
            unit_price=rate.price,
            amount=pricing.amount_of(quantity, rate.price),
        )
        line.full_clean(validate_unique=False, validate_constraints=False)
        line.save()  # the partial unique constraint refuses a usage record already on a live line
        report.lines_added += 1
    for invoice in drafts.values():
        _retotal(invoice)
        invoice.full_clean()
        invoice.save(update_fields=["subtotal", "total", "updated_at"])
        audit_record(
            actor=actor, target=invoice, action="invoice.draft", to_state="draft", reason=f"{invoice.total}"
        )
    report.invoices = list(drafts.values())
    return report


def _new_draft(*, provider: Organisation, customer: Organisation, month: dt.date, actor: Any) -> Invoice:
    invoice = Invoice(provider=provider, customer=customer, period=month, created_by=actor)
    invoice.full_clean(validate_constraints=False)
    invoice.save()
    return invoice


@transaction.atomic
def invoice_set_voucher_share(
    *, invoice: Invoice, amount: Decimal, reference: str, actor: Any = None
) -> Invoice:
    """The part of a draft's total an innovation voucher pays (0 clears it); the vouchers app calls this."""
    invoice = _locked(invoice)
    if invoice.status != Invoice.Status.DRAFT:
        raise StateConflict(
            _("A voucher share is set on a draft invoice only; this one is %(s)s.")
            % {"s": invoice.get_status_display()}
        )
    amount = _fen(amount, "amount")
    if amount < 0 or amount > invoice.total:
        raise ValidationError({"amount": [_("The voucher share lies between 0 and the invoice's total.")]})
    before = invoice.voucher_share
    invoice.voucher_share, invoice.voucher_reference = amount, reference if amount else ""
    invoice.full_clean()
    invoice.save(update_fields=["voucher_share", "voucher_reference", "updated_at"])
    audit_record(
        actor=actor,
        target=invoice,
        action="invoice.voucher_share",
        from_state=str(before),
        to_state=str(amount),
        reason=reference,
    )
    return invoice


@transaction.atomic
def invoice_issue(*, invoice: Invoice, actor: Any, now: dt.datetime | None = None) -> Invoice:
    """Freeze a draft and give it the provider's next number of the year; from now on only credit notes."""
    now = now or timezone.now()
    invoice = _locked(invoice)
    _require_biller(actor, invoice.provider)
    if invoice.status != Invoice.Status.DRAFT:
        raise StateConflict(
            _("Only a draft is issued; this invoice is %(s)s.") % {"s": invoice.get_status_display()}
        )
    if not invoice.lines.exists():
        raise StateConflict(_("An invoice without lines is not issued; cancel it instead."))
    profile = billing_profile_of(invoice.provider)
    year = timezone.localtime(now).year
    serial = _next_number(invoice.provider, year, NumberSequence.Kind.INVOICE)
    invoice.number = f"{profile.prefix}-{year}-{serial:04d}"
    invoice.status = Invoice.Status.ISSUED
    invoice.issued_at = now
    invoice.due_on = timezone.localtime(now).date() + dt.timedelta(days=profile.payment_terms_days)
    invoice.full_clean()
    invoice.save(update_fields=["number", "status", "issued_at", "due_on", "updated_at"])
    audit_record(
        actor=actor,
        target=invoice,
        action="invoice.issue",
        from_state="draft",
        to_state="issued",
        reason=invoice.number,
    )
    return invoice


@transaction.atomic
def invoice_mark_paid(
    *, invoice: Invoice, actor: Any, paid_at: dt.datetime | None = None, now: dt.datetime | None = None
) -> Invoice:
    """The provider received the customer's payment of an issued invoice."""
    now = now or timezone.now()
    paid_at = paid_at or now
    invoice = _locked(invoice)
    _require_biller(actor, invoice.provider)
    if invoice.status != Invoice.Status.ISSUED:
        raise StateConflict(
            _("Only an issued invoice is paid; this one is %(s)s.") % {"s": invoice.get_status_display()}
        )
    if timezone.is_naive(paid_at):
        raise ValidationError({"paid_at": [_("Give the time with its UTC offset.")]})
    assert invoice.issued_at is not None  # noqa: S101 - an issued invoice has its time
    if paid_at > now or paid_at < invoice.issued_at:
        raise ValidationError({"paid_at": [_("The payment falls between the issue and now.")]})
    invoice.status, invoice.paid_at = Invoice.Status.PAID, paid_at
    invoice.save(update_fields=["status", "paid_at", "updated_at"])
    audit_record(actor=actor, target=invoice, action="invoice.paid", from_state="issued", to_state="paid")
    return invoice


@transaction.atomic
def invoice_cancel(*, invoice: Invoice, actor: Any, reason: str, now: dt.datetime | None = None) -> Invoice:
    """Void a draft or an unpaid issued invoice (an issued one keeps its number, so the sequence stays whole);
    its usage records may be billed again."""
    now = now or timezone.now()
    invoice = _locked(invoice)
    _require_biller(actor, invoice.provider)
    if invoice.status not in (Invoice.Status.DRAFT, Invoice.Status.ISSUED):
        raise StateConflict(
            _("A %(s)s invoice is not cancelled; issue a credit note.") % {"s": invoice.get_status_display()}
        )
    if not reason.strip():
        raise ValidationError({"reason": [_("Say why the invoice is cancelled.")]})
    if invoice.credit_notes.exists():
        raise StateConflict(_("This invoice has credit notes; credit the rest instead of cancelling."))
    before = invoice.status
    invoice.status, invoice.cancelled_at, invoice.cancel_reason = (
        Invoice.Status.CANCELLED,
        now,
        reason.strip(),
    )
    invoice.save(update_fields=["status", "cancelled_at", "cancel_reason", "updated_at"])
    invoice.lines.update(live=False)
    audit_record(
        actor=actor,
        target=invoice,
        action="invoice.cancel",
        from_state=before,
        to_state="cancelled",
        reason=reason.strip(),
    )
    signals.invoice_cancelled.send(Invoice, invoice=invoice, actor=actor, reason=reason.strip())
    return invoice


def credited_total(invoice: Invoice) -> Decimal:
    """What the invoice's credit notes gave back in all (to the fen: SQLite's sum drops the zeros)."""
    return Decimal(invoice.credit_notes.aggregate(s=Sum("amount"))["s"] or 0).quantize(pricing.FEN)


@transaction.atomic
def credit_note_issue(
    *,
    invoice: Invoice,
    actor: Any,
    reason: str,
    lines: Mapping[int, Decimal] | None = None,
    amount: Decimal | None = None,
    now: dt.datetime | None = None,
) -> CreditNote:
    """Give back part of an issued or paid invoice: per line (`lines`: invoice line id → amount) or as
    one `amount`; never more than was billed, on a line or in all. Numbered in the credit-note sequence."""
    now = now or timezone.now()
    invoice = _locked(invoice)
    _require_biller(actor, invoice.provider)
    if invoice.status not in (Invoice.Status.ISSUED, Invoice.Status.PAID):
        raise StateConflict(_("Credit notes correct issued invoices; change or cancel a draft instead."))
    if not reason.strip():
        raise ValidationError({"reason": [_("Say why the invoice is credited.")]})
    if (lines is None) == (amount is None):
        raise ValidationError({"amount": [_("Give either the lines credited or one amount.")]})
    parts: list[tuple[InvoiceLine, Decimal]] = []
    if lines is not None:
        own = {line.pk: line for line in invoice.lines.all()}
        for line_id, part in lines.items():
            if line_id not in own:
                raise ValidationError({"lines": [_("A line credited belongs to this invoice.")]})
            part = _fen(part, "lines")
            already = own[line_id].credits.aggregate(s=Sum("amount"))["s"] or Decimal("0.00")
            if part <= 0 or part + already > own[line_id].amount:
                raise ValidationError({"lines": [_("A line is credited at most what it billed.")]})
            parts.append((own[line_id], part))
        total = sum((p for _line, p in parts), Decimal("0.00"))
    else:
        assert amount is not None  # noqa: S101 - checked above
        total = _fen(amount, "amount")
    if total <= 0:
        raise ValidationError({"amount": [_("A credit note gives back more than nothing.")]})
    if total + credited_total(invoice) > invoice.total:
        raise ValidationError({"amount": [_("The credit notes of an invoice add up to its total at most.")]})
    profile = billing_profile_of(invoice.provider)
    year = timezone.localtime(now).year
    serial = _next_number(invoice.provider, year, NumberSequence.Kind.CREDIT_NOTE)
    note = CreditNote(
        invoice=invoice,
        number=f"{profile.prefix}-CN-{year}-{serial:04d}",
        issued_at=now,
        reason=reason.strip(),
        amount=total,
        currency=invoice.currency,
        issued_by=actor,
    )
    note.full_clean()
    note.save()
    CreditNoteLine.objects.bulk_create(
        CreditNoteLine(credit_note=note, invoice_line=ln, amount=p) for ln, p in parts
    )
    audit_record(
        actor=actor,
        target=note,
        action="credit_note.issue",
        to_state="issued",
        reason=f"{invoice.number}: {total} {invoice.currency} — {reason.strip()}",
    )
    signals.credit_note_issued.send(
        CreditNote, credit_note=note, invoice=invoice, actor=actor, lines=dict(parts)
    )
    return note


def credit_note_set_voucher_part(*, credit_note: CreditNote, amount: Decimal) -> CreditNote:
    """The part of a credit note that goes back to the innovation voucher rather than to the customer (the
    vouchers app calls this while the note is issued)."""
    amount = _fen(amount, "voucher_part")
    if not Decimal("0.00") <= amount <= credit_note.amount:
        raise ValidationError(
            {"voucher_part": [_("The voucher's part lies between 0 and the amount credited.")]}
        )
    credit_note.voucher_part = amount
    credit_note.save(update_fields=["voucher_part", "updated_at"])
    return credit_note


def voucher_credited(invoice: Invoice) -> Decimal:
    """What the invoice's credit notes gave back to its voucher."""
    return Decimal(invoice.credit_notes.aggregate(s=Sum("voucher_part"))["s"] or 0).quantize(pricing.FEN)
