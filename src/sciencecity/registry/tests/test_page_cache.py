"""The anonymous registry pages come from the cache until the registry changes; signed-in pages never do."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from sciencecity.registry import bulk, pagecache, services
from sciencecity.registry.models import Facility, Field, Instrument

SOURCE = "https://registry.example/test"


@pytest.fixture
def registry(db):
    services.organisation_upsert(slug="org-a", name_en="Org", kind="university", source=SOURCE)
    services.facility_upsert(
        slug="fac-a", code="A", name_en="Alpha light source", operator="org-a", city="Wuhan", source=SOURCE
    )
    services.instrument_upsert(
        slug="st-a",
        facility="fac-a",
        code="A1",
        name_en="First beamline",
        techniques="XAFS",
        access_mode="booking",
        source=SOURCE,
    )


def _queries(client: Client, path: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(captured), response.content.decode()


@pytest.mark.parametrize(
    "path", ["/", "/facilities/", "/facilities/fac-a/", "/api/instruments", "/search/?q=alpha"]
)
def test_a_second_anonymous_read_is_one_query_and_the_same_page(client, registry, path):
    cold, first = _queries(client, path)
    warm, second = _queries(client, path)
    assert cold > 1 and warm == 1  # the generation, nothing else
    strip = pagecache._CSRF_INPUT.pattern.decode()
    assert re.sub(strip, "", first) == re.sub(strip, "", second)


def test_an_edit_shows_on_the_next_page(client, registry):
    assert "Alpha light source" in client.get("/facilities/").content.decode()
    services.facility_upsert(slug="fac-a", name_en="Alpha renamed")
    page = client.get("/facilities/").content.decode()
    assert "Alpha renamed" in page and "Alpha light source" not in page
    assert "Alpha renamed" in client.get("/facilities/fac-a/").content.decode()


def test_a_save_outside_the_services_and_a_delete_show_at_once(client, registry):
    client.get("/api/instruments")
    Instrument.objects.filter(slug="st-a").get().delete()
    assert client.get("/api/instruments").json()["items"] == []


def test_a_link_change_shows_at_once(client, registry):
    field = Field.objects.create(slug="fld-x", name_en="Optics", source=SOURCE)
    assert client.get("/api/facilities/fac-a").json()["fields"] == []
    Facility.objects.get(slug="fac-a").fields.add(field)
    assert [f["slug"] for f in client.get("/api/facilities/fac-a").json()["fields"]] == ["fld-x"]


def test_an_import_shows_at_once(client, registry):
    assert '<th scope="row">B1</th>' not in client.get("/facilities/fac-a/").content.decode()
    client.get("/api/instruments")
    bulk.import_rows(
        "instruments",
        [
            (
                2,
                {
                    "slug": "st-b",
                    "facility": "fac-a",
                    "code": "B1",
                    "name_en": "Second beamline",
                    "techniques": "XAFS",
                    "source": SOURCE,
                },
            )
        ],
    )
    assert '<th scope="row">B1</th>' in client.get("/facilities/fac-a/").content.decode()
    assert [i["slug"] for i in client.get("/api/instruments").json()["items"]] == ["st-a", "st-b"]


def test_a_signed_in_page_is_never_stored_nor_served_from_the_cache(client, registry, personas):
    client.get("/facilities/")  # an anonymous page in the cache
    signed_in = Client()
    signed_in.force_login(personas["carol"])
    page = signed_in.get("/facilities/").content.decode()
    assert "Log out" in page and str(personas["carol"]) in page  # her own header, not the cached one
    signed_in.get("/facilities/fac-a/")  # rendered for her: must not be kept
    anonymous = Client().get("/facilities/fac-a/").content.decode()
    assert "Log out" not in anonymous and str(personas["carol"]) not in anonymous


def test_each_reader_of_a_cached_page_gets_a_token_of_their_own_that_works(registry):
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first.get("/facilities/")
    _, page = _queries(second, "/facilities/")  # from the cache
    token = re.search(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]+)"', page)
    assert token and "csrftoken" in second.cookies
    answer = second.post(
        "/i18n/setlang/", {"language": "zh-hans", "csrfmiddlewaretoken": token[1], "next": "/"}
    )
    assert answer.status_code == 302


def test_languages_and_fragments_are_cached_apart(client, registry):
    english = client.get("/facilities/").content.decode()
    chinese = client.get("/facilities/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert 'lang="en"' in english and 'lang="zh-hans"' in chinese
    fragment = client.get("/facilities/", HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in fragment and "<html" in client.get("/facilities/").content.decode()


def test_a_refused_or_missing_page_is_not_stored(client, registry, monkeypatch):
    stored: list[str] = []
    monkeypatch.setattr(pagecache.cache, "set", lambda key, *args, **kwargs: stored.append(key))
    assert client.get("/facilities/nope/").status_code == 404
    assert client.get("/api/instruments?limit=-1").status_code == 422
    assert stored == []
    assert client.get("/facilities/").status_code == 200
    assert len(stored) == 1
