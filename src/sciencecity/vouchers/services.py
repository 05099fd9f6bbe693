"""Writes of the voucher flow, one function per step; each is one transaction, audited, and ledgered.

Money: every amount is a `Decimal` in the scheme's currency (CNY). A voucher pays `share` of the eligible
lines of an invoice, **rounded to the fen (0.01) with ROUND_HALF_UP** once on the eligible subtotal, whole
or not at all: a share that would exceed the voucher's balance or what is left of the beneficiary's yearly
cap for the year of the service (the invoice's month) is refused. Limits are checked with the voucher row
locked (`select_for_update`), and the database refuses a negative balance or a spend past the cap (check
constraints) whatever the code does.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from sciencecity.accounting import services as accounting_services
from sciencecity.accounting.models import Invoice, InvoiceLine
from sciencecity.core.audit import audit_record
from sciencecity.core.errors import PermissionDenied, StateConflict
from sciencecity.registry.models import Instrument, Organisation
from sciencecity.vouchers import permissions
from sciencecity.vouchers.models import (
    FEN,
    Application,
    Claim,
    LedgerEntry,
    Relation,
    Scheme,
    Voucher,
    YearSpend,
)

PDF_MAGIC = b"%PDF-"
PDF_CONTENT_TYPES = frozenset({"application/pdf", "application/x-pdf"})


def voucher_share_of(eligible_total: Decimal, share: Decimal) -> Decimal:
    """The voucher's share of an eligible subtotal, to the fen, halves rounded up (ROUND_HALF_UP)."""
    return (eligible_total * share).quantize(FEN, rounding=ROUND_HALF_UP)


def current_date() -> dt.date:
    """Today in the site's zone: the one clock of the voucher flow, which pages read too (tests pin it)."""
    return timezone.localdate()


# --- schemes and relations ---------------------------------------------------------------------------------


@transaction.atomic
def scheme_create(
    *,
    actor: Any,
    agency: Organisation,
    code: str,
    name_en: str,
    share: Decimal,
    yearly_cap: Decimal,
    valid_from: dt.date,
    valid_until: dt.date,
    providers: Iterable[Organisation],
    instruments: Iterable[Instrument] = (),
    name_zh: str = "",
    max_employees: int | None = None,
    max_revenue: Decimal | None = None,
    max_age_years: int | None = None,
    districts: list[str] | None = None,
    example_values: bool = False,
) -> Scheme:
    """The agency defines a scheme (only a platform operator for that agency)."""
    if not permissions.is_agency_for(actor, agency):
        raise PermissionDenied(_("Only the agency's platform operators define its schemes."))
    scheme = Scheme(
        agency=agency,
        code=code,
        name_en=name_en,
        name_zh=name_zh,
        share=share,
        yearly_cap=yearly_cap,
        valid_from=valid_from,
        valid_until=valid_until,
        max_employees=max_employees,
        max_revenue=max_revenue,
        max_age_years=max_age_years,
        districts=districts or [],
        example_values=example_values,
    )
    scheme.full_clean()
    scheme.save()
    scheme.eligible_providers.set(providers)
    scheme.eligible_instruments.set(instruments)
    audit_record(actor=actor, target=scheme, action="voucher_scheme.create", to_state=scheme.code)
    return scheme


@transaction.atomic
def relation_declare(*, actor: Any, organisation: Organisation, related: Organisation, kind: str) -> Relation:
    """The firm (or the agency) declares a relation of the firm to another organisation."""
    if not (permissions.is_firm_member(actor, organisation) or permissions.agencies(actor).exists()):
        raise PermissionDenied(_("Only the firm's people or the agency declare its relations."))
    relation = Relation(organisation=organisation, related=related, kind=kind, declared_by=actor)
    relation.full_clean()
    relation.save()
    audit_record(actor=actor, target=relation, action="voucher_relation.declare", reason=kind)
    return relation


def are_related(a: Organisation, b: Organisation) -> bool:
    """Same organisation, or a declared relation either way."""
    if a.pk == b.pk:
        return True
    return Relation.objects.filter(Q(organisation=a, related=b) | Q(organisation=b, related=a)).exists()


# --- applications ----------------------------------------------------------------------------------------


def eligibility_problems(scheme: Scheme, application: Application, today: dt.date) -> dict[str, list[str]]:
    """What in the declared registration data the scheme does not accept (empty: eligible)."""
    problems: dict[str, list[str]] = {}
    if scheme.max_employees is not None and application.employees > scheme.max_employees:
        problems["employees"] = [
            _("The scheme is for firms of at most %(n)s employees.") % {"n": scheme.max_employees}
        ]
    if scheme.max_revenue is not None and application.revenue > scheme.max_revenue:
        problems["revenue"] = [
            _("The scheme is for firms with a yearly revenue of at most %(amount)s %(currency)s.")
            % {"amount": scheme.max_revenue, "currency": scheme.currency}
        ]
    if scheme.max_age_years is not None:
        oldest = today.replace(year=today.year - scheme.max_age_years)
        if application.registered_on < oldest:
            problems["registered_on"] = [
                _("The scheme is for firms registered at most %(n)s years ago.") % {"n": scheme.max_age_years}
            ]
    if application.registered_on > today:
        problems.setdefault("registered_on", []).append(_("The registration date is in the future."))
    if scheme.districts and application.district not in scheme.districts:
        problems["district"] = [
            _("The scheme is for firms registered in: %(districts)s.")
            % {"districts": ", ".join(scheme.districts)}
        ]
    return problems


@transaction.atomic
def application_submit(
    *,
    actor: Any,
    scheme: Scheme,
    applicant: Organisation,
    employees: int,
    revenue: Decimal,
    registered_on: dt.date,
    district: str,
    requested_amount: Decimal,
    purpose: str = "",
) -> Application:
    """A firm's people apply with the registration data the firm declares; ineligible data is a 422."""
    if not permissions.is_firm_member(actor, applicant):
        raise PermissionDenied(_("Only the firm's own people apply for it."))
    today = current_date()
    if not scheme.valid_from <= today <= scheme.valid_until:
        raise StateConflict(_("The scheme is not open today."))
    if Application.objects.filter(scheme=scheme, applicant=applicant).exclude(status="rejected").exists():
        raise StateConflict(_("The firm already has an application to this scheme."))
    application = Application(
        scheme=scheme,
        applicant=applicant,
        applied_by=actor,
        employees=employees,
        revenue=revenue,
        registered_on=registered_on,
        district=district,
        requested_amount=requested_amount,
        purpose=purpose,
    )
    application.full_clean()
    problems = eligibility_problems(scheme, application, today)
    if problems:
        raise ValidationError(problems)
    application.save()
    audit_record(actor=actor, target=application, action="voucher_application.submit", to_state="submitted")
    return application


def _decidable(actor: Any, application_pk: int) -> Application:
    application = Application.objects.select_for_update().select_related("scheme").get(pk=application_pk)
    if not permissions.is_agency_for(actor, application.scheme.agency):
        raise PermissionDenied(_("Only the scheme's agency decides its applications."))
    if application.status != Application.Status.SUBMITTED:
        raise StateConflict(_("This application is already decided."))
    return application


@transaction.atomic
def application_approve(
    *, actor: Any, application: Application, amount: Decimal, expires: dt.date, reason: str = ""
) -> Voucher:
    """The agency checks the declared data and issues a voucher (an `issue` line in the ledger)."""
    application = _decidable(actor, application.pk)
    scheme = application.scheme
    problems = eligibility_problems(scheme, application, current_date())
    if amount <= 0:
        problems["amount"] = [_("The amount must be above zero.")]
    if not scheme.valid_from <= expires <= scheme.valid_until:
        problems["expires"] = [_("The voucher must expire within the scheme's validity.")]
    if problems:
        raise ValidationError(problems)
    application.status = Application.Status.APPROVED
    application.decided_by = actor
    application.decided_at = timezone.now()
    application.reason = reason
    application.save(update_fields=["status", "decided_by", "decided_at", "reason", "updated_at"])
    voucher = Voucher(
        number=f"{scheme.code.upper()}-{application.pk:05d}",
        scheme=scheme,
        beneficiary=application.applicant,
        application=application,
        currency=scheme.currency,
        amount=amount,
        balance=amount,
        expires=expires,
    )
    voucher.full_clean()
    voucher.save()
    LedgerEntry.objects.create(
        voucher=voucher,
        kind=LedgerEntry.Kind.ISSUE,
        amount=amount,
        delta=amount,
        currency=voucher.currency,
        actor=actor,
        note=reason,
    )
    audit_record(
        actor=actor,
        target=application,
        action="voucher_application.approve",
        from_state="submitted",
        to_state="approved",
        reason=voucher.number,
    )
    return voucher


@transaction.atomic
def application_reject(*, actor: Any, application: Application, reason: str) -> Application:
    """The agency rejects an application, with the reason the firm reads."""
    if not reason.strip():
        raise ValidationError({"reason": [_("Say why the application is rejected.")]})
    application = _decidable(actor, application.pk)
    application.status = Application.Status.REJECTED
    application.decided_by = actor
    application.decided_at = timezone.now()
    application.reason = reason
    application.save(update_fields=["status", "decided_by", "decided_at", "reason", "updated_at"])
    audit_record(
        actor=actor,
        target=application,
        action="voucher_application.reject",
        from_state="submitted",
        to_state="rejected",
        reason=reason,
    )
    return application


# --- redemption at invoicing -------------------------------------------------------------------------------


def eligible_lines(invoice: Invoice, voucher: Voucher) -> set[InvoiceLine]:
    """The invoice's lines the voucher may pay: an eligible service, used while it was valid."""
    scheme = voucher.scheme
    lines = invoice.lines.filter(
        used_on__gte=scheme.valid_from, used_on__lte=min(voucher.expires, scheme.valid_until)
    )
    if scheme.eligible_instruments.exists():
        lines = lines.filter(instrument__in=scheme.eligible_instruments.all())
    return set(lines)


def eligible_total(invoice: Invoice, voucher: Voucher) -> Decimal:
    """The sum of the invoice's lines the voucher may pay."""
    return sum((line.amount for line in eligible_lines(invoice, voucher)), Decimal("0.00"))


@transaction.atomic
def voucher_redeem(*, actor: Any, invoice: Invoice, voucher: Voucher) -> Invoice:
    """The voucher pays its share of the draft invoice's eligible lines (see the module's docstring).

    403: the caller is neither the customer's people nor the provider's staff, the voucher is not the
    customer's, the provider is not eligible or is related to the beneficiary (self-dealing). 409: the
    invoice is not a draft or already has a voucher share, the voucher has expired, nothing on it is
    eligible, or its share would exceed the balance or what is left of the year's cap.
    """
    voucher = Voucher.objects.select_for_update().select_related("scheme", "beneficiary").get(pk=voucher.pk)
    invoice = Invoice.objects.select_for_update().select_related("provider", "customer").get(pk=invoice.pk)
    if not (
        permissions.is_firm_member(actor, invoice.customer)
        or permissions.is_provider_staff(actor, invoice.provider)
    ):
        raise PermissionDenied(_("Only the customer's people or the provider's staff apply a voucher."))
    if voucher.beneficiary_id != invoice.customer_id:
        raise PermissionDenied(_("This voucher is not the customer's."))
    scheme = voucher.scheme
    if not scheme.eligible_providers.filter(pk=invoice.provider_id).exists():
        raise PermissionDenied(_("This provider is not eligible under the voucher's scheme."))
    if are_related(invoice.provider, voucher.beneficiary):
        raise PermissionDenied(_("A voucher cannot pay a provider related to its holder (self-dealing)."))
    if invoice.status != Invoice.Status.DRAFT:
        raise StateConflict(_("A voucher is applied to a draft invoice only."))
    if invoice.voucher_share > 0 or invoice.voucher_reference:
        raise StateConflict(_("This invoice already has a voucher share."))
    if invoice.currency != voucher.currency:
        raise StateConflict(_("The invoice and the voucher are in different currencies."))
    if current_date() > voucher.expires:
        raise StateConflict(_("This voucher has expired."))
    share = voucher_share_of(eligible_total(invoice, voucher), scheme.share)
    if share <= 0:
        raise StateConflict(_("Nothing on this invoice is eligible for the voucher."))
    year = invoice.period.year
    spend, _created = YearSpend.objects.select_for_update().get_or_create(
        voucher=voucher, year=year, defaults={"cap": scheme.yearly_cap}
    )
    # The share is paid whole or not at all: one that would exceed the balance or the year's cap is a 409
    # (the API's contract), saying what is left, so the firm can pay that invoice itself.
    if share > voucher.balance:
        raise StateConflict(
            _("The voucher's share of this invoice (%(share)s) exceeds its balance (%(balance)s).")
            % {"share": share, "balance": voucher.balance}
        )
    if share > spend.cap - spend.spent:
        raise StateConflict(
            _(
                "The voucher's share of this invoice (%(share)s) exceeds what is left of the holder's cap "
                "for %(year)s (%(left)s)."
            )
            % {"share": share, "year": year, "left": spend.cap - spend.spent}
        )
    pay = share
    Voucher.objects.filter(pk=voucher.pk).update(balance=F("balance") - pay, updated_at=timezone.now())
    YearSpend.objects.filter(pk=spend.pk).update(spent=F("spent") + pay)
    LedgerEntry.objects.create(
        voucher=voucher,
        kind=LedgerEntry.Kind.REDEEM,
        amount=pay,
        delta=-pay,
        currency=voucher.currency,
        service_year=year,
        invoice=invoice,
        actor=actor,
        note=_("%(share)s of %(total)s eligible") % {"share": scheme.share, "total": share},
    )
    invoice = accounting_services.invoice_set_voucher_share(
        invoice=invoice, amount=pay, reference=voucher.number
    )
    audit_record(actor=actor, target=voucher, action="voucher.redeem", reason=f"{invoice.pk}:{pay}")
    return invoice


def _paid_by_voucher(invoice: Invoice) -> Decimal:
    """What the voucher still pays of the invoice: redeemed less given back (the ledger's word)."""
    entries = LedgerEntry.objects.filter(invoice=invoice, kind__in=["redeem", "reverse"])
    return -Decimal(entries.aggregate(s=Sum("delta"))["s"] or 0).quantize(FEN)  # (SQLite drops the zeros)


def _give_back(*, voucher: Voucher, invoice: Invoice, amount: Decimal, actor: Any, note: str) -> None:
    """Return `amount` to the voucher's balance and the year's spend, with a `reverse` line in the ledger."""
    year = invoice.period.year
    Voucher.objects.filter(pk=voucher.pk).update(balance=F("balance") + amount, updated_at=timezone.now())
    YearSpend.objects.filter(voucher=voucher, year=year).update(spent=F("spent") - amount)
    LedgerEntry.objects.create(
        voucher=voucher,
        kind=LedgerEntry.Kind.REVERSE,
        amount=amount,
        delta=amount,
        currency=voucher.currency,
        service_year=year,
        invoice=invoice,
        actor=actor,
        note=note,
    )
    audit_record(
        actor=actor, target=voucher, action="voucher.reverse", reason=f"{invoice.pk}:{amount} {note}"
    )


def _open_claim(invoice: Invoice) -> Claim | None:
    return Claim.objects.filter(invoice=invoice).exclude(status=Claim.Status.REJECTED).first()


@transaction.atomic
def voucher_reverse(*, actor: Any, invoice: Invoice, reason: str) -> Invoice:
    """Take the voucher's share off a draft invoice again: the balance and the year's spend come back (a
    `reverse` line). (Cancelling an invoice gives its share back by itself, and a credit note its part.)"""
    invoice = Invoice.objects.select_for_update().select_related("provider", "customer").get(pk=invoice.pk)
    if not (
        permissions.is_firm_member(actor, invoice.customer)
        or permissions.is_provider_staff(actor, invoice.provider)
    ):
        raise PermissionDenied(
            _("Only the customer's people or the provider's staff change the voucher share.")
        )
    if invoice.status != Invoice.Status.DRAFT:
        raise StateConflict(
            _("Only a draft invoice's voucher share is taken back; an issued one is cancelled or credited.")
        )
    voucher = Voucher.objects.select_for_update().filter(number=invoice.voucher_reference).first()
    amount = _paid_by_voucher(invoice)
    if voucher is None or amount <= 0:
        raise StateConflict(_("This invoice has no voucher share."))
    _give_back(voucher=voucher, invoice=invoice, amount=amount, actor=actor, note=reason)
    return accounting_services.invoice_set_voucher_share(
        invoice=invoice, amount=Decimal("0.00"), reference=""
    )


def on_invoice_cancelled(*, invoice: Invoice, actor: Any, reason: str, **kwargs: Any) -> None:
    """A cancelled invoice gives its voucher share back, unless the share is claimed from the agency (then the
    invoice is corrected by credit notes, which the claim follows)."""
    voucher = Voucher.objects.select_for_update().filter(number=invoice.voucher_reference).first()
    amount = _paid_by_voucher(invoice)
    if voucher is None or amount <= 0:
        return
    if _open_claim(invoice) is not None:
        raise StateConflict(
            _("The voucher's share of this invoice is claimed from the agency: credit the invoice instead.")
        )
    note = _("Invoice %(number)s cancelled: %(reason)s") % {
        "number": invoice.number or invoice.pk,
        "reason": reason,
    }
    _give_back(voucher=voucher, invoice=invoice, amount=amount, actor=actor, note=note)


def on_credit_note_issued(
    *, credit_note: Any, invoice: Invoice, actor: Any, lines: dict[Any, Decimal], **kwargs: Any
) -> None:
    """A credit note on an invoice a voucher paid part of gives the voucher its part back: the scheme's share
    of the eligible lines credited, or (for one amount) the invoice's voucher share in proportion; the last
    credit note of a fully credited invoice gives back all that is left. While the agency decides a claim on
    the invoice, it is not credited (the claim's amount would be wrong)."""
    voucher = (
        Voucher.objects.select_for_update()
        .select_related("scheme")
        .filter(number=invoice.voucher_reference)
        .first()
    )
    left = _paid_by_voucher(invoice)
    if voucher is None or left <= 0:
        return
    claim = _open_claim(invoice)
    if claim is not None and claim.status == Claim.Status.SUBMITTED:
        raise StateConflict(
            _("The agency is deciding a claim on this invoice's voucher share; credit it once decided.")
        )
    if lines:
        eligible = eligible_lines(invoice, voucher)
        credited_eligible = sum((a for line, a in lines.items() if line in eligible), Decimal("0.00"))
        part = voucher_share_of(credited_eligible, voucher.scheme.share)
    else:
        part = (credit_note.amount * invoice.voucher_share / invoice.total).quantize(FEN, ROUND_HALF_UP)
    if accounting_services.credited_total(invoice) >= invoice.total:
        part = left
    part = min(part, left, credit_note.amount)
    if part <= 0:
        return
    accounting_services.credit_note_set_voucher_part(credit_note=credit_note, amount=part)
    note = _("Credit note %(number)s") % {"number": credit_note.number}
    if claim is not None:  # settled: the agency paid the provider a share that is now smaller
        note += " — " + _("the provider owes the agency %(amount)s %(currency)s") % {
            "amount": part,
            "currency": voucher.currency,
        }
    _give_back(voucher=voucher, invoice=invoice, amount=part, actor=actor, note=note)


# --- claims ------------------------------------------------------------------------------------------------


def _check_pdf(upload: UploadedFile) -> list[str]:
    limit = settings.PROPOSAL_ATTACHMENT_MAX_BYTES
    problems: list[str] = []
    if upload.size is None or upload.size > limit:
        problems.append(_("The file is larger than %(mb)s MB.") % {"mb": f"{limit / 1_000_000:g}"})
    if (upload.content_type or "").split(";")[0].strip().lower() not in PDF_CONTENT_TYPES:
        problems.append(_("The file is not sent as a PDF."))
    upload.seek(0)
    if upload.read(len(PDF_MAGIC)) != PDF_MAGIC:
        problems.append(_("The file is not a PDF."))
    upload.seek(0)
    return problems


@transaction.atomic
def claim_submit(
    *, actor: Any, invoice: Invoice, proof: UploadedFile | None = None, payment_reference: str = ""
) -> Claim:
    """The provider claims the voucher's share of an issued invoice, with proof that the firm paid its own
    share: a PDF, or a payment reference with the invoice marked paid."""
    invoice = Invoice.objects.select_for_update().select_related("provider").get(pk=invoice.pk)
    if not permissions.is_provider_staff(actor, invoice.provider):
        raise PermissionDenied(_("Only the provider's staff claim for its invoices."))
    if invoice.status not in (Invoice.Status.ISSUED, Invoice.Status.PAID):
        raise StateConflict(_("Only an issued or paid invoice is claimed."))
    voucher = Voucher.objects.select_for_update().filter(number=invoice.voucher_reference).first()
    share = _paid_by_voucher(invoice)
    if voucher is None or share <= 0:
        raise StateConflict(_("No voucher pays a share of this invoice."))
    if Claim.objects.filter(invoice=invoice).exclude(status=Claim.Status.REJECTED).exists():
        raise StateConflict(_("This invoice is already claimed."))
    problems: dict[str, list[str]] = {}
    payment_reference = payment_reference.strip()
    if proof is not None:
        if pdf_problems := _check_pdf(proof):
            problems["proof"] = pdf_problems
    elif not payment_reference:
        problems["proof"] = [_("Attach the proof of payment (PDF) or give the payment reference.")]
    elif invoice.status != Invoice.Status.PAID:
        problems["payment_reference"] = [
            _("A payment reference alone is proof once the invoice is marked paid.")
        ]
    if problems:
        raise ValidationError(problems)
    claim = Claim(
        invoice=invoice,
        voucher=voucher,
        provider=invoice.provider,
        amount=share,
        currency=invoice.currency,
        payment_reference=payment_reference,
        claimed_by=actor,
    )
    if proof is not None:
        claim.proof.save(f"claim-invoice-{invoice.pk}.pdf", proof, save=False)
    claim.full_clean()
    claim.save()
    LedgerEntry.objects.create(
        voucher=voucher,
        kind=LedgerEntry.Kind.CLAIM,
        amount=claim.amount,
        delta=Decimal("0"),
        currency=claim.currency,
        service_year=invoice.period.year,
        invoice=invoice,
        claim=claim,
        actor=actor,
    )
    audit_record(actor=actor, target=claim, action="voucher_claim.submit", to_state="submitted")
    return claim


def _decide_claim(actor: Any, claim: Claim, to: str, note: str) -> Claim:
    """The agency's decision on a submitted claim: the claim's state, its ledger line and the audit trail."""
    claim = (
        Claim.objects.select_for_update()
        .select_related("voucher__scheme__agency", "invoice")
        .get(pk=claim.pk)
    )
    if not permissions.is_agency_for(actor, claim.voucher.scheme.agency):
        raise PermissionDenied(_("Only the scheme's agency settles its claims."))
    if claim.status != Claim.Status.SUBMITTED:
        raise StateConflict(_("This claim is already decided."))
    claim.status = to
    claim.decided_by = actor
    claim.decided_at = timezone.now()
    claim.reason = note
    claim.save(update_fields=["status", "decided_by", "decided_at", "reason", "updated_at"])
    LedgerEntry.objects.create(
        voucher=claim.voucher,
        kind=LedgerEntry.Kind.SETTLE if to == Claim.Status.SETTLED else LedgerEntry.Kind.REJECT,
        amount=claim.amount,
        delta=Decimal("0"),
        currency=claim.currency,
        service_year=claim.invoice.period.year,
        invoice=claim.invoice,
        claim=claim,
        actor=actor,
        note=note,
    )
    audit_record(
        actor=actor,
        target=claim,
        action=f"voucher_claim.{'settle' if to == Claim.Status.SETTLED else 'reject'}",
        from_state="submitted",
        to_state=to,
        reason=note if to == Claim.Status.REJECTED else "",
    )
    return claim


@transaction.atomic
def claim_settle(*, actor: Any, claim: Claim, note: str = "") -> Claim:
    """The agency has checked the claim and pays the provider the voucher's share."""
    return _decide_claim(actor, claim, Claim.Status.SETTLED, note)


@transaction.atomic
def claim_reject(*, actor: Any, claim: Claim, reason: str) -> Claim:
    """The agency rejects the claim, with the reason; the provider may claim again with better proof."""
    if not reason.strip():
        raise ValidationError({"reason": [_("Say why the claim is rejected.")]})
    return _decide_claim(actor, claim, Claim.Status.REJECTED, reason)
