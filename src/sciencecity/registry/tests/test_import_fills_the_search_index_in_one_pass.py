"""A bulk import writes its rows' search-index entries in one pass after the load (SQLite: its insert
triggers are set aside inside the transaction), and leaves the index kept in step by every later write,
whether the import succeeded or was refused. The same validation runs when values repeat."""

import io

import pytest
from django.db import connection

from sciencecity.registry import bulk, services
from sciencecity.registry.models import Instrument
from sciencecity.registry.selectors import instrument_list, search

SOURCE = "https://registry.example/test"
HEADER = "slug,facility,code,name_en,name_zh,techniques,access_mode,source\n"


@pytest.fixture
def facility(db):
    services.organisation_upsert(slug="org-a", name_en="Org", kind="university", source=SOURCE)
    services.facility_upsert(slug="fac-a", code="A", name_en="A", operator="org-a", source=SOURCE)


def _import(*lines: str) -> bulk.ImportReport:
    return bulk.import_rows(
        "instruments", bulk.read_rows("x.csv", io.BytesIO((HEADER + "".join(lines)).encode()))
    )


def _line(slug: str, technique: str = "NMR", mode: str = "booking") -> str:
    return f"{slug},fac-a,{slug},Spectrometer {slug},核磁共振波谱仪,{technique},{mode},{SOURCE}\n"


def _triggers() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name")
        return [row[0] for row in cursor.fetchall()]


def test_imported_rows_are_found_by_search_and_by_the_substring_filters(facility):
    services.instrument_upsert(
        slug="before", facility="fac-a", code="B", name_en="Old", techniques="XRD", source=SOURCE
    )
    _import(*(_line(f"i{n}") for n in range(30)), _line("cryo", technique="cryo-EM", mode="proposal"))
    assert len(search("核磁", limit=50).instruments) == 31
    assert [i.slug for i in instrument_list(technique="cryo")] == ["cryo"]
    assert [i.slug for i in search("XRD").instruments] == ["before"]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's full-text triggers")
def test_the_triggers_are_back_after_an_import_and_after_a_refused_one(facility):
    before = _triggers()
    _import(_line("i1"))
    assert _triggers() == before
    with pytest.raises(bulk.ImportRefused):
        _import(_line("i2"), _line("i3", mode="sometimes"))
    assert _triggers() == before
    services.instrument_upsert(
        slug="later", facility="fac-a", code="L", name_en="Diffractometer", techniques="XRD", source=SOURCE
    )
    assert [i.slug for i in search("diffractometer").instruments] == ["later"]


def test_a_value_found_invalid_is_refused_on_every_line_that_repeats_it(facility):
    with pytest.raises(bulk.ImportRefused) as refused:
        _import(_line("i1"), _line("i2", mode="sometimes"), _line("i3"), _line("i4", mode="sometimes"))
    assert [e.line for e in refused.value.errors] == [3, 5]
    assert all("access_mode" in str(e) for e in refused.value.errors)
    assert not Instrument.objects.exists()
