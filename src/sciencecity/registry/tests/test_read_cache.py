"""Signed-in readers get pages rendered afresh, but the registry reads those pages repeat are kept until the
registry changes (registry/readcache.py); a rolled-back write leaves nothing behind."""

import re

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from sciencecity.registry import pagecache, selectors, services
from sciencecity.registry.models import Instrument

SOURCE = "https://registry.example/test"

# Stored values are committed reads: these tests commit, so they run outside the per-test transaction.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def registry():
    services.organisation_upsert(slug="org-a", name_en="Org", kind="university", source=SOURCE)
    services.facility_upsert(
        slug="fac-a",
        code="A",
        name_en="Alpha light source",
        name_zh="阿尔法光源",
        operator="org-a",
        city="Wuhan",
        kind="large_facility",
        source=SOURCE,
    )
    for n in range(3):
        services.instrument_upsert(
            slug=f"st-a{n}",
            facility="fac-a",
            code=f"A{n}",
            name_en=f"Beamline {n}",
            techniques="XAFS",
            access_mode="booking",
            source=SOURCE,
        )


def _signed_in_reader() -> Client:
    """A reader whose requests pass the page cache by (a session cookie), so every page is rendered."""
    client = Client()
    client.cookies["sessionid"] = "a-reader-without-a-session"
    return client


def _stable(page: str) -> str:
    """The page without what differs on every render: CSRF tokens and CSP nonces."""
    page = re.sub(pagecache._CSRF_INPUT.pattern.decode(), "", page)
    return re.sub(r'nonce="[^"]*"', "", page)


def _read(client: Client, path: str) -> tuple[list[str], str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, path
    return [q["sql"] for q in captured.captured_queries], response.content.decode()


@pytest.mark.parametrize(
    "path", ["/", "/facilities/", "/facilities/?city=Wuhan", "/facilities/fac-a/", "/search/?q=alpha"]
)
def test_a_second_render_reads_less_and_shows_the_same(registry, path):
    client = _signed_in_reader()
    cold, first = _read(client, path)
    warm, second = _read(client, path)
    assert len(warm) < len(cold)
    assert _stable(first) == _stable(second)
    assert sum("registry_registrygeneration" in sql for sql in warm) == 1  # read once per request


def test_an_edit_shows_on_the_next_render(registry):
    client = _signed_in_reader()
    for path in ("/", "/facilities/", "/facilities/fac-a/", "/search/?q=alpha"):
        assert "Alpha light source" in client.get(path).content.decode()
    services.facility_upsert(slug="fac-a", name_en="Alpha renamed")
    for path in ("/", "/facilities/", "/facilities/fac-a/", "/search/?q=alpha"):
        page = client.get(path).content.decode()
        assert "Alpha renamed" in page and "Alpha light source" not in page, path


def test_counts_follow_a_delete(registry):
    client = _signed_in_reader()
    assert "3 stations and instruments" in client.get("/facilities/fac-a/").content.decode()
    Instrument.objects.get(slug="st-a2").delete()
    assert "2 stations and instruments" in client.get("/facilities/fac-a/").content.decode()


def test_a_read_inside_a_rolled_back_write_is_not_kept(registry):
    assert selectors.facility_detail("fac-a").name_en == "Alpha light source"

    class Abandon(Exception):
        pass

    with pytest.raises(Abandon), transaction.atomic():
        services.facility_upsert(slug="fac-a", name_en="Never committed")
        assert selectors.facility_detail("fac-a").name_en == "Never committed"
        raise Abandon
    # The generation is what it was before, and nothing read at the abandoned one was stored.
    services.facility_upsert(slug="fac-a", name_en="Committed later")
    assert selectors.facility_detail("fac-a").name_en == "Committed later"


def test_a_write_in_a_request_is_seen_by_the_reads_after_it(registry):
    memo = pagecache._REQUEST_GENERATION.set([])
    try:
        before = pagecache.generation()
        assert selectors.facility_detail("fac-a").name_en == "Alpha light source"
        services.facility_upsert(slug="fac-a", name_en="Renamed mid-request")
        assert pagecache.generation() > before
        assert selectors.facility_detail("fac-a").name_en == "Renamed mid-request"
    finally:
        pagecache._REQUEST_GENERATION.reset(memo)


def test_the_home_figures_are_kept_per_language(registry):
    client = _signed_in_reader()
    english = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    chinese = client.get("/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "<span>university</span> <b>1</b>" in english
    assert "<span>高校</span> <b>1</b>" in chinese and "<span>university</span>" not in chinese
