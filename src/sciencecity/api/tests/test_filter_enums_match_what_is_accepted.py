import pytest

from sciencecity.registry.models import Achievement, Facility, FirstKind, Instrument, Organisation

ENUM_FILTERS = [
    ("/api/facilities", "kind", Facility.Kind),
    ("/api/facilities", "status", Facility.Status),
    ("/api/instruments", "access_mode", Instrument.AccessMode),
    ("/api/organisations", "kind", Organisation.Kind),
    ("/api/achievements", "category", Achievement.Category),
    ("/api/achievements", "first_kind", FirstKind),
]


def _documented_values(client, path, name):
    parameters = client.get("/api/openapi.json").json()["paths"][path]["get"]["parameters"]
    schema = next(p["schema"] for p in parameters if p["name"] == name)
    return next(option["enum"] for option in schema["anyOf"] if "enum" in option)


@pytest.mark.parametrize(("path", "name", "choices"), ENUM_FILTERS)
def test_every_filter_documents_exactly_its_own_values(client, db, path, name, choices):
    assert _documented_values(client, path, name) == list(choices.values)


@pytest.mark.parametrize(("path", "name", "choices"), ENUM_FILTERS)
def test_every_documented_filter_value_is_accepted(client, demo_map, path, name, choices):
    for value in _documented_values(client, path, name):
        assert client.get(path, {name: value}).status_code == 200, value


def test_facility_kinds_are_not_organisation_kinds(client, demo_map):
    documented = _documented_values(client, "/api/facilities", "kind")
    assert "large_facility" in documented and "facility_operator" not in documented
    assert client.get("/api/facilities", {"kind": "facility_operator"}).status_code == 422
    assert client.get("/api/facilities", {"kind": "large_facility"}).status_code == 200
