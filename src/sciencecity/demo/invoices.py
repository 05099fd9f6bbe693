"""Rates and invoices in the demo: example price lists for NFPS's booking instruments and an SSRF
proprietary (per shift) rate, billing profiles, and the seeded week of usage invoiced for its month(s).

Erin's invoice is left a **draft**, so the vouchers demo can apply her voucher and issue it:
`invoices_load(personas)` after `sharing_load`, then `erin_draft_invoices()` gives the drafts. Run again, it
changes nothing (rates are upserted; a month already drafted gains no lines). Every price is an example value
(data/rates.yaml says why).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from sciencecity.accounting import services as accounting
from sciencecity.accounting.models import Category, Invoice, UsageRecord
from sciencecity.accounts.models import User
from sciencecity.accounts.services import role_grant
from sciencecity.core.roles import Role
from sciencecity.demo.loader import read_data
from sciencecity.registry.models import Facility, Instrument, Organisation

EXAMPLE_NOTE_EN = "example value"
EXAMPLE_NOTE_ZH = "示例数值"


@dataclass
class InvoicesReport:
    rates: int = 0
    drafts: list[Invoice] = field(default_factory=list)
    skipped: str = ""


def rates_load(data: dict[str, Any] | None = None) -> int:
    """The example price lists and billing profiles (idempotent); returns how many rates there are."""
    data = data or read_data("rates.yaml")
    valid_from = data["valid_from"]
    if isinstance(valid_from, str):
        valid_from = dt.date.fromisoformat(valid_from)
    count = 0
    for profile in data["providers"]:
        provider = Organisation.objects.filter(slug=profile["provider"]).first()
        if provider is None:
            continue
        values = {k: v for k, v in profile.items() if k not in ("provider", "prefix")}
        accounting.billing_profile_upsert(provider=provider, prefix=profile["prefix"], **values)
    for row in data["rates"]:
        instrument = Instrument.objects.filter(slug=row["instrument"]).first()
        if instrument is None:
            continue
        for category in Category.values:
            if category not in row:
                continue
            accounting.rate_upsert(
                instrument=instrument,
                category=category,
                valid_from=valid_from,
                price=Decimal(row[category]),
                unit=row["unit"],
                note_en=EXAMPLE_NOTE_EN,
                note_zh=EXAMPLE_NOTE_ZH,
            )
            count += 1
    return count


def _months(records: list[UsageRecord]) -> list[dt.date]:
    return sorted(
        {timezone.localtime(r.actual_start).date().replace(day=1) for r in records if r.actual_start}
    )


def invoices_load(personas: dict[str, User]) -> InvoicesReport:
    """Rates, then drafts of NFPS's invoices for every month of the seeded week (Erin's among them)."""
    data = read_data("rates.yaml")
    report = InvoicesReport(rates=rates_load(data))
    keeper = personas.get(data["nfps_billing"])
    facility = Facility.objects.filter(slug="fac-nfps").select_related("operator").first()
    if keeper is None or facility is None or facility.operator is None:
        report.skipped = "NFPS or its staff are not in the demo"
        return report
    if not keeper.email.endswith("@example.org"):
        report.skipped = f"{keeper.username} is not a demo account"
        return report
    used = list(
        UsageRecord.objects.filter(instrument__facility=facility, actual_end__isnull=False).order_by(
            "actual_start"
        )
    )
    with transaction.atomic():
        role_grant(user=keeper, role=Role.USER_OFFICE, facility_id=facility.pk)
        for month in _months(used):
            drafted = accounting.invoices_draft_for_month(
                provider=facility.operator, month=month, actor=keeper
            )
            report.drafts += drafted.invoices
    return report


def erin_draft_invoices() -> list[Invoice]:
    """Erin's organisation's draft NFPS invoices (for the vouchers demo to apply her voucher and issue)."""
    erin = User.objects.filter(username="erin").first()
    if erin is None or erin.organisation_id is None:
        return []
    return list(
        Invoice.objects.filter(
            customer_id=erin.organisation_id,
            provider__facilities_operated__slug="fac-nfps",
            status=Invoice.Status.DRAFT,
        ).order_by("period")
    )
