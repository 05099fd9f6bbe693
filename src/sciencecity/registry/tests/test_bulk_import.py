"""`sciencecity import`: every row validated, all rows or none, each bad row named by its line."""

import io

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from sciencecity.registry import bulk, services
from sciencecity.registry.models import Facility, Instrument
from sciencecity.registry.resources import InstrumentResource
from sciencecity.registry.selectors import search

SOURCE = "https://registry.example/test"
HEADER = "slug,facility,code,name_en,name_zh,techniques,access_mode,source,specs\n"


@pytest.fixture
def facility(db):
    services.organisation_upsert(slug="org-a", name_en="Org", kind="university", source=SOURCE)
    return services.facility_upsert(
        slug="fac-a", code="A", name_en="A", operator="org-a", source=SOURCE
    ).record


def _rows(text: str):
    return bulk.read_rows("x.csv", io.BytesIO(text.encode()))


def _line(slug, facility="fac-a", code=None, mode="booking", specs="{}", name_zh="核磁共振波谱仪"):
    return f'{slug},{facility},{code or slug},NMR {slug},{name_zh},NMR,{mode},{SOURCE},"{specs}"\n'


def test_a_valid_file_is_imported_whole_with_counts_and_search_in_step(facility):
    report = bulk.import_rows("instruments", _rows(HEADER + _line("i1") + _line("i2")))
    assert (report.rows, report.created, report.updated) == (2, 2, 0)
    assert Facility.objects.get(slug="fac-a").instrument_count == 2
    assert sorted(i.slug for i in search("核磁").instruments) == ["i1", "i2"]


def test_one_bad_row_imports_nothing_and_every_bad_row_is_named_by_its_line(facility):
    text = (
        HEADER
        + _line("i1")
        + _line("i2", facility="fac-nowhere")
        + _line("i3")
        + _line("i4", mode="sometimes")
    )
    with pytest.raises(bulk.ImportRefused) as refused:
        bulk.import_rows("instruments", _rows(text), batch_size=1)  # the first row was already written
    assert [e.line for e in refused.value.errors] == [3, 5]
    assert "Unknown facility: fac-nowhere" in str(refused.value.errors[0])
    assert "access_mode" in str(refused.value.errors[1])
    assert not Instrument.objects.exists()
    assert Facility.objects.get(slug="fac-a").instrument_count == 0


def test_line_numbers_count_the_lines_of_a_cell_that_spans_several(facility):
    text = HEADER + '"i1",fac-a,i1,"two\nlines",,NMR,booking,' + SOURCE + ",{}\n" + _line("i2", specs="[1]")
    with pytest.raises(bulk.ImportRefused) as refused:
        bulk.import_rows("instruments", _rows(text))
    assert [e.line for e in refused.value.errors] == [4]


def test_a_slug_twice_in_the_file_and_a_code_taken_are_errors_of_their_lines(facility):
    services.instrument_upsert(
        slug="old", facility="fac-a", code="C1", name_en="Old", techniques="T", source=SOURCE
    )
    text = HEADER + _line("i1") + _line("i1", code="other") + _line("i3", code="C1")
    with pytest.raises(bulk.ImportRefused) as refused:
        bulk.import_rows("instruments", _rows(text))
    assert [e.line for e in refused.value.errors] == [3, 4]
    assert "earlier line" in refused.value.errors[0].message and "old" in refused.value.errors[1].message


def test_an_unknown_or_missing_column_refuses_the_file_at_its_header(facility):
    with pytest.raises(bulk.ImportRefused) as refused:
        bulk.import_rows("instruments", _rows("slug,facility,colour\nx,fac-a,red\n"))
    (error,) = refused.value.errors
    assert (
        error.line == 1
        and "unknown column colour" in error.message
        and "missing column code" in error.message
    )


def test_what_the_admin_exports_imports_back_and_updates_in_place(facility):
    services.instrument_upsert(
        slug="i1", facility="fac-a", code="C1", name_en="Old", techniques="T", source=SOURCE
    )
    exported = InstrumentResource().export(queryset=Instrument.objects.all()).csv.replace(",Old,", ",New,")
    report = bulk.import_rows("instruments", _rows(exported))
    assert (report.created, report.updated) == (0, 1)
    assert Instrument.objects.get(slug="i1").name_en == "New"
    assert [i.slug for i in search("new").instruments] == ["i1"]


def test_an_xlsx_file_is_read_row_by_row_like_a_csv(facility, tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["slug", "facility", "code", "name_en", "techniques", "source", "opened"])
    sheet.append(["x1", "fac-a", "X1", "Microscope", "SEM", SOURCE, "2020-05-01"])
    sheet.append(["x2", "fac-a", "X2", "Microscope", "SEM", SOURCE, "not a date"])
    book.save(tmp_path / "stations.xlsx")
    with pytest.raises(bulk.ImportRefused) as refused:
        bulk.import_rows("instruments", bulk.read_rows(tmp_path / "stations.xlsx"))
    assert [e.line for e in refused.value.errors] == [3]
    sheet.delete_rows(3)
    book.save(tmp_path / "stations.xlsx")
    bulk.import_rows("instruments", bulk.read_rows(tmp_path / "stations.xlsx"))
    assert str(Instrument.objects.get(slug="x1").opened) == "2020-05-01"


def test_many_to_many_columns_are_written_and_replaced(db):
    services.organisation_upsert(slug="org-a", name_en="A", kind="university", source=SOURCE)
    services.field_upsert(slug="fld-1", name_en="One", source=SOURCE)
    services.field_upsert(slug="fld-2", name_en="Two", source=SOURCE)
    text = "slug,code,name_en,operator,source,fields\nfac-x,X,X,org-a," + SOURCE + ',"fld-1;fld-2"\n'
    bulk.import_rows("facilities", _rows(text))
    bulk.import_rows("facilities", _rows(text.replace("fld-1;fld-2", "fld-2")))
    assert [f.slug for f in Facility.objects.get(slug="fac-x").fields.all()] == ["fld-2"]


def test_the_command_reports_what_it_imported_and_refuses_with_line_numbers(facility, tmp_path):
    good = tmp_path / "good.csv"
    good.write_text(HEADER + _line("i1"), encoding="utf-8")
    out = io.StringIO()
    call_command("import", "instruments", str(good), stdout=out)
    assert "Imported 1 instruments (1 new, 0 updated)" in out.getvalue()
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + _line("i2", facility="fac-gone"), encoding="utf-8")
    with pytest.raises(CommandError, match="Line 2: facility: Unknown facility: fac-gone"):
        call_command("import", "instruments", str(bad))
    assert not Instrument.objects.filter(slug="i2").exists()


def test_a_facility_manager_imports_only_into_her_facilities(demo_map, personas):
    text = (
        HEADER
        + _line("st-mine", facility="fac-ssrf", code="Z1")
        + _line("st-theirs", facility="fac-nfps", code="Z2")
    )
    with pytest.raises(bulk.ImportRefused) as refused:
        bulk.import_rows("instruments", _rows(text), user=personas["carol"])
    assert [e.line for e in refused.value.errors] == [3]
    assert not Instrument.objects.filter(slug__in=["st-mine", "st-theirs"]).exists()
    bulk.import_rows(
        "instruments",
        _rows(HEADER + _line("st-mine", facility="fac-ssrf", code="Z1")),
        user=personas["carol"],
    )
    assert Instrument.objects.filter(slug="st-mine").exists()


def test_a_facility_manager_may_not_import_organisations(demo_map, personas):
    with pytest.raises(bulk.ImportRefused, match="may not import organisations"):
        bulk.import_rows(
            "organisations",
            _rows("slug,name_en,kind,source\no,O,university," + SOURCE + "\n"),
            user=personas["carol"],
        )
