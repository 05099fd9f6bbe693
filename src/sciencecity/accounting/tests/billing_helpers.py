"""Shortcuts for billing tests: a month's draft for the firm, issued when asked."""

from __future__ import annotations

import datetime as dt

from sciencecity.accounting.models import Invoice
from sciencecity.accounting.services import invoice_issue, invoices_draft_for_month
from sciencecity.accounting.tests.conftest import MONTH, SHANGHAI, Shop, on

ISSUE_DAY = dt.datetime(2027, 4, 2, 10, 0, tzinfo=SHANGHAI)


def firm_draft(shop: Shop, *hours: float, month: dt.date = MONTH) -> Invoice:
    for n, h in enumerate(hours or (1,)):
        shop.use(shop.erin, on(2 + n, 9, month=month), h)
    report = invoices_draft_for_month(provider=shop.provider, month=month, actor=shop.manager)
    return next(i for i in report.invoices if i.customer == shop.firm)


def firm_invoice(shop: Shop, *hours: float, now: dt.datetime = ISSUE_DAY) -> Invoice:
    return invoice_issue(invoice=firm_draft(shop, *hours), actor=shop.manager, now=now)
