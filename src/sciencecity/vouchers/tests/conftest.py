"""An agency running one scheme, a small firm, two providers, and hand-made invoices.

Scheme (example values): 50 % of eligible lines, 10 000.00 CNY a year per firm, open all of 2026 and 2027,
for firms of at most 50 employees; the eligible provider is the Test Platform (its MS instrument only);
the Other Platform is not eligible. Invoices are written straight into the accounting tables: they are the
input these tests price by hand, whatever the rates behind them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from sciencecity.accounting.models import Invoice, InvoiceLine, Rate, UsageRecord
from sciencecity.accounts.models import User
from sciencecity.accounts.services import role_grant, roles_ensure
from sciencecity.core.roles import Role
from sciencecity.registry import services as registry
from sciencecity.registry.models import Facility, Instrument, Organisation
from sciencecity.vouchers import services
from sciencecity.vouchers.models import Scheme, Voucher

SRC = "https://example.org/source"


def person(username: str, *, organisation: Organisation | None = None, role: Role | None = None) -> User:
    user = User.objects.create_user(username=username, email=f"{username}@example.org", password=None)
    if organisation is not None:
        user.organisation = organisation
        user.save(update_fields=["organisation"])
    if role is not None:
        roles_ensure()
        user.groups.add(Group.objects.get(name=role.value))
    return user


@dataclass
class World:
    agency: Organisation
    firm: Organisation
    provider: Organisation
    other_provider: Organisation
    facility: Facility
    other_facility: Facility
    ms: Instrument  # eligible
    nmr: Instrument  # same provider, not an eligible service
    other: Instrument  # at the provider that is not eligible
    olga: User  # platform operator for the agency
    erin: User  # works for the firm
    frank: User  # works for another firm
    carol: User  # facility manager of the eligible provider's facility
    sid: User  # facility manager of the other provider's facility
    scheme: Scheme

    def invoice(
        self,
        lines: list[tuple[Instrument, str]],
        *,
        period: dt.date | None = None,
        provider: Organisation | None = None,
        customer: Organisation | None = None,
        status: str = "draft",
    ) -> Invoice:
        """An invoice of the given (instrument, amount) lines, used on the period's 10th.

        Without a period, the first month of 2026 in which the provider has no draft for the customer yet
        (one draft per customer and month is the invoicing rule).
        """
        provider = provider or self.provider
        customer = customer or self.firm
        if period is None:
            taken = set(
                Invoice.objects.filter(provider=provider, customer=customer, status="draft").values_list(
                    "period", flat=True
                )
            )
            period = next(dt.date(2026, m, 1) for m in range(1, 13) if dt.date(2026, m, 1) not in taken)
        total = sum((Decimal(a) for _i, a in lines), Decimal("0.00"))
        invoice = Invoice.objects.create(
            provider=provider,
            customer=customer,
            period=period,
            total=total,
            subtotal=total,
            status="draft",
        )
        used = dt.datetime.combine(period.replace(day=10), dt.time(9), tzinfo=dt.UTC)
        for n, (instrument, amount) in enumerate(lines):
            rate, _ = Rate.objects.get_or_create(
                instrument=instrument,
                category="industry",
                valid_from=dt.date(2020, 1, 1),
                defaults={"price": Decimal("100.00")},
            )
            start = used + dt.timedelta(days=n, hours=Invoice.objects.count())
            record = UsageRecord.objects.create(
                instrument=instrument,
                user=self.erin,
                organisation=customer,
                planned_start=start,
                planned_end=start + dt.timedelta(hours=1),
                actual_start=start,
                actual_end=start + dt.timedelta(hours=1),
            )
            InvoiceLine.objects.create(
                invoice=invoice,
                usage_record=record,
                instrument=instrument,
                rate=rate,
                category="industry",
                description_en=f"{instrument.code} 1 h",
                used_on=start.date(),
                quantity=Decimal("1"),
                unit="hour",
                unit_price=Decimal(amount),
                amount=Decimal(amount),
            )
        if status != "draft":
            issue(invoice, status)
        return invoice

    def voucher(
        self, amount: str = "8000.00", *, firm: Organisation | None = None, applicant: User | None = None
    ) -> Voucher:
        application = services.application_submit(
            actor=applicant or self.erin,
            scheme=self.scheme,
            applicant=firm or self.firm,
            employees=12,
            revenue=Decimal("3000000.00"),
            registered_on=dt.date(2024, 3, 1),
            district="Pudong",
            requested_amount=Decimal(amount),
        )
        return services.application_approve(
            actor=self.olga, application=application, amount=Decimal(amount), expires=dt.date(2027, 12, 31)
        )


def issue(invoice: Invoice, status: str = "issued") -> Invoice:
    """Mark a hand-made invoice issued (and paid) as the invoicing service would."""
    year = invoice.period.year
    invoice.status = status
    invoice.number = f"T-{year}-{invoice.pk:04d}"
    invoice.issued_at = timezone.now()
    if status == "paid":
        invoice.paid_at = timezone.now()
    invoice.save(update_fields=["status", "number", "issued_at", "paid_at"])
    return invoice


def build_world() -> World:
    def org(slug: str, kind: str, name: str, name_zh: str = "") -> Organisation:
        return registry.organisation_upsert(
            slug=slug, name_en=name, name_zh=name_zh, kind=kind, source=SRC
        ).record

    agency = org("org-test-agency", "agency", "Test Science Commission")
    firm = org("org-test-firm", "company", "Tiny Optics Ltd (example)", "微光学有限公司（示例）")
    other_firm = org("org-test-firm-2", "company", "Other Firm Ltd (example)")
    provider = org("org-test-provider", "rd_institution", "Test Institute", "测试研究所")
    other_provider = org("org-test-provider-2", "university", "Other University")
    facility = registry.facility_upsert(
        slug="fac-test-platform", code="TP", name_en="Test Platform", operator=provider.slug, source=SRC
    ).record
    other_facility = registry.facility_upsert(
        slug="fac-other-platform",
        code="OP",
        name_en="Other Platform",
        operator=other_provider.slug,
        source=SRC,
    ).record
    made = {}
    for slug, fac, code in (
        ("ins-v-ms", facility, "MS"),
        ("ins-v-nmr", facility, "NMR"),
        ("ins-v-x", other_facility, "X"),
    ):
        made[code] = registry.instrument_upsert(
            slug=slug,
            facility=fac.slug,
            code=code,
            name_en=f"Instrument {code}",
            techniques="test",
            access_mode=Instrument.AccessMode.BOOKING,
            source=SRC,
        ).record
    olga = person("olga-v", role=Role.PLATFORM_OPERATOR)
    role_grant(user=olga, role=Role.PLATFORM_OPERATOR, organisation_id=agency.pk)
    carol = person("carol-v", organisation=provider, role=Role.FACILITY_MANAGER)
    role_grant(user=carol, role=Role.FACILITY_MANAGER, facility_id=facility.pk)
    sid = person("sid-v", organisation=other_provider, role=Role.FACILITY_MANAGER)
    role_grant(user=sid, role=Role.FACILITY_MANAGER, facility_id=other_facility.pk)
    scheme = services.scheme_create(
        actor=olga,
        agency=agency,
        code="test-2026",
        name_en="Test voucher scheme 2026 (example values)",
        name_zh="测试创新券方案 2026（示例数值）",
        share=Decimal("0.5"),
        yearly_cap=Decimal("10000.00"),
        valid_from=dt.date(2026, 1, 1),
        valid_until=dt.date(2027, 12, 31),
        providers=[provider],
        instruments=[made["MS"]],
        max_employees=50,
        example_values=True,
    )
    return World(
        agency=agency,
        firm=firm,
        provider=provider,
        other_provider=other_provider,
        facility=facility,
        other_facility=other_facility,
        ms=made["MS"],
        nmr=made["NMR"],
        other=made["X"],
        olga=olga,
        erin=person("erin-v", organisation=firm, role=Role.ENTERPRISE),
        frank=person("frank-v", organisation=other_firm, role=Role.ENTERPRISE),
        carol=carol,
        sid=sid,
        scheme=scheme,
    )


@pytest.fixture
def world(db: None, settings: object) -> World:
    return build_world()


@pytest.fixture(autouse=True)
def _today_in_2026(monkeypatch: pytest.MonkeyPatch) -> None:
    """The services read today's date: the scheme's 2026 for every test here."""
    monkeypatch.setattr(services, "current_date", lambda: dt.date(2026, 11, 20))
