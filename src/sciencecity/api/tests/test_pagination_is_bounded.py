import pytest

from sciencecity.core.api import MAX_LIMIT, MAX_OFFSET

LISTS = ["facilities", "instruments", "organisations", "achievements"]


@pytest.mark.parametrize("path", LISTS)
@pytest.mark.parametrize(
    ("param", "value"),
    [
        ("offset", "9223372036854775808"),
        ("offset", str(2**64)),
        ("offset", str(MAX_OFFSET + 1)),
        ("offset", "-1"),
        ("limit", "9223372036854775808"),
        ("limit", str(MAX_LIMIT + 1)),
        ("limit", "-5"),
    ],
)
def test_a_huge_or_negative_limit_or_offset_is_a_json_422_naming_it(client, demo_map, path, param, value):
    response = client.get(f"/api/{path}", {param: value})
    assert response.status_code == 422
    assert response["Content-Type"].startswith("application/json")
    assert [problem["loc"] for problem in response.json()["detail"]] == [["query", param]]


@pytest.mark.parametrize("path", LISTS)
def test_the_largest_offset_and_limit_allowed_answer_an_empty_page(client, demo_map, path):
    response = client.get(f"/api/{path}", {"offset": MAX_OFFSET, "limit": MAX_LIMIT})
    assert response.status_code == 200
    assert response.json()["items"] == [] and response.json()["count"] > 0


@pytest.mark.parametrize("path", [f"/api/{name}" for name in LISTS])
def test_the_spec_documents_the_caps_of_limit_and_offset(client, db, path):
    parameters = client.get("/api/openapi.json").json()["paths"][path]["get"]["parameters"]
    by_name = {p["name"]: p["schema"] for p in parameters}
    assert (by_name["limit"]["minimum"], by_name["limit"]["maximum"]) == (1, MAX_LIMIT)
    assert (by_name["offset"]["minimum"], by_name["offset"]["maximum"]) == (0, MAX_OFFSET)
