"""A usage record sits on one live invoice line at most: the database refuses a second, whoever writes it."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from sciencecity.accounting.models import Invoice, InvoiceLine
from sciencecity.accounting.services import invoice_cancel
from sciencecity.accounting.tests.billing_helpers import ISSUE_DAY, firm_draft
from sciencecity.accounting.tests.conftest import MONTH


def _copy(line: InvoiceLine, invoice: Invoice) -> InvoiceLine:
    return InvoiceLine(
        invoice=invoice,
        usage_record=line.usage_record,
        instrument=line.instrument,
        rate=line.rate,
        category=line.category,
        description_en="again",
        used_on=line.used_on,
        quantity=line.quantity,
        unit=line.unit,
        unit_price=line.unit_price,
        amount=Decimal("1.00"),
    )


def test_the_database_refuses_a_second_live_line_for_one_usage_record(shop):
    line = firm_draft(shop, 1).lines.get()
    other = Invoice.objects.create(provider=shop.provider, customer=shop.university, period=MONTH)
    with pytest.raises(IntegrityError), transaction.atomic():
        _copy(line, other).save()  # a raw save, past every service check


def test_once_its_invoice_is_cancelled_the_usage_record_may_be_billed_again(shop):
    draft = firm_draft(shop, 1)
    line = draft.lines.get()
    invoice_cancel(invoice=draft, actor=shop.manager, reason="redo", now=ISSUE_DAY)
    other = Invoice.objects.create(provider=shop.provider, customer=shop.firm, period=MONTH)
    _copy(line, other).save()
    assert line.usage_record.invoice_lines.filter(live=True).count() == 1
