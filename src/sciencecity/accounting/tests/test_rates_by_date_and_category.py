"""The price of a session: the customer's category against the instrument's owner, and the rate valid on the
local day of the check-in."""

import datetime as dt
from decimal import Decimal

from sciencecity.accounting import pricing
from sciencecity.accounting.services import invoices_draft_for_month, rate_upsert
from sciencecity.accounting.tests.conftest import MONTH, on


def test_a_company_is_industry_a_university_academic_and_the_owner_internal(shop):
    assert pricing.category_of(shop.firm, shop.microscope) == "industry"
    assert pricing.category_of(shop.university, shop.microscope) == "academic"
    assert pricing.category_of(shop.provider, shop.microscope) == "internal"
    # an instrument the university owns at the provider's facility: the university is its own internal user
    assert pricing.category_of(shop.university, shop.hosted) == "internal"


def test_the_rate_valid_on_the_day_of_use_applies_and_a_later_one_from_its_first_day(shop):
    rate_upsert(
        instrument=shop.microscope,
        category="industry",
        valid_from=dt.date(2027, 3, 15),
        price=Decimal("400.00"),
        unit="hour",
    )
    before = shop.use(shop.erin, on(14, 22, 0), 1)  # 14 March, Shanghai time
    after = shop.use(shop.erin, on(15, 0, 30), 1)  # 15 March 00:30 in Shanghai, still 14 March in UTC
    invoices_draft_for_month(provider=shop.provider, month=MONTH, actor=shop.manager)
    assert before.invoice_lines.get().unit_price == Decimal("333.33")
    line = after.invoice_lines.get()
    assert line.unit_price == Decimal("400.00")
    assert line.used_on == dt.date(2027, 3, 15)


def test_a_session_with_no_rate_for_its_category_is_listed_and_not_billed(shop):
    early = shop.use(shop.erin, on(1, 9), 1, instrument=shop.beamline, organisation=shop.university)
    report = invoices_draft_for_month(provider=shop.provider, month=MONTH, actor=shop.manager)
    # the beamline has an industry rate only: an academic session there is left out, and said so
    assert report.invoices == []
    assert [(u.pk, "academic" in why) for u, why in report.skipped] == [(early.pk, True)]
