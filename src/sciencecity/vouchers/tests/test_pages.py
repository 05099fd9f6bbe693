"""The pages: the firm's vouchers and ledger, the provider's claims, the agency's queue and dashboard."""

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from sciencecity.vouchers import services
from sciencecity.vouchers.tests.conftest import issue


def client_of(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.mark.parametrize("name", ["vouchers:mine", "vouchers:claims", "vouchers:queue", "vouchers:dashboard"])
def test_anonymous_visitors_are_sent_to_log_in(world, name):
    response = client_of().get(reverse(name))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_the_firm_sees_its_own_vouchers_and_ledger_only(world):
    voucher = world.voucher("8000.00")
    page = client_of(world.erin).get(reverse("vouchers:mine")).content.decode()
    assert voucher.number in page and "8000.00" in page
    assert voucher.number not in client_of(world.frank).get(reverse("vouchers:mine")).content.decode()


def test_a_firm_applies_on_its_page(world):
    response = client_of(world.erin).post(
        reverse("vouchers:mine"),
        {
            "scheme": world.scheme.pk,
            "employees": 8,
            "revenue": "100000.00",
            "registered_on": "2025-05-01",
            "district": "Minhang",
            "requested_amount": "2000.00",
        },
    )
    assert response.status_code == 302
    assert world.firm.voucher_applications.get().district == "Minhang"


@pytest.mark.parametrize("name", ["vouchers:queue", "vouchers:dashboard"])
def test_only_the_agency_reaches_its_queue_and_dashboard(world, name):
    for who in (world.erin, world.carol, world.sid):
        assert client_of(who).get(reverse(name)).status_code == 403
    assert client_of(world.olga).get(reverse(name)).status_code == 200


def test_the_provider_sees_its_claims_only_and_others_get_403(world):
    voucher = world.voucher("8000.00")
    invoice = services.voucher_redeem(
        actor=world.erin, invoice=world.invoice([(world.ms, "100.00")]), voucher=voucher
    )
    issue(invoice, "paid")
    carol = client_of(world.carol)
    assert invoice.number in carol.get(reverse("vouchers:claims")).content.decode()
    response = carol.post(reverse("vouchers:claims"), {"invoice": invoice.pk, "payment_reference": "BANK-3"})
    assert response.status_code == 302
    assert invoice.number not in client_of(world.sid).get(reverse("vouchers:claims")).content.decode()
    assert client_of(world.erin).get(reverse("vouchers:claims")).status_code == 403
    assert client_of(world.sid).post(reverse("vouchers:claims"), {"invoice": invoice.pk}).status_code == 404


def test_the_agency_decides_from_its_queue_and_the_dashboard_adds_up(world):
    application = services.application_submit(
        actor=world.erin,
        scheme=world.scheme,
        applicant=world.firm,
        employees=8,
        revenue=Decimal("1.00"),
        registered_on=dt.date(2025, 1, 1),
        district="Pudong",
        requested_amount=Decimal("1000.00"),
    )
    olga = client_of(world.olga)
    assert "Tiny Optics" in olga.get(reverse("vouchers:queue")).content.decode()
    assert (
        client_of(world.erin)
        .post(
            reverse("vouchers:application_action", args=[application.pk, "approve"]),
            {"amount": "1000.00", "expires": "2027-06-30"},
        )
        .status_code
        == 404
    )
    olga.post(
        reverse("vouchers:application_action", args=[application.pk, "approve"]),
        {"amount": "1000.00", "expires": "2027-06-30"},
    )
    application.refresh_from_db()
    voucher = application.voucher
    services.voucher_redeem(
        actor=world.erin,
        invoice=world.invoice([(world.ms, "300.00"), (world.nmr, "100.00")]),
        voucher=voucher,
    )
    page = olga.get(reverse("vouchers:dashboard"))
    d = page.context["d"]
    assert d["voucher_spend"] == Decimal("150.00")
    assert d["own_spend"] == Decimal("250.00")
    assert d["leverage"] == Decimal("1.67")  # 250 / 150
    assert d["by_district"] == [{"label": "Pudong", "spend": Decimal("150.00")}]
    assert d["by_provider"] == [{"label": "Test Institute", "spend": Decimal("150.00")}]


def test_the_firm_applies_its_voucher_to_a_draft_on_its_page_and_no_one_else_can(world):
    voucher = world.voucher("8000.00")
    invoice = world.invoice([(world.ms, "100.00")])
    erin = client_of(world.erin)
    assert f'data-invoice="{invoice.pk}"' in erin.get(reverse("vouchers:mine")).content.decode()
    url = reverse("vouchers:apply", args=[invoice.pk])
    assert client_of(world.frank).post(url, {"voucher": voucher.number}).status_code == 404
    assert erin.post(url, {"voucher": voucher.number}).status_code == 302
    invoice.refresh_from_db()
    assert invoice.voucher_share == Decimal("50.00")


def test_the_pages_speak_simplified_chinese(world):
    world.voucher("8000.00")
    erin = client_of(world.erin)
    erin.cookies["django_language"] = "zh-hans"
    page = erin.get(reverse("vouchers:mine")).content.decode()
    assert "我的科技创新券" in page and "台账" in page and "已发放" in page
    olga = client_of(world.olga)
    olga.cookies["django_language"] = "zh-hans"
    dashboard = olga.get(reverse("vouchers:dashboard")).content.decode()
    assert "撬动比" in dashboard and "已发放创新券" in dashboard and "开具日期" not in dashboard
