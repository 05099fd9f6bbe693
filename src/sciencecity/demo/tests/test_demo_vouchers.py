"""The demo's vouchers: Olga's 2026 scheme (example values), Erin's example startup and its voucher, her
month's invoice half paid by it, issued, paid, claimed and settled; nothing twice."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from sciencecity.accounting.models import Invoice, UsageRecord
from sciencecity.accounts.models import User
from sciencecity.demo.invoices import invoices_load
from sciencecity.demo.sharing import sharing_load
from sciencecity.demo.vouchers import STARTUP, voucher_people_ensure, vouchers_load
from sciencecity.vouchers.models import Claim, Voucher
from sciencecity.vouchers.selectors import ledger_balance


@pytest.fixture(params=["today", "early January"])
def clock(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Today, or 7 January, when the demo's week of usage is still last year's (it once found nothing on
    Erin's invoice that the new year's scheme would pay)."""
    if request.param == "early January":
        now = dt.datetime(timezone.localdate().year + 1, 1, 7, 10, tzinfo=dt.UTC)
        monkeypatch.setattr(timezone, "now", lambda: now)


def test_erins_startup_voucher_pays_half_her_invoice_and_the_claim_is_settled(
    clock: None, demo_map: object, personas: dict[str, User]
) -> None:
    startup = voucher_people_ensure(personas)
    assert startup is not None and startup.slug == STARTUP and "example" in startup.name_en
    sharing_load(personas)
    assert UsageRecord.objects.filter(user=personas["erin"], organisation=startup).exists()
    invoices_load(personas)  # the invoicing demo: example rates, the month's drafts
    report = vouchers_load(personas)
    invoices = list(Invoice.objects.filter(customer=startup).order_by("period"))
    assert invoices and all(i.status == "paid" and i.voucher_reference == report.voucher for i in invoices)
    for invoice in invoices:  # every line is an eligible NFPS service: the voucher pays half, to the fen
        assert invoice.voucher_share == (invoice.total * Decimal("0.5")).quantize(Decimal("0.01"))
    voucher = Voucher.objects.get(number=report.voucher)
    assert voucher.scheme.example_values and "example" in voucher.scheme.name_en
    claims = Claim.objects.filter(voucher=voucher).order_by("pk")
    assert claims.count() == len(invoices) and claims[0].status == "settled"
    kinds = [e.kind for e in voucher.ledger.order_by("pk")]
    assert kinds[0] == "issue" and kinds.count("redeem") == len(invoices) and kinds.count("settle") == 1
    paid = sum((i.voucher_share for i in invoices), Decimal("0.00"))
    assert ledger_balance(voucher) == voucher.balance == Decimal("20000.00") - paid
    count = voucher.ledger.count()
    again = vouchers_load(personas)
    assert again.voucher == report.voucher
    assert voucher.ledger.count() == count


def test_without_an_invoice_yet_the_voucher_is_issued_and_the_report_says_why_it_stops(
    demo_map: object, personas: dict[str, User]
) -> None:
    report = vouchers_load(personas)
    assert report.voucher and report.notes
    assert Voucher.objects.get(number=report.voucher).balance == Decimal("20000.00")
