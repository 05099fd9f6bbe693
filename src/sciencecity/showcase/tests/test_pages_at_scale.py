"""Pages that scale: a page costs the same number of queries with 10 or 100 times the data, and shows a
page of rows, not all of them."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sciencecity.registry import bulk, services
from sciencecity.registry.models import Facility

SOURCE = "https://registry.example/test"
PATHS = [
    "/",
    "/facilities/",
    "/facilities/?city=Wuhan&technique=NMR&access_mode=booking",
    "/facilities/fac-big/",
    "/facilities/fac-big/?technique=NMR&page=2",
    "/api/instruments?limit=50&offset=20",
    "/api/instruments?technique=NMR",
    "/api/instruments?name=核磁",
    "/api/instruments?limit=50",
    "/facilities/?technique=NMR",
    "/api/facilities",
    "/search/?q=NMR",
    "/search/?q=核磁",
    "/search/?q=核磁&kind=instruments&page=2",
]


def _registry(facilities: int, per_facility: int) -> None:
    """Facilities with instruments, through the bulk import (as a real registry arrives)."""
    services.organisation_upsert(slug="org-a", name_en="Org", kind="university", source=SOURCE)
    rows = [
        (
            1,
            {
                "slug": "fac-big",
                "code": "BIG",
                "name_en": "Big",
                "kind": "large_facility",
                "operator": "org-a",
                "city": "Wuhan",
                "source": SOURCE,
            },
        )
    ]
    rows += [
        (
            n + 2,
            {
                "slug": f"fac-{n}",
                "code": f"F{n}",
                "name_en": f"Platform {n}",
                "kind": "service_platform",
                "operator": "org-a",
                "city": "Wuhan",
                "source": SOURCE,
            },
        )
        for n in range(facilities)
    ]
    bulk.import_rows("facilities", rows)
    slugs = ["fac-big"] + [f"fac-{n}" for n in range(facilities)]
    instruments = [
        (
            n,
            {
                "slug": f"st-{f}-{i}",
                "facility": f,
                "code": f"C{i}",
                "name_en": "NMR spectrometer",
                "name_zh": "核磁共振波谱仪",
                "techniques": "NMR",
                "access_mode": "booking",
                "source": SOURCE,
                "specs": '{"price_cny": 1000000}',
            },
        )
        for n, (f, i) in enumerate(((f, i) for f in slugs for i in range(per_facility)), start=2)
    ]
    bulk.import_rows("instruments", instruments)


def _queries(client, path: str, *, cached: bool) -> int:
    client.get(path)  # sessions, content types and the like are cached from here on
    if not cached:
        cache.clear()  # the page rendered again, not taken from the registry page cache
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(captured)


@pytest.mark.parametrize("cached", [False, True], ids=["rendered", "cached"])
@pytest.mark.parametrize("path", PATHS)
def test_queries_per_page_do_not_grow_with_the_registry(client, db, path, cached):
    _registry(facilities=6, per_facility=10)
    small = _queries(client, path, cached=cached)
    _registry(facilities=60, per_facility=30)  # ten times the facilities, thirty times the instruments
    assert _queries(client, path, cached=cached) == small
    assert (small == 1) == cached  # from the cache: the registry generation, nothing else


def test_lists_show_a_page_of_rows_and_link_to_the_next(client, db):
    _registry(facilities=70, per_facility=60)
    html = client.get("/facilities/").content.decode()
    assert html.count('<th scope="row">') == 50 and "71 facilities" in html and 'rel="next"' in html
    html = client.get("/facilities/fac-big/").content.decode()
    assert html.count('<th scope="row">') == 50 and "60 stations and instruments" in html
    assert client.get("/facilities/fac-big/?page=2").content.decode().count('<th scope="row">') == 10


def test_the_home_page_shows_counts_and_the_large_facilities_only(client, db):
    _registry(facilities=30, per_facility=2)
    html = client.get("/").content.decode()
    assert "<strong>62</strong>" in html  # instruments, from the stored counts
    assert "/facilities/fac-big/" in html and "/facilities/fac-1/" not in html


def test_facility_filters_keep_what_has_matching_instruments(client, db):
    _registry(facilities=3, per_facility=2)
    services.facility_upsert(
        slug="fac-empty", code="E", name_en="Empty", operator="org-a", city="Hefei", source=SOURCE
    )
    facilities = lambda **q: [f.slug for f in client.get("/facilities/", q).context["page"].object_list]  # noqa: E731
    assert facilities(city="Hefei") == ["fac-empty"]
    assert "fac-empty" not in facilities(technique="NMR") and len(facilities(technique="nmr")) == 4
    assert facilities(access_mode="proposal") == []
    assert client.get("/facilities/", {"access_mode": "sometimes"}).status_code == 400


def test_a_stored_count_follows_every_write(db):
    _registry(facilities=1, per_facility=3)
    services.instrument_upsert(
        slug="st-fac-0-0", facility="fac-big", code="MOVED", name_en="X", techniques="T", source=SOURCE
    )
    counts = dict(Facility.objects.values_list("slug", "instrument_count"))
    assert counts == {"fac-big": 4, "fac-0": 2}
    Facility.objects.get(slug="fac-big").instruments.filter(code="MOVED").delete()
    assert Facility.objects.get(slug="fac-big").instrument_count == 3
