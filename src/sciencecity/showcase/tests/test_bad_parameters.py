"""A bad parameter gets a clear message and is never echoed raw: no NUL byte ever reaches the page."""

import pytest


@pytest.mark.parametrize(
    "url",
    [
        "/achievements/?category=%00",
        "/achievements/?year=%00",
        "/achievements/?first_kind=a%00b",
        "/facilities/?status=%00",
        "/organisations/?kind=%00",
    ],
)
def test_a_nul_in_a_filter_is_refused_without_echoing_it(client, demo_map, url):
    response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 400
    assert "\x00" not in html
    assert "Select a valid choice. That choice is not one of the available choices." in html


@pytest.mark.parametrize("url", ["/search/?q=%00", "/search/?q=a%00b", "/facilities/?q=%00%01"])
def test_a_nul_in_a_search_is_never_echoed(client, demo_map, url):
    html = client.get(url).content.decode()
    assert "\x00" not in html and "\x01" not in html


def test_a_rejected_choice_is_named_without_its_value(client, demo_map):
    html = client.get("/facilities/?status=<b>flying</b>").content.decode()
    assert "&lt;b&gt;flying" not in html


def test_a_nul_in_the_address_never_reaches_the_404_page(client, db):
    response = client.get("/facilities/a%00b/")
    assert response.status_code == 404
    assert "\x00" not in response.content.decode()
