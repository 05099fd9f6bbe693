"""Search reads the engine's own index (GIN on PostgreSQL, FTS5 on SQLite): Chinese by bigrams, ranked,
paged."""

import pytest
from django.db import connection

from sciencecity.registry import services
from sciencecity.registry.models import Facility, Instrument
from sciencecity.registry.selectors import search, search_kind

SOURCE = "https://registry.example/test"


@pytest.fixture
def platform(db):
    services.organisation_upsert(slug="org-a", name_en="Org A", kind="university", source=SOURCE)
    return services.facility_upsert(
        slug="fac-p", code="P", name_en="Platform", operator="org-a", source=SOURCE, kind="service_platform"
    ).record


def _instrument(slug: str, **values):
    values.setdefault("techniques", "NMR")
    return services.instrument_upsert(slug=slug, facility="fac-p", code=slug, source=SOURCE, **values).record


def test_a_two_character_chinese_query_finds_the_longer_word_that_contains_it(platform):
    _instrument("nmr", name_en="NMR spectrometer", name_zh="核磁共振波谱仪")
    _instrument("sem", name_en="Scanning electron microscope", name_zh="扫描电子显微镜")
    assert [i.slug for i in search("核磁").instruments] == ["nmr"]
    assert [i.slug for i in search("共振").instruments] == ["nmr"]
    assert [i.slug for i in search("电镜").instruments] == []  # 电镜 is not a substring of 电子显微镜


def test_a_one_character_chinese_query_finds_it_at_the_end_of_a_word_too(platform):
    _instrument("sem", name_en="SEM", name_zh="扫描电镜")
    assert [i.slug for i in search("镜").instruments] == ["sem"]


def test_a_match_in_the_name_ranks_before_one_in_the_description(platform):
    _instrument("described", name_en="Diffractometer", description_en="Shares time with the laser lab.")
    _instrument("named", name_en="Laser scanning microscope")
    assert [i.slug for i in search("laser").instruments] == ["named", "described"]


def test_english_word_forms_match_on_both_databases(platform):
    _instrument("sxr", name_en="Synchrotron radiation end-station")
    assert [i.slug for i in search("synchrotrons radiating").instruments] == ["sxr"]


def test_results_come_a_page_at_a_time_without_repeats(platform):
    for n in range(7):
        _instrument(f"i{n}", name_en=f"Microscope {n}", name_zh="显微镜")
    first, more = search_kind(Instrument, "显微镜", limit=3)
    second, _ = search_kind(Instrument, "显微镜", limit=3, offset=3)
    third, last_more = search_kind(Instrument, "显微镜", limit=3, offset=6)
    assert more and not last_more
    slugs = [i.slug for i in first + second + third]
    assert sorted(slugs) == [f"i{n}" for n in range(7)]


def test_the_index_follows_changes_and_deletions(platform):
    record = _instrument("x", name_en="Laser")
    assert search("laser").instruments == [record]
    services.instrument_upsert(
        slug="x", facility="fac-p", code="x", name_en="Maser", techniques="NMR", source=SOURCE
    )
    assert search("laser").instruments == [] and [i.slug for i in search("maser").instruments] == ["x"]
    Instrument.objects.filter(slug="x").delete()
    assert search("maser").instruments == []


def test_a_facility_is_found_by_its_chinese_name(platform):
    services.facility_upsert(slug="fac-p", code="P", name_en="Platform", name_zh="上海光源", source=SOURCE)
    assert search("光源").facilities == [Facility.objects.get(slug="fac-p")]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's plan")
def test_postgres_answers_from_the_gin_index_not_a_scan(platform):
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # a tiny table would be scanned anyway
        cursor.execute("EXPLAIN SELECT id FROM registry_instrument WHERE search_vector @@ '核磁'::tsquery")
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "registry_instrument_search" in plan


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's plan")
def test_sqlite_answers_from_the_fts5_table(platform):
    with connection.cursor() as cursor:
        cursor.execute(
            "EXPLAIN QUERY PLAN SELECT rowid FROM registry_instrument_fts "
            "WHERE registry_instrument_fts MATCH ?",
            ['"核磁"'],
        )
        plan = " ".join(str(row[-1]) for row in cursor.fetchall())
    assert "VIRTUAL TABLE INDEX" in plan
