import pytest

LISTS = ["/api/facilities", "/api/instruments", "/api/organisations", "/api/achievements"]
DETAILS = [f"{path}/{{slug}}" for path in LISTS]


def _resolve(spec, schema):
    ref = schema["$ref"].removeprefix("#/components/schemas/")
    return spec["components"]["schemas"][ref]


def _error_schema(spec, operation, status):
    return _resolve(spec, operation["responses"][status]["content"]["application/json"]["schema"])


@pytest.fixture
def spec(client, db):
    return client.get("/api/openapi.json").json()


@pytest.mark.parametrize("path", LISTS)
def test_a_list_documents_its_422_with_every_problem_listed(spec, path):
    operation = spec["paths"][path]["get"]
    assert set(operation["responses"]) == {"200", "422", "500"}
    detail = _error_schema(spec, operation, "422")["properties"]["detail"]
    problem = _resolve(spec, detail["items"])
    assert detail["type"] == "array"
    assert {"loc", "msg", "type"} <= set(problem["required"])


@pytest.mark.parametrize("path", DETAILS)
def test_a_detail_documents_its_404_for_an_unknown_slug(spec, path):
    operation = spec["paths"][path]["get"]
    assert set(operation["responses"]) == {"200", "404", "500"}
    assert _error_schema(spec, operation, "404")["properties"]["detail"]["type"] == "string"


@pytest.mark.parametrize("path", LISTS + DETAILS)
def test_a_500_is_documented_as_json_detail_too(spec, path):
    operation = spec["paths"][path]["get"]
    assert _error_schema(spec, operation, "500")["required"] == ["detail"]
