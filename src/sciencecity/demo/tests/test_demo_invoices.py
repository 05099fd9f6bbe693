"""The demo's billing: example rates for NFPS and SSRF, the seeded week invoiced for its month, a draft."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sciencecity.accounting.models import Invoice, Rate
from sciencecity.accounts.models import User
from sciencecity.demo.invoices import erin_draft_invoices, invoices_load
from sciencecity.demo.sharing import sharing_load


def test_erins_week_is_drafted_at_the_industry_rate_and_left_a_draft_and_not_twice(
    demo_map: object, personas: dict[str, User]
) -> None:
    sharing_load(personas, today=dt.date(2026, 11, 18))  # Erin's sessions: 10 and 12 November 2026
    report = invoices_load(personas)
    assert report.skipped == "" and report.rates == 10
    assert Rate.objects.get(instrument__slug="st-ssrf-bl10u1").unit == "shift"
    assert all(r.is_example and r.note_en == "example value" for r in Rate.objects.all())
    (erin,) = erin_draft_invoices()
    assert (erin.provider.slug, erin.customer.slug, erin.period) == (
        "org-ncpss",
        "org-uih",
        dt.date(2026, 11, 1),
    )
    # NMR at 300.00/h: 10:05-15:40 = 5.5833 h -> 1674.99; 14:00-18:00 = 4 h -> 1200.00
    assert sorted(erin.lines.values_list("amount", flat=True)) == [Decimal("1200.00"), Decimal("1674.99")]
    assert erin.total == Decimal("2874.99") and erin.status == Invoice.Status.DRAFT
    drafts = Invoice.objects.count()
    assert invoices_load(personas).drafts == [] and Invoice.objects.count() == drafts
    assert erin_draft_invoices()[0].total == Decimal("2874.99")
