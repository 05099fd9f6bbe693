"""Achievement lists cost one query, and the exhibition's years one row per year."""

from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

from sciencecity.registry import selectors
from sciencecity.registry.models import Achievement


def test_an_achievement_list_is_one_query(demo_map, django_assert_num_queries):
    with django_assert_num_queries(1):
        achievements = list(selectors.achievement_list())
    assert len(achievements) == Achievement.objects.count()


def test_filtered_lists_and_the_featured_firsts_are_one_query_each(demo_map, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert list(selectors.achievement_list(category="drug", field="fld-onco"))
    with django_assert_num_queries(1):
        assert list(selectors.featured_firsts())


def test_the_exhibition_page_reads_no_organisation_facility_or_field_links(client, demo_map):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/achievements/")
    assert response.status_code == 200
    sql = " ".join(q["sql"] for q in queries.captured_queries)
    for table in ("achievement_organisations", "achievement_facilities", "achievement_fields"):
        assert f"registry_{table}" not in sql


def test_achievement_years_are_the_distinct_years_newest_first(demo_map):
    expected = sorted({d.year for d in Achievement.objects.values_list("date", flat=True)}, reverse=True)
    assert Achievement.objects.count() > len(expected)  # several achievements share a year
    assert selectors.achievement_years() == expected


def test_achievement_years_ask_the_database_for_one_row_per_year_in_one_query(demo_map):
    statements: list[tuple[str, Any]] = []

    def record(execute, sql, params, many, context):
        statements.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        years = selectors.achievement_years()

    ((sql, params),) = statements
    assert "DISTINCT" in sql.upper()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    assert len(rows) == len(years)
    assert all(len(row) == 1 for row in rows)  # the year alone: no ordering column widens the DISTINCT
