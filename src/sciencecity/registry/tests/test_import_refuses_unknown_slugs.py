"""An import that names a record that does not exist is refused, row by row, and writes nothing."""

import tablib

from sciencecity.registry.models import Achievement, Facility, Instrument
from sciencecity.registry.resources import AchievementResource, FacilityResource, InstrumentResource


def _import(resource, dataset: tablib.Dataset):
    return resource.import_data(dataset, dry_run=False, raise_errors=False, use_transactions=True)


def _row_errors(result) -> dict[int, str]:
    return {row.number: " ".join(row.error.messages) for row in result.invalid_rows}


def _facilities_export(*slugs: str) -> tablib.Dataset:
    return FacilityResource().export(Facility.objects.filter(slug__in=slugs).order_by("slug"))


def test_a_typo_in_the_builders_is_a_row_error_naming_the_slug_and_the_links_stay(demo_map):
    builders_before = set(Facility.objects.get(slug="fac-ssrf").builders.values_list("slug", flat=True))
    assert builders_before
    dataset = _facilities_export("fac-ssrf")
    column = dataset.headers.index("builders")
    row = list(dataset[0])
    row[column] = ";".join([*sorted(builders_before), "org-sarri-typo"])
    dataset[0] = tuple(row)

    result = _import(FacilityResource(), dataset)

    assert result.has_validation_errors()
    assert _row_errors(result) == {1: "Unknown organisation: org-sarri-typo"}
    (invalid,) = result.invalid_rows
    assert set(invalid.field_specific_errors) == {"builders"}
    after = set(Facility.objects.get(slug="fac-ssrf").builders.values_list("slug", flat=True))
    assert after == builders_before


def test_one_unknown_slug_among_valid_rows_imports_nothing_of_the_file(demo_map):
    shine_builders = set(Facility.objects.get(slug="fac-shine").builders.values_list("slug", flat=True))
    assert shine_builders
    dataset = _facilities_export("fac-shine", "fac-ssrf")
    name, builders = (dataset.headers.index(h) for h in ("name_en", "builders"))
    first, second = list(dataset[0]), list(dataset[1])
    first[name] = "Renamed in the same file"
    first[builders] = ""
    second[builders] = "org-nowhere"
    dataset[0], dataset[1] = tuple(first), tuple(second)

    result = _import(FacilityResource(), dataset)

    assert _row_errors(result) == {2: "Unknown organisation: org-nowhere"}
    assert not Facility.objects.filter(name_en="Renamed in the same file").exists()
    assert (
        set(Facility.objects.get(slug="fac-shine").builders.values_list("slug", flat=True)) == shine_builders
    )


def test_an_unknown_field_of_an_achievement_is_named_with_its_line(demo_map):
    header = "slug,title_en,category,date,source,verification,unverified,organisations,facilities,fields\n"
    csv = header + (
        "ach-new,A new result,robotics,2024-01-01,https://a.example/,verified,[],org-sari,fac-ssrf,fld-photon\n"
        "ach-bad,Another,robotics,2024-01-02,https://a.example/,verified,[],org-sari,,fld-photon;fld-fotonics\n"
    )
    result = _import(AchievementResource(), tablib.Dataset().load(csv, format="csv"))

    assert _row_errors(result) == {2: "Unknown field: fld-fotonics"}
    assert not Achievement.objects.filter(slug__in=["ach-new", "ach-bad"]).exists()


def test_an_unknown_facility_of_an_instrument_is_a_row_error_naming_the_slug(demo_map):
    csv = (
        "slug,facility,code,name_en,techniques,access_mode,status,source,verification,unverified,specs\n"
        "st-new,fac-ssrf,BL99X,BL99X test,XAFS,proposal,operating,https://x.example/,verified,[],{}\n"
        "st-bad,fac-nowhere,BL01,Bad,XAFS,proposal,operating,https://x.example/,verified,[],{}\n"
    )
    result = _import(InstrumentResource(), tablib.Dataset().load(csv, format="csv"))

    assert not result.has_errors()
    assert _row_errors(result) == {2: "Unknown facility: fac-nowhere"}
    assert not Instrument.objects.filter(slug__in=["st-new", "st-bad"]).exists()
