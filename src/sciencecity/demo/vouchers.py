"""Innovation vouchers in the demo: Olga's 2026 scheme (example values), Erin's example startup holding a
voucher, her month's invoice half paid by it, issued and paid, claimed by the provider and settled.

The story stays honest: Erin's persona works for United Imaging Healthcare, a large firm no small-firm
scheme would accept. The demo (only the demo: tests build their own people) gives her an **example startup
team** as employer *before* the week of usage is seeded, so that usage is the startup's and its invoice is
the startup's. Usage is counted by the legal entity the user belonged to at the time (accounting), so this
changes no one else's figures. Every figure and the startup itself are marked as example values.

`voucher_people_ensure` runs before the week of usage; `vouchers_load` after the invoicing demo has left the
startup's month as a draft. Both change nothing when run again.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from sciencecity.accounting import permissions as billing
from sciencecity.accounting import services as invoicing
from sciencecity.accounting.models import Invoice
from sciencecity.accounts.models import User
from sciencecity.demo.invoices import erin_draft_invoices
from sciencecity.demo.sharing import monday_of_last_week
from sciencecity.registry import services as registry
from sciencecity.registry.models import Organisation, Verification
from sciencecity.vouchers import services as vouchers
from sciencecity.vouchers.models import Application, Claim, Scheme, Voucher

STARTUP = "org-example-imaging-startup"
AGENCY = "org-stcsm"
PROVIDER = "org-ncpss"  # operator of NFPS, whose booking instruments Erin uses in the demo week
SCHEME = "sh-vouchers-2026-example"
EXAMPLE = "Example value for the demo: Shanghai's share, caps and validity were not found in public sources."


@dataclass
class VoucherReport:
    scheme: str = ""
    voucher: str = ""
    invoice: str = ""
    voucher_share: Decimal | None = None
    claim: str = ""
    notes: list[str] = field(default_factory=list)


def voucher_people_ensure(personas: dict[str, User]) -> Organisation | None:
    """The example startup on the map, and Erin (a demo account) working for it; None for a real account."""
    erin = personas.get("erin")
    if erin is None or not erin.email.endswith("@example.org"):
        return None
    startup = registry.organisation_upsert(
        slug=STARTUP,
        name_en="Zhangjiang Imaging Startup Team (example)",
        name_zh="张江影像创业团队（示例）",
        kind=Organisation.Kind.COMPANY,
        location="Pudong New Area (example)",
        role_en="An example startup team of the demo, not a real firm: Erin's employer in the voucher story.",
        role_zh="演示用的示例创业团队，并非真实企业：创新券故事中 Erin 的雇主。",
        # example.org is reserved for examples: the record says it has no real source.
        source="https://example.org/science-city-demo/example-startup",
        verification=Verification.PARTIAL,
        unverified=["name", "location", "role"],
    ).record
    if erin.organisation_id != startup.pk:
        erin.organisation = startup
        erin.affiliation = startup.name_en
        erin.save(update_fields=["organisation", "affiliation"])
    return startup


def vouchers_load(personas: dict[str, User], *, today: dt.date | None = None) -> VoucherReport:
    """Olga's scheme, Erin's application and voucher; then the startup's draft invoice paid half by it."""
    report = VoucherReport()
    startup = voucher_people_ensure(personas)
    agency = Organisation.objects.filter(slug=AGENCY).first()
    provider = Organisation.objects.filter(slug=PROVIDER).first()
    if startup is None or agency is None or provider is None:
        report.notes.append("not built: Erin is not a demo account, or the map lacks STCSM or NCPSS")
        return report
    olga, erin = personas["olga"], personas["erin"]
    today = today or timezone.localdate()
    with transaction.atomic():
        scheme = Scheme.objects.filter(code=SCHEME).first() or vouchers.scheme_create(
            actor=olga,
            agency=agency,
            code=SCHEME,
            name_en="Shanghai innovation vouchers 2026 (example values)",
            name_zh="上海科技创新券 2026（示例数值）",
            share=Decimal("0.5"),
            yearly_cap=Decimal("300000.00"),
            # From the new year of the week of usage: in early January that week is still last year's.
            valid_from=dt.date(monday_of_last_week(today).year, 1, 1),
            valid_until=dt.date(today.year, 12, 31),
            providers=[provider],
            max_employees=100,
            max_revenue=Decimal("50000000.00"),
            example_values=True,
        )
        report.scheme = scheme.code
        voucher = Voucher.objects.filter(scheme=scheme, beneficiary=startup).first()
        if voucher is None:
            application = Application.objects.filter(scheme=scheme, applicant=startup).first()
            if application is None:
                application = vouchers.application_submit(
                    actor=erin,
                    scheme=scheme,
                    applicant=startup,
                    employees=9,
                    revenue=Decimal("1200000.00"),
                    registered_on=dt.date(today.year - 1, 9, 1),
                    district="Pudong",
                    requested_amount=Decimal("20000.00"),
                    purpose="NMR and cryo-EM time for a contrast-agent prototype (example).",
                )
            voucher = vouchers.application_approve(
                actor=olga,
                application=application,
                amount=Decimal("20000.00"),
                expires=scheme.valid_until,
                reason=EXAMPLE,
            )
        report.voucher = voucher.number
        drafts = [i for i in erin_draft_invoices() if i.customer_id == startup.pk and not i.voucher_reference]
        done = list(
            Invoice.objects.filter(customer=startup, voucher_reference=voucher.number).exclude(status="draft")
        )
        if not drafts and not done:
            report.notes.append("no invoice of the startup yet: the invoicing demo drafts the month's")
            return report
        staff = next((u for u in User.objects.order_by("pk") if billing.can_bill(u, provider)), None)
        for draft in drafts:
            invoice = vouchers.voucher_redeem(actor=erin, invoice=draft, voucher=voucher)
            if staff is None:
                continue
            invoice = invoicing.invoice_issue(invoice=invoice, actor=staff)
            invoice = invoicing.invoice_mark_paid(invoice=invoice, actor=staff)
            done.append(invoice)
        if staff is None:
            report.notes.append("no one keeps NCPSS's invoices in the demo: the invoices stay drafts")
            return report
        for invoice in done:
            if invoice.voucher_share > 0 and not invoice.voucher_claims.exclude(status="rejected").exists():
                vouchers.claim_submit(
                    actor=staff, invoice=invoice, payment_reference=f"DEMO-BANK-{invoice.number} (example)"
                )
        # One claim settled; any other stays in the agency's queue for Olga to check.
        first = Claim.objects.filter(voucher=voucher).order_by("pk").first()
        if first is not None and first.status == Claim.Status.SUBMITTED:
            vouchers.claim_settle(actor=olga, claim=first, note=EXAMPLE)
        report.invoice = ", ".join(i.number for i in done)
        report.voucher_share = sum((i.voucher_share for i in done), Decimal("0.00"))
        report.claim = first.status if first is not None else ""
        if first is not None:
            first.refresh_from_db()
            report.claim = first.status
    return report


def describe(report: VoucherReport) -> str:
    if report.notes and not report.voucher:
        return "Demo vouchers " + "; ".join(report.notes) + "."
    text = f"Demo vouchers: scheme {report.scheme} (example values), voucher {report.voucher}"
    if report.invoice:
        text += f" paid {report.voucher_share} CNY of invoice {report.invoice}; claim {report.claim}"
    return text + ("; " + "; ".join(report.notes) if report.notes else "") + "."
