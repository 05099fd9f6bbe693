"""Issue 10's voucher walk in the browser: Erin's firm holds a voucher and applies it to its draft invoice;
the provider issues the invoice and the firm pays its own share; Carol (the provider's facility manager)
claims the voucher's share with a PDF proof; Olga (the agency's platform operator) settles. Each sees only
what is theirs: another firm sees no voucher, another provider's manager no claim, and only Olga reaches
the agency's queue.

The scheme, the firm, the providers and the draft invoice are the vouchers tests' hand-made world (example
values); issuing and marking the invoice paid are the invoicing services, called off-stage.
"""

from __future__ import annotations

import os
from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from sciencecity.accounting import services as invoicing
from sciencecity.accounts.models import User
from sciencecity.vouchers.models import Claim, Voucher
from sciencecity.vouchers.tests.conftest import build_world
from tests.e2e.proposal_pages import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# A folder (e.g. docs/screenshots) to save the ledger and the dashboard in (the dashboard in both languages).
SCREENSHOTS = os.environ.get("SCIENCECITY_SCREENSHOTS", "")
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def _as(browser: Browser, user: User, site: str) -> tuple[BrowserContext, Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    sign_in(context, user, site)
    return context, context.new_page()


def _screenshot(page: Page, site: str, path: str, name: str, *, chinese: bool = False) -> None:
    if not SCREENSHOTS:
        return
    out = Path(SCREENSHOTS)
    page.goto(site + path)
    page.wait_for_timeout(300)  # ECharts draws after DOMContentLoaded
    page.screenshot(path=out / f"{name}.png", full_page=True)
    if chinese:
        page.context.add_cookies([{"name": "django_language", "value": "zh-hans", "url": site}])
        page.goto(site + path)
        page.wait_for_timeout(300)
        page.screenshot(path=out / f"{name}-zh.png", full_page=True)
        page.context.clear_cookies(name="django_language")


def test_erins_invoice_is_paid_half_by_the_voucher_claimed_by_the_provider_and_settled_by_olga(
    browser: Browser, live_server, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    site = live_server.url
    world = build_world()
    voucher = world.voucher("8000.00")
    # 3 h on the eligible MS (3 x 450.00) and 1 h on the NMR (not an eligible service): half of 1 350.00.
    invoice = world.invoice(
        [(world.ms, "450.00"), (world.ms, "450.00"), (world.ms, "450.00"), (world.nmr, "300.00")]
    )

    erin_context, erin = _as(browser, world.erin, site)
    erin.goto(site + "/vouchers/")
    expect(erin.locator(f"[data-voucher='{voucher.number}'] .balance")).to_have_text("8000.00 CNY")
    erin.locator(f"#drafts tr[data-invoice='{invoice.pk}']").get_by_role(
        "button", name="Apply the voucher"
    ).click()
    expect(erin.locator(".messages")).to_contain_text("The voucher pays 675.00 CNY of this invoice.")
    expect(erin.locator(f"[data-voucher='{voucher.number}'] .balance")).to_have_text("7325.00 CNY")
    invoice.refresh_from_db()
    assert (invoice.voucher_share, invoice.amount_due) == (Decimal("675.00"), Decimal("975.00"))

    # Off-stage, the provider issues the invoice, and the firm pays its own 975.00.
    invoice = invoicing.invoice_issue(invoice=invoice, actor=world.carol)
    invoice = invoicing.invoice_mark_paid(invoice=invoice, actor=world.carol)

    carol_context, carol = _as(browser, world.carol, site)
    carol.goto(site + "/vouchers/claims/")
    row = carol.locator(f"#claimable tr[data-invoice='{invoice.pk}']")
    row.locator("input[type=file]").set_input_files(
        {"name": "paid.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    row.get_by_role("button", name="Claim").click()
    expect(carol.locator(".messages")).to_contain_text("Claim sent to the agency.")
    expect(carol.locator("#claims tbody tr").first.locator(".status")).to_have_text("submitted")

    # Someone else's people see nothing of it.
    sid_context, sid = _as(browser, world.sid, site)
    sid.goto(site + "/vouchers/claims/")
    expect(sid.locator("#claims")).not_to_contain_text(invoice.number)
    frank_context, frank = _as(browser, world.frank, site)
    frank.goto(site + "/vouchers/")
    expect(frank.locator("main")).not_to_contain_text(voucher.number)
    assert erin.goto(site + "/vouchers/agency/").status == 403  # type: ignore[union-attr]
    assert carol.goto(site + "/vouchers/agency/").status == 403  # type: ignore[union-attr]

    olga_context, olga = _as(browser, world.olga, site)
    olga.goto(site + "/vouchers/agency/")
    claim = Claim.objects.get(invoice=invoice)
    olga.locator(f"#queue-claims tr[data-claim='{claim.pk}']").get_by_role("button", name="Settle").click()
    expect(olga.locator(".messages")).to_contain_text("Claim settled.")
    claim.refresh_from_db()
    assert claim.status == "settled"
    olga.goto(site + "/vouchers/agency/dashboard/")
    expect(olga.locator("#leverage")).to_contain_text("1.44")  # 975.00 / 675.00
    expect(olga.locator("#provider-table")).to_contain_text("675.00")

    erin.goto(site + "/vouchers/")
    ledger = erin.locator(f"#ledger-{voucher.number} tbody tr")
    expect(ledger).to_have_count(4)
    assert [ledger.nth(i).get_attribute("data-kind") for i in range(4)] == [
        "issue",
        "redeem",
        "claim",
        "settle",
    ]
    assert Voucher.objects.get(pk=voucher.pk).balance == Decimal("7325.00")

    _screenshot(erin, site, "/vouchers/", "voucher-ledger")
    _screenshot(olga, site, "/vouchers/agency/dashboard/", "agency-dashboard", chinese=True)
    for context in (erin_context, carol_context, sid_context, frank_context, olga_context):
        context.close()
