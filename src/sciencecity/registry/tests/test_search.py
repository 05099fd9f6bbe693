"""Search across the map: PostgreSQL full-text search where available, a portable match on SQLite."""

import pytest
from django.db import connection

from sciencecity.registry.selectors import search

on_postgres = pytest.mark.skipif(connection.vendor != "postgresql", reason="full-text search is PostgreSQL's")
on_sqlite = pytest.mark.skipif(connection.vendor != "sqlite", reason="the portable fallback runs on SQLite")


def test_every_word_of_the_query_must_match(demo_map):
    assert {f.slug for f in search("synchrotron").facilities} == {"fac-ssrf", "fac-sapt"}
    assert [f.slug for f in search("synchrotron radiation").facilities] == ["fac-ssrf"]
    assert search("synchrotron cruise").total == 0


def test_chinese_queries_find_chinese_names(demo_map):
    assert [f.slug for f in search("上海光源").facilities] == ["fac-ssrf"]
    assert "org-sari" in [o.slug for o in search("高等研究院").organisations]


def test_an_empty_query_finds_nothing_and_costs_nothing(demo_map, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert search("   ").total == 0


@on_postgres
def test_postgres_matches_other_word_forms_and_ranks_results(demo_map):
    # "synchrotrons" is no substring of any name: only the English stemmer can match it.
    results = search("synchrotrons")
    assert "fac-ssrf" in [f.slug for f in results.facilities]
    ranked = search("laser")
    assert ranked.facilities and all("aser" in f.name_en + f.subtype for f in ranked.facilities)


@on_sqlite
def test_sqlite_matches_substrings_case_insensitively(demo_map):
    assert [f.slug for f in search("SYNCHROTRON RADIATION").facilities] == ["fac-ssrf"]
    assert [i.code for i in search("biosaxs").instruments] == ["BL19U2"]
