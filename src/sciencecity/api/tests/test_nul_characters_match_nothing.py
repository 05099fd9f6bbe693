"""PostgreSQL refuses a NUL character in a query (SQLite does not): the API answers alike on both."""

import pytest


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("facilities", {"field": "robot\x00ics"}),
        ("instruments", {"facility": "fac\x00ssrf"}),
        ("instruments", {"technique": "\x00"}),
        ("organisations", {"region": "Shang\x00hai"}),
        ("achievements", {"field": "\x00"}),
    ],
)
def test_a_filter_holding_a_nul_character_matches_nothing(client, demo_map, path, params):
    response = client.get(f"/api/{path}", params)
    assert response.status_code == 200
    assert response.json() == {"items": [], "count": 0, "next": None}


@pytest.mark.parametrize("path", ["facilities", "instruments", "organisations", "achievements"])
def test_a_slug_holding_a_nul_character_is_a_json_404(client, demo_map, path):
    response = client.get(f"/api/{path}/fac-ssrf%00")
    assert response.status_code == 404
    assert "detail" in response.json()
