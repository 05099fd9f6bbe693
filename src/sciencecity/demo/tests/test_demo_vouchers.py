"""The demo's vouchers: Olga's 2026 scheme (example values), Erin's example startup and its voucher, her
month's invoice half paid by it, issued, paid, claimed and settled; nothing twice."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from sciencecity.accounting import services as invoicing
from sciencecity.accounting.models import Invoice, UsageRecord
from sciencecity.accounts.models import User
from sciencecity.accounts.services import role_grant
from sciencecity.core.roles import Role
from sciencecity.demo.sharing import sharing_load
from sciencecity.demo.vouchers import STARTUP, voucher_people_ensure, vouchers_load
from sciencecity.registry.models import Facility, Instrument, Organisation
from sciencecity.vouchers.models import Claim, Voucher
from sciencecity.vouchers.selectors import ledger_balance


def _invoicing_stand_in(personas: dict[str, User]) -> None:
    """What the invoicing demo provides: NFPS rates (example values), a biller, the month's drafts."""
    dan = personas["dan"]
    role_grant(user=dan, role=Role.USER_OFFICE, facility_id=Facility.objects.get(slug="fac-nfps").pk)
    for instrument in Instrument.objects.filter(facility__slug="fac-nfps", access_mode="booking"):
        invoicing.rate_upsert(
            instrument=instrument,
            category="industry",
            valid_from=dt.date(2020, 1, 1),
            price=Decimal("333.33"),
            unit="hour",
        )
    used = UsageRecord.objects.filter(user=personas["erin"], actual_start__isnull=False).first()
    assert used is not None and used.actual_start is not None
    month = timezone.localdate(used.actual_start)
    invoicing.invoices_draft_for_month(
        provider=Organisation.objects.get(slug="org-ncpss"), month=month.replace(day=1), actor=dan
    )


def test_erins_startup_voucher_pays_half_her_invoice_and_the_claim_is_settled(
    demo_map: object, personas: dict[str, User]
) -> None:
    startup = voucher_people_ensure(personas)
    assert startup is not None and startup.slug == STARTUP and "example" in startup.name_en
    sharing_load(personas)
    assert UsageRecord.objects.filter(user=personas["erin"], organisation=startup).exists()
    _invoicing_stand_in(personas)
    report = vouchers_load(personas)
    invoice = Invoice.objects.get(customer=startup)
    assert invoice.status == "paid" and invoice.voucher_reference == report.voucher
    half = (invoice.total * Decimal("0.5")).quantize(Decimal("0.01"))
    assert invoice.voucher_share == half
    voucher = Voucher.objects.get(number=report.voucher)
    assert voucher.scheme.example_values and "example" in voucher.scheme.name_en
    assert Claim.objects.get(invoice=invoice).status == "settled"
    assert [e.kind for e in voucher.ledger.order_by("pk")] == ["issue", "redeem", "claim", "settle"]
    assert ledger_balance(voucher) == voucher.balance == Decimal("20000.00") - half
    again = vouchers_load(personas)
    assert again.voucher == report.voucher
    assert voucher.ledger.count() == 4


def test_without_an_invoice_yet_the_voucher_is_issued_and_the_report_says_why_it_stops(
    demo_map: object, personas: dict[str, User]
) -> None:
    report = vouchers_load(personas)
    assert report.voucher and report.notes
    assert Voucher.objects.get(number=report.voucher).balance == Decimal("20000.00")
