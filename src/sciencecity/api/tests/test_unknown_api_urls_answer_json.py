import pytest


@pytest.fixture(params=[False, True], ids=["debug off", "debug on"])
def debug(request, settings):
    settings.DEBUG = request.param
    return request.param


@pytest.mark.parametrize(
    "url", ["/api/", "/api/nothing-here", "/api/facilities/fac-ssrf/extra", "/api/v2/x/"]
)
def test_an_unknown_url_under_the_api_is_a_json_404(client, demo_map, debug, url):
    response = client.get(url)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"detail": "Not Found"}


@pytest.mark.parametrize(
    ("url", "location"),
    [
        ("/api/facilities/fac-ssrf/", "/api/facilities/fac-ssrf"),
        ("/api/facilities/", "/api/facilities"),
        ("/api/achievements/?year=2023&limit=2", "/api/achievements?year=2023&limit=2"),
    ],
)
def test_a_known_route_with_a_trailing_slash_is_a_json_redirect_to_it(client, demo_map, debug, url, location):
    response = client.get(url)
    assert response.status_code == 308 and response["Location"] == location
    assert response["Content-Type"].startswith("application/json") and "detail" in response.json()
    assert client.get(url, follow=True).status_code == 200


def test_a_method_a_route_lacks_is_a_json_405_with_the_allowed_ones(client, demo_map):
    response = client.post("/api/facilities/fac-ssrf", {})
    assert response.status_code == 405 and response["Allow"] == "GET"
    assert "detail" in response.json()
