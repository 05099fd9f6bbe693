"""The admin lets a facility's staff change and delete what their facility runs, and refuses the rest."""

import pytest

from sciencecity.registry.models import Facility, Instrument, Organisation


@pytest.fixture
def carol(client, demo_map, personas):
    client.force_login(personas["carol"])
    return client


def _url(model: str, obj, action: str = "change") -> str:
    return f"/admin/registry/{model}/{obj.pk}/{action}/"


def test_the_facility_manager_of_ssrf_cannot_delete_nfps(carol):
    nfps = Facility.objects.get(slug="fac-nfps")
    response = carol.post(_url("facility", nfps, "delete"), {"post": "yes"})
    assert response.status_code in (302, 403)
    assert Facility.objects.filter(slug="fac-nfps").exists()


def test_nor_delete_it_with_the_bulk_action(carol):
    nfps = Facility.objects.get(slug="fac-nfps")
    carol.post(
        "/admin/registry/facility/",
        {"action": "delete_selected", "_selected_action": [nfps.pk], "post": "yes"},
    )
    assert Facility.objects.filter(slug="fac-nfps").exists()


def test_nor_open_nfps_for_editing(carol):
    response = carol.get(_url("facility", Facility.objects.get(slug="fac-nfps")))
    assert response.status_code == 302  # "doesn't exist" for her: it is not in her list


def test_her_facility_list_holds_only_ssrf(carol):
    response = carol.get("/admin/registry/facility/")
    assert [f.slug for f in response.context["cl"].result_list] == ["fac-ssrf"]


def test_she_opens_ssrf_for_editing(carol):
    response = carol.get(_url("facility", Facility.objects.get(slug="fac-ssrf")))
    assert response.status_code == 200
    assert response.context["has_change_permission"]


def test_she_deletes_an_ssrf_instrument(carol):
    station = Instrument.objects.filter(facility__slug="fac-ssrf").first()
    assert station is not None
    response = carol.post(_url("instrument", station, "delete"), {"post": "yes"})
    assert response.status_code == 302
    assert not Instrument.objects.filter(pk=station.pk).exists()


def test_she_cannot_delete_another_facilitys_instrument(carol):
    station = Instrument.objects.exclude(facility__slug="fac-ssrf").first()
    assert station is not None
    carol.post(_url("instrument", station, "delete"), {"post": "yes"})
    assert Instrument.objects.filter(pk=station.pk).exists()


def test_she_reads_organisations_but_cannot_change_or_delete_them(carol):
    sari = Organisation.objects.get(slug="org-sari")
    response = carol.get(_url("organisation", sari))
    assert response.status_code == 200 and not response.context["has_change_permission"]
    assert carol.post(_url("organisation", sari), {"name_en": "Renamed"}).status_code == 403
    assert carol.post(_url("organisation", sari, "delete"), {"post": "yes"}).status_code == 403
    assert Organisation.objects.get(slug="org-sari").name_en != "Renamed"


def test_a_website_typed_without_a_scheme_is_read_as_https(client, demo_map, personas):
    client.force_login(personas["olga"])
    sari = Organisation.objects.get(slug="org-sari")
    form = client.get(_url("organisation", sari)).context["adminform"].form
    assert form.fields["website"].clean("www.sari.ac.cn") == "https://www.sari.ac.cn"


def test_an_instrument_can_only_be_placed_at_her_facility(carol):
    response = carol.get("/admin/registry/instrument/add/")
    choices = response.context["adminform"].form.fields["facility"].queryset
    assert list(choices.values_list("slug", flat=True)) == ["fac-ssrf"]


def test_the_platform_operator_may_delete_nfps(client, demo_map, personas):
    client.force_login(personas["olga"])
    nfps = Facility.objects.get(slug="fac-nfps")
    response = client.post(_url("facility", nfps, "delete"), {"post": "yes"})
    assert response.status_code == 302
    assert not Facility.objects.filter(slug="fac-nfps").exists()
