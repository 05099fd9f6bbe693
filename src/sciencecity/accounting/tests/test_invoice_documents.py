"""The invoice as a PDF (bilingual with a CJK font, English alone without) and the CSV for finance."""

import csv
import io
from decimal import Decimal

from django.test import Client

from sciencecity.accounting import documents
from sciencecity.accounting.services import invoice_set_voucher_share
from sciencecity.accounting.tests.billing_helpers import firm_draft, firm_invoice


def test_the_pdf_is_a_pdf_for_the_customer_and_the_provider(shop):
    invoice = firm_invoice(shop, 1)
    for user in (shop.erin, shop.manager):
        client = Client()
        client.force_login(user)
        response = client.get(f"/invoices/{invoice.pk}/invoice.pdf")
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF-")


def test_the_document_names_the_parties_the_number_the_voucher_share_and_the_terms(shop):
    draft = firm_draft(shop, 2.5)
    draft = invoice_set_voucher_share(invoice=draft, amount=Decimal("416.67"), reference="V-7")
    html = documents.invoice_html(draft, bilingual=True)
    for text in (
        "Light Source Institute",
        "Tiny Startup",
        "833.33",
        "416.67",
        "416.66",
        "V-7",
        "30 days",
        "DRAFT",
    ):
        assert text in html
    assert "应付金额" in html and "仪器EM1" in html


def test_without_a_cjk_font_the_document_leaves_chinese_out_and_says_so(shop):
    invoice = firm_invoice(shop, 1)
    html = documents.invoice_html(invoice, bilingual=False)
    assert "应付金额" not in html and "仪器EM1" not in html
    assert "no CJK font" in html
    assert documents.invoice_pdf(invoice, bilingual=False).startswith(b"%PDF-")


def test_the_csv_has_a_row_per_line_with_plain_decimal_amounts(shop):
    invoice = firm_invoice(shop, 2.5, 1)
    client = Client()
    client.force_login(shop.manager)
    response = client.get("/invoices/export.csv", {"month": "2027-03"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [(r["invoice_number"], r["amount"], r["invoice_total"]) for r in rows] == [
        (invoice.number, "833.33", "1166.66"),
        (invoice.number, "333.33", "1166.66"),
    ]
    first = invoice.lines.order_by("used_on")[0]
    assert rows[0]["usage_record"] == str(first.usage_record_id)
