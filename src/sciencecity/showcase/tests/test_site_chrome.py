"""What every page carries: the favicon, and a language choice that outlives the browser session."""

from pathlib import Path

from django.contrib.staticfiles import finders


def test_every_page_links_the_svg_favicon(client, db):
    html = client.get("/").content.decode()
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in html
    path = finders.find("favicon.svg")
    assert path and "<svg" in Path(str(path)).read_text(encoding="utf-8")


def test_the_language_choice_is_kept_for_a_year(client, db):
    response = client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    cookie = response.cookies["django_language"]
    assert cookie.value == "zh-hans"
    assert int(cookie["max-age"]) == 365 * 24 * 60 * 60
