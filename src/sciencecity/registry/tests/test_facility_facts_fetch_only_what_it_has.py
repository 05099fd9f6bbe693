"""A facility's page fetches only the relations the facility has: most platforms list no builders, fields,
projects or achievements, and each would otherwise cost a query on every first render."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from sciencecity.registry import selectors, services
from sciencecity.registry.models import Facility, Field, Organisation

SOURCE = "https://registry.example/test"


def _facts(slug: str) -> tuple[Facility, int]:
    with CaptureQueriesContext(connection) as captured:
        facility = selectors.facility_detail(slug)
        shown = (
            list(facility.builders.all()),
            list(facility.fields.all()),
            list(facility.projects.all()),
            list(facility.achievements.all()),
        )
    assert all(isinstance(rows, list) for rows in shown)
    return facility, len(captured)


def test_a_facility_with_no_relations_costs_one_query_and_each_held_relation_one_more(db):
    services.organisation_upsert(slug="org-a", name_en="Org", kind="university", source=SOURCE)
    services.facility_upsert(slug="fac-a", code="A", name_en="Alpha", operator="org-a", source=SOURCE)
    facility, bare = _facts("fac-a")
    assert facility.operator is not None and facility.operator.slug == "org-a"
    assert bare == 2  # the registry generation and the facility with its operator

    field = Field.objects.create(slug="fld-optics", name_en="Optics", source=SOURCE)
    Facility.objects.get(slug="fac-a").fields.add(field)
    facility, with_field = _facts("fac-a")
    assert with_field == bare + 1
    assert [f.slug for f in facility.fields.all()] == ["fld-optics"]
    assert list(facility.builders.all()) == [] and list(facility.achievements.all()) == []


def test_the_page_shows_what_it_has_and_nothing_of_what_it_has_not(client, db):
    services.organisation_upsert(slug="org-a", name_en="Builder org", kind="university", source=SOURCE)
    services.facility_upsert(slug="fac-a", code="A", name_en="Alpha", source=SOURCE)
    page = client.get("/facilities/fac-a/").content.decode()
    assert "<dt>Builders and partners</dt>" not in page and 'id="ach-h"' not in page
    Facility.objects.get(slug="fac-a").builders.add(Organisation.objects.get(slug="org-a"))
    page = client.get("/facilities/fac-a/").content.decode()
    assert "<dt>Builders and partners</dt>" in page and "Builder org</a>" in page
