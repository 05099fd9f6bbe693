"""GET /api/invoices: the caller's invoices, money as decimal strings, a PDF link, lines; issuing a draft."""

import pytest
from django.test import Client

from sciencecity.accounting.tests.billing_helpers import firm_draft, firm_invoice


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_customer_reads_its_invoices_with_money_as_strings_and_a_pdf_url(shop):
    invoice = firm_invoice(shop, 2.5)
    body = _client(shop.erin).get("/api/invoices").json()
    assert body["count"] == 1
    (item,) = body["items"]
    assert item["id"] == invoice.pk
    assert item["number"] == invoice.number
    assert (item["provider"]["slug"], item["customer"]["slug"]) == ("org-provider", "org-startup")
    assert (item["status"], item["currency"]) == ("issued", "CNY")
    assert (item["total"], item["voucher_share"], item["amount_due"]) == ("833.33", "0.00", "833.33")
    assert item["pdf"].endswith(f"/invoices/{invoice.pk}/invoice.pdf")
    assert item["issued_at"].endswith("+08:00")
    (line,) = item["lines"]
    assert (line["quantity"], line["unit"], line["unit_price"], line["amount"]) == (
        "2.5000",
        "hour",
        "333.33",
        "833.33",
    )


def test_sides_filter_the_providers_staff_see_drafts_of_their_provider(shop):
    draft = firm_draft(shop, 1)
    client = _client(shop.manager)
    assert [i["id"] for i in client.get("/api/invoices?side=provider").json()["items"]] == [draft.pk]
    assert client.get("/api/invoices?side=customer").json()["items"] == []
    assert client.get("/api/invoices?status=paid").json()["items"] == []
    assert client.get("/api/invoices?month=2027-03").json()["count"] == 1


@pytest.mark.parametrize("who", ["other_manager", "uma", "stranger"])
def test_another_organisation_sees_nothing_and_gets_404_for_the_invoice(shop, who):
    invoice = firm_invoice(shop, 1)
    client = _client(getattr(shop, who))
    assert client.get("/api/invoices").json()["items"] == []
    assert client.get(f"/api/invoices/{invoice.pk}").status_code == 404
    assert client.post(f"/api/invoices/{invoice.pk}/issue").status_code == 404


def test_anonymous_callers_get_401(shop):
    assert Client().get("/api/invoices").status_code == 401
    assert Client().get("/api/invoices/1").status_code == 401


def test_issuing_through_the_api_the_provider_gets_a_number_the_customer_a_403_a_second_time_409(shop):
    draft = firm_draft(shop, 1)
    assert _client(shop.erin).post(f"/api/invoices/{draft.pk}/issue").status_code == 403
    issued = _client(shop.manager).post(f"/api/invoices/{draft.pk}/issue")
    assert issued.status_code == 200 and issued.json()["number"].startswith("LS-")
    again = _client(shop.manager).post(f"/api/invoices/{draft.pk}/issue")
    assert again.status_code == 409 and "detail" in again.json()


def test_a_bad_filter_is_a_422(shop):
    for query in ("status=lost", "month=0", "month=0000-01", "month=2027-13", "month=2027-03-15"):
        assert _client(shop.erin).get(f"/api/invoices?{query}").status_code == 422, query


def test_the_spec_documents_every_status_of_the_invoice_operations(client, db):
    paths = client.get("/api/openapi.json").json()["paths"]
    assert {"200", "401", "422", "500"} <= set(paths["/api/invoices"]["get"]["responses"])
    assert {"200", "401", "404"} <= set(paths["/api/invoices/{invoice_id}"]["get"]["responses"])
    issue = paths["/api/invoices/{invoice_id}/issue"]["post"]["responses"]
    assert {"200", "401", "403", "404", "409", "422"} <= set(issue)
    money = client.get("/api/openapi.json").json()["components"]["schemas"]["InvoiceOut"]["properties"]
    assert all(money[name]["type"] == "string" for name in ("total", "voucher_share", "amount_due"))
