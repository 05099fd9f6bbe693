"""Pages htmx can fetch as a fragment: caches are told, and a history restore gets the whole page."""

import pytest

HTMX = {"HTTP_HX_REQUEST": "true"}
RESTORE = {"HTTP_HX_REQUEST": "true", "HTTP_HX_HISTORY_RESTORE_REQUEST": "true"}


@pytest.mark.parametrize("url", ["/achievements/", "/facilities/", "/organisations/", "/search/?q=ssrf"])
@pytest.mark.parametrize("headers", [{}, HTMX], ids=["page", "fragment"])
def test_pages_with_fragments_vary_on_the_htmx_headers(client, demo_map, url, headers):
    vary = client.get(url, **headers)["Vary"]
    assert "HX-Request" in vary and "HX-History-Restore-Request" in vary


def test_htmx_gets_only_the_results_fragment(client, demo_map):
    html = client.get("/achievements/?category=robotics", **HTMX).content.decode()
    assert html.lstrip().startswith('<div id="results"') and "<html" not in html


@pytest.mark.parametrize("url", ["/achievements/?category=robotics", "/search/?q=ssrf", "/facilities/"])
def test_a_history_restore_gets_the_whole_page(client, demo_map, url):
    html = client.get(url, **RESTORE).content.decode()
    assert "<html" in html and 'class="site-header"' in html and 'id="results"' in html
