"""The invoice as documents: a PDF a finance office accepts (WeasyPrint) and CSV rows for finance.

The PDF is bilingual (English and Simplified Chinese) when a CJK font is installed (fonts-noto-cjk, from
scripts/ensure-browser.sh); without one it is rendered in English alone, Chinese names left out, rather than
printing empty boxes — and says so in its footer.
"""

from __future__ import annotations

import csv
import functools
import io
import shutil
import subprocess
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

from sciencecity.accounting.models import Invoice
from sciencecity.accounting.services.invoices import billing_profile_of, credited_total, voucher_credited

CSV_COLUMNS = [
    "invoice_number",
    "status",
    "provider",
    "customer",
    "month",
    "issued_at",
    "due_on",
    "paid_at",
    "line",
    "usage_record",
    "instrument",
    "used_on",
    "user_category",
    "quantity",
    "unit",
    "unit_price",
    "amount",
    "currency",
    "invoice_total",
    "voucher_share",
    "amount_due",
    "credited",
    "voucher_credited",
]


@functools.cache
def cjk_font_installed() -> bool:
    """Whether fontconfig knows a font with Chinese glyphs (asked once per process)."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return False
    try:
        found = subprocess.run(  # noqa: S603 - a fixed command, no user input
            [fc_list, ":lang=zh", "family"], capture_output=True, text=True, timeout=10, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return bool(found.stdout.strip())


def invoice_context(invoice: Invoice, *, bilingual: bool) -> dict[str, Any]:
    profile = billing_profile_of(invoice.provider)
    lines = list(invoice.lines.all())
    credited = credited_total(invoice)
    return {
        "invoice": invoice,
        "profile": profile,
        "lines": lines,
        "credit_notes": list(invoice.credit_notes.all()),
        "credited": credited,
        "bilingual": bilingual,
        "operated": list(
            invoice.provider.facilities_operated.order_by("code").values_list("code", flat=True)
        ),
        "printed_at": timezone.localtime(),
    }


def invoice_html(invoice: Invoice, *, bilingual: bool | None = None) -> str:
    if bilingual is None:
        bilingual = cjk_font_installed()
    return render_to_string("accounting/invoice_pdf.html", invoice_context(invoice, bilingual=bilingual))


def invoice_pdf(invoice: Invoice, *, bilingual: bool | None = None) -> bytes:
    from weasyprint import HTML  # imported here: pango loads only when a PDF is asked for

    pdf = HTML(string=invoice_html(invoice, bilingual=bilingual)).write_pdf()
    assert pdf is not None  # noqa: S101 - write_pdf without a target returns the bytes
    return bytes(pdf)


def _cell(text: str) -> str:
    """A name a spreadsheet would read as a formula is written as text."""
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _money(value: Decimal) -> str:
    return f"{value:.2f}"


def invoices_csv(invoices: Iterable[Invoice]) -> str:
    """One row per invoice line (an invoice without lines gets one row), amounts as plain decimals."""
    out = io.StringIO()
    out.write("\ufeff")  # a byte-order mark, so spreadsheet programs read the UTF-8 Chinese names
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for invoice in invoices:
        head = [
            invoice.number,
            invoice.status,
            _cell(invoice.provider.name_en),
            _cell(invoice.customer.name_en),
            f"{invoice.period:%Y-%m}",
            timezone.localtime(invoice.issued_at).isoformat() if invoice.issued_at else "",
            invoice.due_on.isoformat() if invoice.due_on else "",
            timezone.localtime(invoice.paid_at).isoformat() if invoice.paid_at else "",
        ]
        tail = [
            invoice.currency,
            _money(invoice.total),
            _money(invoice.voucher_share),
            _money(invoice.amount_due),
            _money(credited_total(invoice)),
            _money(voucher_credited(invoice)),
        ]
        lines = list(invoice.lines.all())
        if not lines:
            writer.writerow([*head, "", "", "", "", "", "", "", "", "", *tail])
        for n, line in enumerate(lines, start=1):
            writer.writerow(
                [
                    *head,
                    n,
                    line.usage_record_id,
                    line.instrument.code,
                    line.used_on.isoformat(),
                    line.category,
                    f"{line.quantity:f}",
                    line.unit,
                    _money(line.unit_price),
                    _money(line.amount),
                    *tail,
                ]
            )
    return out.getvalue()
