"""Hand-computed invoices: quantity rounded to 4 decimals, each line to the fen ROUND_HALF_UP, the subtotal
the sum of the rounded lines."""

from decimal import Decimal

from sciencecity.accounting import pricing
from sciencecity.accounting.models import Invoice
from sciencecity.accounting.services import invoices_draft_for_month
from sciencecity.accounting.tests.conftest import MONTH, on


def test_industry_hours_round_half_up_to_the_fen_line_by_line(shop):
    shop.use(shop.erin, on(2, 9), 2.5)  # 2.5 h x 333.33 = 833.325 -> 833.33 (half up, not to even)
    shop.use(shop.erin, on(3, 9), 4 / 3)  # 1 h 20 min = 1.3333 h x 333.33 = 444.428889 -> 444.43
    report = invoices_draft_for_month(provider=shop.provider, month=MONTH, actor=shop.manager)
    (invoice,) = report.invoices
    assert invoice.customer == shop.firm
    assert invoice.status == Invoice.Status.DRAFT
    assert [(ln.quantity, ln.amount) for ln in invoice.lines.order_by("used_on")] == [
        (Decimal("2.5000"), Decimal("833.33")),
        (Decimal("1.3333"), Decimal("444.43")),
    ]
    assert invoice.subtotal == invoice.total == Decimal("1277.76")
    assert invoice.amount_due == Decimal("1277.76")
    assert invoice.currency == "CNY"


def test_proprietary_beamtime_is_billed_per_eight_hour_shift(shop):
    shop.use(shop.erin, on(4, 8), 12, instrument=shop.beamline)  # 1.5 shifts x 24000 = 36000.00
    shop.use(shop.erin, on(6, 8), 1, instrument=shop.beamline)  # 0.125 shift = 3000.00
    (invoice,) = invoices_draft_for_month(provider=shop.provider, month=MONTH, actor=shop.manager).invoices
    assert sorted((ln.unit, ln.quantity, ln.amount) for ln in invoice.lines.all()) == [
        ("shift", Decimal("0.1250"), Decimal("3000.00")),
        ("shift", Decimal("1.5000"), Decimal("36000.00")),
    ]
    assert invoice.total == Decimal("39000.00")


def test_one_draft_per_customer_each_at_its_own_category(shop):
    shop.use(shop.erin, on(2, 9), 1)  # industry 333.33
    shop.use(shop.uma, on(2, 11), 3)  # academic 3 x 200 = 600.00
    shop.use(shop.uma, on(2, 14), 2, instrument=shop.hosted)  # the university's own instrument: 2 x 100
    report = invoices_draft_for_month(provider=shop.provider, month=MONTH, actor=shop.manager)
    totals = {i.customer.slug: i.total for i in report.invoices}
    assert totals == {"org-startup": Decimal("333.33"), "org-uni": Decimal("800.00")}
    uni = next(i for i in report.invoices if i.customer == shop.university)
    assert sorted(uni.lines.values_list("category", flat=True)) == ["academic", "internal"]


def test_rounding_helpers_round_half_up():
    assert pricing.to_fen(Decimal("0.005")) == Decimal("0.01")
    assert pricing.to_fen(Decimal("0.0049")) == Decimal("0.00")
    assert pricing.amount_of(Decimal("0.3333"), Decimal("0.15")) == Decimal("0.05")  # 0.049995
