"""CSV/XLSX import and export of the registry tables: whole files or nothing, bad rows named by line."""

import io

import pytest
import tablib

from sciencecity.registry.models import Facility, Instrument, Organisation
from sciencecity.registry.resources import FacilityResource, InstrumentResource, OrganisationResource

HEADER = "slug,name_en,name_zh,kind,region,source,verification,unverified,fields\n"


def _import(resource, text: str, fmt: str = "csv", dry_run: bool = False):
    dataset = tablib.Dataset().load(text, format=fmt)
    return resource.import_data(dataset, dry_run=dry_run, raise_errors=False, use_transactions=True)


def test_a_valid_csv_of_platforms_is_imported(db):
    csv = HEADER + (
        "plat-a,Platform A,平台甲,service_platform,Shanghai,https://a.example/,verified,[],\n"
        "plat-b,Platform B,,service_platform,Jiangsu,https://b.example/,verified,[],\n"
    )
    result = _import(OrganisationResource(), csv)
    assert not result.has_errors() and not result.has_validation_errors()
    assert set(Organisation.objects.values_list("slug", "region")) == {
        ("plat-a", "Shanghai"),
        ("plat-b", "Jiangsu"),
    }


def test_a_bad_row_is_reported_with_its_line_and_nothing_of_the_file_is_imported(db):
    csv = HEADER + (
        "plat-a,Platform A,,service_platform,Shanghai,https://a.example/,verified,[],\n"
        "plat-b,Platform B,,not-a-kind,Shanghai,not a url,verified,[],\n"
        "plat-c,Platform C,,service_platform,Shanghai,https://c.example/,verified,[],\n"
    )
    result = _import(OrganisationResource(), csv)
    assert result.has_validation_errors()
    (invalid,) = result.invalid_rows
    assert invalid.number == 2  # second data row, third line of the file
    assert set(invalid.field_specific_errors) == {"kind", "source"}
    assert not Organisation.objects.exists()


def test_a_row_naming_an_unknown_facility_fails_the_whole_import(demo_map):
    csv = (
        "slug,facility,code,name_en,techniques,access_mode,status,source,verification,unverified,specs\n"
        "st-new,fac-ssrf,BL99X,BL99X test,XAFS,proposal,operating,https://x.example/,verified,[],{}\n"
        "st-bad,fac-nowhere,BL01,Bad,XAFS,proposal,operating,https://x.example/,verified,[],{}\n"
    )
    result = _import(InstrumentResource(), csv)
    assert result.has_errors() or result.has_validation_errors()
    assert not Facility.objects.get(slug="fac-ssrf").instruments.filter(code="BL99X").exists()


def test_facilities_export_to_csv_and_xlsx_and_import_back_unchanged(demo_map):
    dataset = FacilityResource().export()
    csv = dataset.export("csv")
    assert "fac-ssrf" in csv and "org-sari" in csv
    xlsx = dataset.export("xlsx")
    again = tablib.Dataset().load(io.BytesIO(xlsx).read(), format="xlsx")
    result = FacilityResource().import_data(again, dry_run=True, raise_errors=False)
    assert not result.has_errors() and not result.has_validation_errors()
    assert result.totals["skip"] == Facility.objects.count()


def test_the_dry_run_writes_nothing(db):
    csv = HEADER + "plat-a,Platform A,,service_platform,Shanghai,https://a.example/,verified,[],\n"
    result = _import(OrganisationResource(), csv, dry_run=True)
    assert result.totals["new"] == 1
    assert not Organisation.objects.exists()


@pytest.mark.parametrize(
    "model", ["organisation", "facility", "instrument", "achievement", "field", "project", "claim"]
)
def test_the_platform_operator_reaches_every_import_and_export_page(client, personas, model):
    client.force_login(personas["olga"])
    assert client.get(f"/admin/registry/{model}/import/").status_code == 200
    assert client.get(f"/admin/registry/{model}/export/").status_code == 200


@pytest.mark.parametrize("model", ["facility", "instrument", "achievement", "project"])
def test_a_facility_manager_reaches_the_import_of_what_her_facility_runs(client, demo_map, personas, model):
    client.force_login(personas["carol"])
    assert client.get(f"/admin/registry/{model}/import/").status_code == 200
    assert client.get(f"/admin/registry/{model}/export/").status_code == 200


@pytest.mark.parametrize("who", ["alice", "bob", "erin"])
def test_people_who_do_not_keep_the_map_are_refused_the_import(client, personas, who):
    client.force_login(personas[who])
    response = client.get("/admin/registry/organisation/import/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_anonymous_visitors_are_sent_to_log_in(client, db):
    response = client.get("/admin/registry/organisation/import/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_an_editor_imports_a_csv_through_the_admin_in_two_steps(client, demo_map, personas):
    client.force_login(personas["dan"])
    csv = (
        "slug,facility,code,name_en,techniques,access_mode,status,source,verification,unverified,specs\n"
        "st-new,fac-ssrf,BL99X,BL99X test,XAFS,proposal,operating,https://x.example/,verified,[],{}\n"
    )
    upload = io.BytesIO(csv.encode())
    upload.name = "stations.csv"
    response = client.post(
        "/admin/registry/instrument/import/",
        {"import_file": upload, "format": "0", "resource": "0"},
    )
    assert response.status_code == 200
    assert not Instrument.objects.filter(slug="st-new").exists()  # the first step only previews
    form = response.context["confirm_form"]
    response = client.post("/admin/registry/instrument/process_import/", form.initial)
    assert response.status_code == 302
    assert Instrument.objects.get(slug="st-new").facility.slug == "fac-ssrf"
