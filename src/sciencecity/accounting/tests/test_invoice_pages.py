"""The provider's invoice pages and the customer's: who sees what, and the actions that change an invoice."""

from decimal import Decimal

import pytest
from django.test import Client

from sciencecity.accounting.models import Invoice
from sciencecity.accounting.tests.billing_helpers import firm_draft, firm_invoice
from sciencecity.accounting.tests.conftest import MONTH, on


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_provider_page_lists_its_invoices_filtered_by_month_and_status(shop):
    draft = firm_draft(shop, 1)
    page = _client(shop.manager).get("/invoices/", {"month": "2027-03", "status": "draft"})
    assert page.status_code == 200
    assert f'data-invoice="{draft.pk}"' in page.content.decode()
    empty = _client(shop.manager).get("/invoices/", {"month": "2027-03", "status": "paid"})
    assert f'data-invoice="{draft.pk}"' not in empty.content.decode()


def test_drafting_a_month_from_the_page_makes_the_drafts(shop):
    shop.use(shop.erin, on(2, 9), 1)
    response = _client(shop.manager).post(
        "/invoices/draft", {"provider": shop.provider.slug, "month": "2027-03"}
    )
    assert response.status_code == 302
    invoice = Invoice.objects.get()
    assert (invoice.customer, invoice.period, invoice.total) == (shop.firm, MONTH, Decimal("333.33"))


def test_the_provider_issues_marks_paid_and_credits_from_the_invoice_page(shop):
    draft = firm_draft(shop, 1)
    client = _client(shop.office)
    assert client.post(f"/invoices/{draft.pk}/issue").status_code == 302
    draft.refresh_from_db()
    assert draft.status == Invoice.Status.ISSUED and draft.number.startswith("LS-")
    assert (
        client.post(f"/invoices/{draft.pk}/credit", {"amount": "10.00", "reason": "late start"}).status_code
        == 302
    )
    assert draft.credit_notes.get().amount == Decimal("10.00")
    assert client.post(f"/invoices/{draft.pk}/paid").status_code == 302
    draft.refresh_from_db()
    assert draft.status == Invoice.Status.PAID
    page = client.get(f"/invoices/{draft.pk}/")
    assert "late start" in page.content.decode()


def test_cancelling_from_the_page_needs_a_reason(shop):
    draft = firm_draft(shop, 1)
    client = _client(shop.manager)
    client.post(f"/invoices/{draft.pk}/cancel", {"reason": ""})
    draft.refresh_from_db()
    assert draft.status == Invoice.Status.DRAFT
    client.post(f"/invoices/{draft.pk}/cancel", {"reason": "duplicate"})
    draft.refresh_from_db()
    assert draft.status == Invoice.Status.CANCELLED


def test_the_customer_sees_its_organisations_invoices_and_may_not_act_on_them(shop):
    invoice = firm_invoice(shop, 1)
    erin = _client(shop.erin)
    mine = erin.get("/invoices/mine/")
    assert mine.status_code == 200 and f'data-invoice="{invoice.pk}"' in mine.content.decode()
    detail = erin.get(f"/invoices/{invoice.pk}/")
    assert detail.status_code == 200 and "Mark paid" not in detail.content.decode()
    assert erin.post(f"/invoices/{invoice.pk}/paid").status_code == 403
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.ISSUED
    assert erin.get("/invoices/").status_code == 403  # the provider's page
    assert erin.get("/invoices/export.csv").status_code == 403
    assert (
        erin.post("/invoices/draft", {"provider": shop.provider.slug, "month": "2027-03"}).status_code == 403
    )


@pytest.mark.parametrize("who", ["other_manager", "uma", "stranger"])
def test_another_organisation_or_provider_gets_404_for_the_invoice_and_its_pdf(shop, who):
    invoice = firm_invoice(shop, 1)
    client = _client(getattr(shop, who))
    assert client.get(f"/invoices/{invoice.pk}/").status_code == 404
    assert client.get(f"/invoices/{invoice.pk}/invoice.pdf").status_code == 404
    assert client.post(f"/invoices/{invoice.pk}/cancel", {"reason": "x"}).status_code == 404
    assert f'data-invoice="{invoice.pk}"' not in client.get("/invoices/mine/").content.decode()


def test_the_other_providers_manager_sees_none_of_this_providers_invoices(shop):
    invoice = firm_draft(shop, 1)
    page = _client(shop.other_manager).get("/invoices/")
    assert page.status_code == 200
    assert f'data-invoice="{invoice.pk}"' not in page.content.decode()
    assert (
        _client(shop.other_manager)
        .post("/invoices/draft", {"provider": shop.provider.slug, "month": "2027-03"})
        .status_code
        == 302
    )  # not one of its providers: the form refuses the choice
    assert Invoice.objects.count() == 1


@pytest.mark.parametrize(
    "url",
    ["/invoices/", "/invoices/mine/", "/invoices/1/", "/invoices/1/invoice.pdf", "/invoices/export.csv"],
)
def test_anonymous_visitors_are_sent_to_log_in(shop, url):
    response = Client().get(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_pages_are_in_chinese_for_a_chinese_reader(shop):
    invoice = firm_invoice(shop, 1)
    client = _client(shop.manager)
    client.cookies["django_language"] = "zh-hans"
    assert "发票" in client.get("/invoices/").content.decode()
    assert "发票" in client.get(f"/invoices/{invoice.pk}/").content.decode()
