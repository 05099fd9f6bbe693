"""The agency's page that defines a scheme: only its platform operators, for their own agencies, validated."""

from django.test import Client
from django.urls import reverse

from sciencecity.core.models import AuditEvent
from sciencecity.vouchers.models import Scheme


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def form(world, **changes) -> dict:
    values = {
        "agency": world.agency.pk,
        "code": "district-vouchers-2027",
        "name_en": "District vouchers 2027",
        "name_zh": "区科技创新券 2027",
        "share": "0.4",
        "yearly_cap": "100000.00",
        "valid_from": "2027-01-01",
        "valid_until": "2027-12-31",
        "providers": [world.provider.pk],
        "max_employees": "100",
        "districts": "Pudong, Minhang",
        "example_values": "on",
    }
    return values | changes


def test_the_agency_defines_a_scheme_with_its_eligibility_and_providers(world):
    response = client_of(world.olga).post(reverse("vouchers:scheme_new"), form(world))
    assert response.status_code == 302
    scheme = Scheme.objects.get(code="district-vouchers-2027")
    assert scheme.agency == world.agency and str(scheme.share) == "0.400"
    assert scheme.districts == ["Pudong", "Minhang"] and scheme.max_employees == 100
    assert list(scheme.eligible_providers.all()) == [world.provider]
    assert AuditEvent.objects.filter(action="voucher_scheme.create", to_state=scheme.code).exists()


def test_a_scheme_that_ends_before_it_starts_or_pays_more_than_the_cost_is_refused_and_nothing_is_saved(
    world,
):
    response = client_of(world.olga).post(
        reverse("vouchers:scheme_new"), form(world, valid_until="2026-12-31", share="1.5")
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "ends on or after the day it starts" in page and "less than or equal to 1" in page
    assert not Scheme.objects.filter(code="district-vouchers-2027").exists()


def test_nobody_but_the_agencys_operators_defines_a_scheme(world):
    for who in (world.erin, world.carol, world.sid):
        assert client_of(who).get(reverse("vouchers:scheme_new")).status_code == 403
        assert client_of(who).post(reverse("vouchers:scheme_new"), form(world)).status_code == 403
    assert not Scheme.objects.filter(code="district-vouchers-2027").exists()
    anonymous = Client().get(reverse("vouchers:scheme_new"))
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]


def test_an_operator_cannot_define_a_scheme_for_another_agency(world):
    other = world.agency.__class__.objects.create(
        slug="org-other-agency", name_en="Other Commission", kind="agency", source="https://example.org/"
    )
    response = client_of(world.olga).post(reverse("vouchers:scheme_new"), form(world, agency=other.pk))
    assert response.status_code == 400  # not among the choices offered to her
    assert not Scheme.objects.filter(code="district-vouchers-2027").exists()
