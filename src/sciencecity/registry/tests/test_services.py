import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from sciencecity.registry import services
from sciencecity.registry.models import Facility, Instrument, Organisation

SRC = "https://example.org/source"


@pytest.fixture
def operator(db):
    return services.organisation_upsert(
        slug="org-op", name_en="Operator Institute", kind=Organisation.Kind.RD_INSTITUTION, source=SRC
    ).record


def test_an_organisation_is_created_then_left_alone_when_nothing_changed(operator):
    before = Organisation.objects.get(slug="org-op").updated_at
    again = services.organisation_upsert(
        slug="org-op", name_en="Operator Institute", kind=Organisation.Kind.RD_INSTITUTION, source=SRC
    )
    assert (again.created, again.changed) == (False, False)
    assert Organisation.objects.get(slug="org-op").updated_at == before


def test_a_changed_value_is_written_and_reported(operator):
    result = services.organisation_upsert(
        slug="org-op", name_en="Renamed Institute", kind=Organisation.Kind.RD_INSTITUTION, source=SRC
    )
    assert result.changed and not result.created
    assert Organisation.objects.get(slug="org-op").name_en == "Renamed Institute"


def test_a_record_without_a_source_is_refused_and_not_written(db):
    with pytest.raises(ValidationError) as info:
        services.organisation_upsert(slug="org-x", name_en="X", kind="company", source="")
    assert "source" in info.value.message_dict
    assert not Organisation.objects.filter(slug="org-x").exists()


def test_an_unknown_kind_is_refused(db):
    with pytest.raises(ValidationError) as info:
        services.organisation_upsert(slug="org-x", name_en="X", kind="spaceship", source=SRC)
    assert "kind" in info.value.message_dict


def test_a_facility_naming_an_unknown_operator_is_refused_with_the_slug(db):
    with pytest.raises(ValidationError) as info:
        services.facility_upsert(slug="fac-x", code="X", name_en="X", operator="org-missing", source=SRC)
    assert "org-missing" in str(info.value)
    assert not Facility.objects.exists()


def test_a_facility_cannot_open_before_construction_starts(operator):
    with pytest.raises(ValidationError) as info:
        services.facility_upsert(
            slug="fac-x",
            code="X",
            name_en="X",
            operator="org-op",
            construction_start=dt.date(2010, 1, 1),
            opened=dt.date(2009, 1, 1),
            source=SRC,
        )
    assert "opened" in info.value.message_dict


@pytest.mark.parametrize(
    ("field", "value"),
    [("specs", ["not", "a", "mapping"]), ("milestones", [{"date": "2020"}]), ("cost_cny", -1)],
)
def test_malformed_facility_values_are_refused(operator, field, value):
    with pytest.raises(ValidationError) as info:
        services.facility_upsert(slug="fac-x", code="X", name_en="X", source=SRC, **{field: value})
    assert field in info.value.message_dict


def test_an_unknown_attribute_is_refused_rather_than_ignored(db):
    with pytest.raises(ValidationError, match="no attribute colour"):
        services.field_upsert(slug="fld-x", name_en="X", source=SRC, colour="red")


def test_instruments_link_to_their_facility_and_codes_are_unique_within_it(operator):
    services.facility_upsert(slug="fac-x", code="X", name_en="X", operator="org-op", source=SRC)
    services.instrument_upsert(
        slug="st-1", facility="fac-x", code="BL01", name_en="BL01", techniques="SAXS", source=SRC
    )
    instrument = Instrument.objects.get(slug="st-1")
    assert instrument.facility.code == "X"
    assert instrument.technique_list == ["SAXS"]
    with pytest.raises((ValidationError, IntegrityError)):
        services.instrument_upsert(
            slug="st-2", facility="fac-x", code="BL01", name_en="dup", techniques="XAFS", source=SRC
        )


def test_many_to_many_links_are_replaced_by_the_given_list(operator):
    services.field_upsert(slug="fld-a", name_en="A", source=SRC)
    services.field_upsert(slug="fld-b", name_en="B", source=SRC)
    services.facility_upsert(slug="fac-x", code="X", name_en="X", fields=["fld-a"], source=SRC)
    result = services.facility_upsert(slug="fac-x", code="X", name_en="X", fields=["fld-b"], source=SRC)
    assert result.changed
    assert [f.slug for f in Facility.objects.get(slug="fac-x").fields.all()] == ["fld-b"]
