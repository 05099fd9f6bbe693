"""The voucher API answers each caller with what is theirs, and every refusal with its documented status."""

from decimal import Decimal

import pytest
from django.test import Client

from sciencecity.vouchers import services
from sciencecity.vouchers.tests.conftest import issue


def client_of(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def post(client, url, body=None):
    return client.post(url, body or {}, content_type="application/json")


def test_get_vouchers_lists_the_callers_firms_vouchers_only(world):
    voucher = world.voucher("8000.00")
    assert client_of().get("/api/vouchers").status_code == 401
    mine = client_of(world.erin).get("/api/vouchers").json()
    assert mine == [
        {
            "id": voucher.pk,
            "number": voucher.number,
            "scheme": "test-2026",
            "beneficiary": "org-test-firm",
            "currency": "CNY",
            "amount": "8000.00",
            "balance": "8000.00",
            "expires": "2027-12-31",
        }
    ]
    assert client_of(world.frank).get("/api/vouchers").json() == []
    assert client_of(world.carol).get("/api/vouchers").json() == []
    assert [v["number"] for v in client_of(world.olga).get("/api/vouchers").json()] == [voucher.number]


def test_apply_voucher_answers_the_invoice_with_its_voucher_share(world):
    voucher = world.voucher("8000.00")
    invoice = world.invoice([(world.ms, "123.45")])
    response = post(
        client_of(world.erin), f"/api/invoices/{invoice.pk}/apply-voucher", {"voucher": voucher.number}
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["voucher_share"], body["amount_due"], body["status"]) == ("61.73", "61.72", "draft")


@pytest.mark.parametrize(("who", "status"), [("anonymous", 401), ("frank", 404), ("sid", 404)])
def test_apply_voucher_hides_an_invoice_the_caller_may_not_read(world, who, status):
    voucher = world.voucher()
    invoice = world.invoice([(world.ms, "10.00")])
    user = None if who == "anonymous" else getattr(world, who)
    response = post(client_of(user), f"/api/invoices/{invoice.pk}/apply-voucher", {"voucher": voucher.number})
    assert response.status_code == status
    assert "detail" in response.json()


def test_apply_voucher_refusals(world):
    voucher = world.voucher("100.00")
    erin = client_of(world.erin)
    invoice = world.invoice([(world.ms, "10.00")])
    assert post(erin, f"/api/invoices/{invoice.pk}/apply-voucher", {}).status_code == 422
    assert post(erin, f"/api/invoices/{invoice.pk}/apply-voucher", {"voucher": ""}).status_code == 422
    assert post(erin, f"/api/invoices/{invoice.pk}/apply-voucher", {"voucher": "NOPE"}).status_code == 404
    other = world.invoice([(world.other, "10.00")], provider=world.other_provider)
    assert (
        post(erin, f"/api/invoices/{other.pk}/apply-voucher", {"voucher": voucher.number}).status_code == 403
    )
    big = world.invoice([(world.ms, "200.00")])
    assert (
        post(erin, f"/api/invoices/{big.pk}/apply-voucher", {"voucher": voucher.number}).json()[
            "voucher_share"
        ]
        == "100.00"
    )
    refused = post(erin, f"/api/invoices/{invoice.pk}/apply-voucher", {"voucher": voucher.number})
    assert refused.status_code == 409
    assert "balance" in refused.json()["detail"]


def test_claims_then_settlement_through_the_api(world):
    voucher = world.voucher("8000.00")
    invoice = services.voucher_redeem(
        actor=world.erin, invoice=world.invoice([(world.ms, "100.00")]), voucher=voucher
    )
    issue(invoice, "paid")
    assert (
        post(
            client_of(world.erin), "/api/claims", {"invoice": invoice.pk, "payment_reference": "B"}
        ).status_code
        == 403
    )
    assert (
        post(
            client_of(world.sid), "/api/claims", {"invoice": invoice.pk, "payment_reference": "B"}
        ).status_code
        == 404
    )
    assert post(client_of(world.carol), "/api/claims", {"invoice": invoice.pk}).status_code == 422
    created = post(
        client_of(world.carol), "/api/claims", {"invoice": invoice.pk, "payment_reference": "BANK-7"}
    )
    assert created.status_code == 201, created.content
    claim = created.json()
    assert (claim["amount"], claim["status"]) == ("50.00", "submitted")
    assert (
        post(
            client_of(world.carol), "/api/claims", {"invoice": invoice.pk, "payment_reference": "X"}
        ).status_code
        == 409
    )
    assert [c["id"] for c in client_of(world.carol).get("/api/claims").json()] == [claim["id"]]
    assert client_of(world.sid).get("/api/claims").json() == []
    for who in (world.carol, world.erin, world.sid, world.frank):
        assert post(client_of(who), f"/api/claims/{claim['id']}/settle").status_code == 403
    assert post(client_of(), f"/api/claims/{claim['id']}/settle").status_code == 401
    settled = post(client_of(world.olga), f"/api/claims/{claim['id']}/settle")
    assert settled.status_code == 200
    assert settled.json()["status"] == "settled"
    assert post(client_of(world.olga), f"/api/claims/{claim['id']}/settle").status_code == 409
    assert Decimal(client_of(world.erin).get("/api/vouchers").json()[0]["balance"]) == Decimal("7950.00")


def test_the_spec_documents_every_status_of_the_voucher_operations(world):
    spec = client_of().get("/api/openapi.json").json()["paths"]
    for path, method, codes in (
        ("/api/vouchers", "get", {"200", "401"}),
        ("/api/invoices/{invoice_id}/apply-voucher", "post", {"200", "401", "403", "404", "409", "422"}),
        ("/api/claims", "post", {"201", "401", "403", "404", "409", "422"}),
        ("/api/claims/{claim_id}/settle", "post", {"200", "401", "403", "404", "409"}),
    ):
        assert codes <= set(spec[path][method]["responses"]), path
