"""An import by a facility's staff is refused, with its line, when a row reaches outside their scope."""

import io

import pytest
import tablib

from sciencecity.registry.models import Facility, Instrument
from sciencecity.registry.resources import FacilityResource, InstrumentResource

STATIONS = "slug,facility,code,name_en,techniques,access_mode,status,source,verification,unverified,specs\n"


def _station(slug: str, facility: str, code: str) -> str:
    return (
        f"{slug},{facility},{code},{code} test,XAFS,proposal,operating,https://x.example/,verified,[],{{}}\n"
    )


def _facilities_renamed(*slugs: str) -> tablib.Dataset:
    exported = FacilityResource().export(queryset=Facility.objects.filter(slug__in=slugs).order_by("slug"))
    rows = exported.dict
    for row in rows:
        row["name_en"] = "Renamed " + row["slug"]
    dataset = tablib.Dataset(headers=exported.headers)
    for row in rows:
        dataset.append([row[h] for h in exported.headers])
    return dataset


def test_a_new_station_at_another_facility_is_refused_with_its_line(demo_map, personas):
    csv = STATIONS + _station("st-mine", "fac-ssrf", "BL98X") + _station("st-theirs", "fac-nfps", "BL99X")
    result = InstrumentResource().import_data(
        tablib.Dataset().load(csv, format="csv"), user=personas["carol"]
    )
    (refused,) = result.invalid_rows
    assert refused.number == 2
    assert "Line 2" in str(refused.error_dict)
    assert not Instrument.objects.filter(slug__in=["st-mine", "st-theirs"]).exists()


def test_changing_a_facility_outside_the_scope_is_refused_and_nothing_is_written(demo_map, personas):
    dataset = _facilities_renamed("fac-nfps", "fac-ssrf")  # NFPS first, SSRF second
    result = FacilityResource().import_data(dataset, user=personas["carol"])
    assert [row.number for row in result.invalid_rows] == [1]
    assert not Facility.objects.filter(name_en__startswith="Renamed").exists()


def test_changes_inside_the_scope_are_imported(demo_map, personas):
    result = FacilityResource().import_data(_facilities_renamed("fac-ssrf"), user=personas["carol"])
    assert not result.has_errors() and not result.has_validation_errors()
    assert Facility.objects.get(slug="fac-ssrf").name_en == "Renamed fac-ssrf"


def test_the_platform_operator_imports_anywhere(demo_map, personas):
    result = FacilityResource().import_data(_facilities_renamed("fac-nfps"), user=personas["olga"])
    assert not result.has_validation_errors()
    assert Facility.objects.get(slug="fac-nfps").name_en == "Renamed fac-nfps"


def test_through_the_admin_the_refused_line_is_shown_and_no_confirmation_offered(client, demo_map, personas):
    client.force_login(personas["carol"])
    upload = io.BytesIO((STATIONS + _station("st-theirs", "fac-nfps", "BL99X")).encode())
    upload.name = "stations.csv"
    response = client.post(
        "/admin/registry/instrument/import/", {"import_file": upload, "format": "0", "resource": "0"}
    )
    assert response.status_code == 200
    assert "confirm_form" not in response.context
    assert "Line 1" in response.text
    assert not Instrument.objects.filter(slug="st-theirs").exists()


@pytest.mark.parametrize("model", ["organisation", "field", "claim"])
def test_a_facility_manager_may_not_import_the_platforms_tables(client, demo_map, personas, model):
    client.force_login(personas["carol"])
    assert client.get(f"/admin/registry/{model}/import/").status_code == 403
