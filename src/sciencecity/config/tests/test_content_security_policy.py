"""Every page carries a Content-Security-Policy that allows only this site's own scripts and styles."""

import pytest

from sciencecity.config.env import env_csp


def _policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {d.split()[0]: d.split()[1:] for d in header.split(";") if d.strip()}


@pytest.mark.parametrize("url", ["/", "/facilities/", "/search/?q=ssrf", "/admin/login/", "/api/docs"])
def test_pages_send_a_strict_policy(client, db, url):
    response = client.get(url)
    assert response.status_code == 200
    policy = _policy(response)
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]


def test_the_admin_sends_the_policy_to_staff(client, personas):
    client.force_login(personas["olga"])
    response = client.get("/admin/registry/facility/")
    assert response.status_code == 200
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_the_policy_is_read_from_the_environment(monkeypatch):
    monkeypatch.setenv("CONTENT_SECURITY_POLICY", "default-src 'self'; img-src 'self' https://tiles.example")
    assert env_csp("CONTENT_SECURITY_POLICY", {}) == {
        "default-src": ["'self'"],
        "img-src": ["'self'", "https://tiles.example"],
    }


def test_the_htmx_indicator_style_element_is_turned_off(client, db):
    # htmx would inject a <style> element, which style-src 'self' blocks; its rules live in the stylesheet.
    response = client.get("/")
    assert '<meta name="htmx-config" content=\'{"includeIndicatorStyles":false}\'>' in response.text
